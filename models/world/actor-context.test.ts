/**
 * ROSS's rule for the C5 actors, checked by the compiler (`npm run typecheck` fails when a kind's handlers are
 * given another kind's state): a factory's parameter type has its own kind's state and no other's.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { cdcsKind, cssKind, mdmsKind, nmsKind, webKind } from './back-office.ts';
import { customerKind } from './customer.ts';
import { deviceKind } from './device.ts';
import { broadcastKind, collectorKind, meterKind } from './network-kinds.ts';

describe('each actor kind gets only its own state', () => {
  it('CSS, NMS and CDCS see their own records and no other system’s', () => {
    expectTypeOf(cssKind).parameter(0).toHaveProperty('css');
    expectTypeOf(cssKind).parameter(0).not.toHaveProperty('nms');
    expectTypeOf(cssKind).parameter(0).not.toHaveProperty('cdcs');
    expectTypeOf(cssKind).parameter(0).not.toHaveProperty('dev');
    expectTypeOf(nmsKind).parameter(0).toHaveProperty('nms');
    expectTypeOf(nmsKind).parameter(0).not.toHaveProperty('css');
    expectTypeOf(nmsKind).parameter(0).not.toHaveProperty('cdcs');
    expectTypeOf(cdcsKind).parameter(0).toHaveProperty('cdcs');
    expectTypeOf(cdcsKind).parameter(0).not.toHaveProperty('css');
    expectTypeOf(cdcsKind).parameter(0).not.toHaveProperty('nms');
    // The rate advisor (OI-5) is CDCS's.
    expectTypeOf(cdcsKind).parameter(0).toHaveProperty('advisor');
    expectTypeOf(cssKind).parameter(0).not.toHaveProperty('advisor');
  });

  it('customers and devices see their own state, not each other’s nor the back office’s', () => {
    expectTypeOf(customerKind).parameter(0).toHaveProperty('customers');
    expectTypeOf(customerKind).parameter(0).not.toHaveProperty('dev');
    expectTypeOf(customerKind).parameter(0).not.toHaveProperty('css');
    expectTypeOf(deviceKind).parameter(0).toHaveProperty('dev');
    expectTypeOf(deviceKind).parameter(0).toHaveProperty('load');
    expectTypeOf(deviceKind).parameter(0).not.toHaveProperty('customers');
    expectTypeOf(deviceKind).parameter(0).not.toHaveProperty('cdcs');
  });

  it('kinds without state of their own (web site, CSR, MDMS, collectors, meters, broadcast channels) see none', () => {
    for (const kind of [webKind, mdmsKind, collectorKind, meterKind, broadcastKind]) expectTypeOf(kind).parameter(0).not.toHaveProperty('css');
    expectTypeOf(webKind).parameter(0).not.toHaveProperty('customers');
    expectTypeOf(meterKind).parameter(0).not.toHaveProperty('dev');
    expectTypeOf(collectorKind).parameter(0).not.toHaveProperty('nms');
  });
});
