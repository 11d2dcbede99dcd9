/**
 * Customers: ask to register their devices through the web site or a CSR (S1-01, FR-01), pick a program
 * or none (S1-04, BR-03), connect the device at home (S1-05, FR-07), make later changes (FR-03) and, when a
 * device asks during a response, decide whether overriding it is an opt-out (counted against the program's
 * limit) or a change of settings (S2-05). A customer's intent was drawn with the population: some name the
 * wrong id or type, some own a cloned device whose id is taken.
 */
import type { ActorKind } from '../../sim/actor-kind.ts';
import type { Own } from './actor-context.ts';
import * as B from './bodies.ts';
import { receive } from './back-office.ts';
import { Ev } from './events.ts';
import { CSR, WEB } from './ids.ts';
import { DEVICE_TYPES, deviceTypeName, Intent } from './population.ts';
import { managementBody } from './management.ts';

export function customerKind(w: Own<'customers'>): ActorKind {
  const p = w.p, own = w.customers;
  return {
    name: 'customer',
    event(sim, id, c, type, payload) {
      if (type === Ev.REGISTER) {
        const d = payload;
        w.step('S1-01');
        const intent = p.intent[d];
        const realType = deviceTypeName(p, d);
        const claimedId = intent === Intent.MISMATCH_ID ? p.hardwareId[d] + 0x40000000 : p.hardwareId[d];
        const claimedType = intent === Intent.MISMATCH_TYPE ? otherType(w, realType) : realType;
        const lang = p.languages[p.language[c]];
        w.toCustomer(id, p.viaCsr[d] ? CSR : WEB, 'registrationRequest', B.registrationRequest(c + 1, claimedId, claimedType, p.viaCsr[d] === 1, lang), d);
        return;
      }
      if (type === Ev.CHANGE) {
        const { d, change } = own.changes[payload];
        if (change.kind === 'program') own.program[d] = change.program + 1;
        else if (change.kind === 'delete') own.program[d] = 0;
        w.toCustomer(id, p.viaCsr[d] ? CSR : WEB, 'deviceManagement', managementBody(w, d, change), d);
        return;
      }
      if (type === Ev.OVERRIDE_ASK) {
        // Past the season's opt-out limit a customer can still change settings, to the same effect (S2-05 note).
        const d = payload;
        const limit = w.s.programs[own.program[d] - 1]?.opt_out_limit ?? Infinity;
        const settings = w.uniform(id) < w.s.behaviour.settings_change_share || own.optOuts[c] >= limit;
        if (!settings) own.optOuts[c]++;
        sim.send(w.deviceActor(d), 0, Ev.OVERRIDE_KIND, settings ? 1 : 0);
        return;
      }
      if (type !== Ev.ARRIVE) return;
      const m = payload;
      const d = w.msgs.device[m];
      const env = receive(w, m);
      if (!env?.programOffer) return;
      // S1-04: the program drawn for this device if it is on offer, else registration only (BR-03).
      const offered = new Set((env.programOffer.programs ?? []).map((x) => (x.programId ?? 0) - 1));
      const program = offered.has(p.program[d]) ? p.program[d] : -1;
      own.program[d] = program + 1;
      const lang = p.languages[p.language[c]];
      w.toCustomer(id, p.viaCsr[d] ? CSR : WEB, 'programSelection', B.programSelection(d + 1, program, w.s.programs[program]?.kind, lang), d);
      // S1-05: the customer connects the appliance a little later.
      sim.send(w.deviceActor(d), 5_000 + Math.floor(w.uniform(id) * 55_000), Ev.CONNECT, d);
    },
  };
}

/** Another approved appliance type than the real one (a customer's typing mistake). */
function otherType(w: Own<'customers'>, real: string): (typeof DEVICE_TYPES)[number] {
  const approved = w.s.population.approved_types.filter((t) => t !== real);
  return (approved[0] ?? (real === 'thermostat' ? 'water_heater' : 'thermostat')) as (typeof DEVICE_TYPES)[number];
}
