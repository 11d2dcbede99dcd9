/**
 * FR-03: after registration, customers change their device's program, their language or alert limits,
 * or delete the device — through the web site or a CSR to CSS, which updates its records and CDCS's;
 * CDCS then reconfigures the device (or stops addressing it, when deleted).
 */
import { AlertParameter, DeviceAction } from '../wire/codec.ts';
import { EXAMPLES } from '../wire/examples.ts';
import * as B from './bodies.ts';
import type { Shared } from './actor-context.ts';
import { Css, type CdcsRecords, type CssRecords } from './back-office-state.ts';

export type CustomerChange =
  | { kind: 'program'; program: number } // -1 = leave every program (stay registered, BR-03)
  | { kind: 'language'; language: string }
  | { kind: 'alert_limit'; price: number }
  | { kind: 'delete' };

/** Prices in alert limits travel like prices: integers with 5 trailing digits. */
const wire = (x: number) => Math.round(x * 1e5);

/** The DeviceManagement body a customer's change becomes. */
export function managementBody(w: Shared, d: number, change: CustomerChange) {
  const base = { accountNumber: `${w.p.owner[d] + 1}`, registrationId: d + 1, eui64: B.eui64(w.p.hardwareId[d]) };
  switch (change.kind) {
    case 'program':
      return change.program < 0
        ? { ...base, action: DeviceAction.DEVICE_ACTION_DELETE_FROM_PROGRAM }
        : { ...base, action: DeviceAction.DEVICE_ACTION_CHANGE_PROGRAM, choice: { ...EXAMPLES.programSelection.programSelection.choice, programId: change.program + 1, kind: B.WIRE_PROGRAM[w.s.programs[change.program].kind] } };
    case 'language':
      return { ...base, action: DeviceAction.DEVICE_ACTION_CHANGE_PREFERENCES, preferences: { language: change.language } };
    case 'alert_limit':
      return { ...base, action: DeviceAction.DEVICE_ACTION_CHANGE_PREFERENCES, preferences: { alertLimits: [{ parameter: AlertParameter.ALERT_PARAMETER_PRICE, threshold: wire(change.price), enabled: true }] } };
    case 'delete':
      return { ...base, action: DeviceAction.DEVICE_ACTION_UNREGISTER };
  }
}

type Body = ReturnType<typeof managementBody>;

/** CSS applies a change to its records (FR-03); returns false when the device is not registered. */
export function applyAtCss(css: CssRecords, languages: readonly string[], d: number, body: Body): boolean {
  if (css.status[d] !== Css.REGISTERED) return false;
  switch (body.action) {
    case DeviceAction.DEVICE_ACTION_UNREGISTER:
      css.status[d] = Css.DELETED;
      css.configured[d] = 0;
      break;
    case DeviceAction.DEVICE_ACTION_DELETE_FROM_PROGRAM:
      css.program[d] = -1;
      break;
    case DeviceAction.DEVICE_ACTION_CHANGE_PROGRAM:
      if ('choice' in body) css.program[d] = (body.choice.programId ?? 0) - 1;
      break;
    case DeviceAction.DEVICE_ACTION_CHANGE_PREFERENCES: {
      const prefs = 'preferences' in body ? body.preferences : undefined;
      if (prefs && 'language' in prefs && prefs.language) css.language[d] = Math.max(0, languages.indexOf(prefs.language));
      break;
    }
  }
  return true;
}

/** CDCS applies a change; returns whether the device needs a new configuration message. */
export function applyAtCdcs(cdcs: CdcsRecords, languages: readonly string[], d: number, body: Body): boolean {
  switch (body.action) {
    case DeviceAction.DEVICE_ACTION_UNREGISTER:
      cdcs.configured[d] = 0;
      cdcs.program[d] = -1;
      return false;
    case DeviceAction.DEVICE_ACTION_DELETE_FROM_PROGRAM:
      cdcs.program[d] = -1;
      return true;
    case DeviceAction.DEVICE_ACTION_CHANGE_PROGRAM:
      cdcs.program[d] = 'choice' in body ? (body.choice.programId ?? 0) - 1 : -1;
      return true;
    case DeviceAction.DEVICE_ACTION_CHANGE_PREFERENCES: {
      const prefs = 'preferences' in body ? body.preferences : undefined;
      if (prefs && 'language' in prefs && prefs.language) cdcs.language[d] = Math.max(0, languages.indexOf(prefs.language));
      if (prefs && 'alertLimits' in prefs && prefs.alertLimits) cdcs.alertLimit[d] = (prefs.alertLimits[0]?.threshold ?? 0) / 1e5;
      return true;
    }
  }
  return false;
}
