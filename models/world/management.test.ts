import { describe, expect, it } from 'vitest';
import { chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { Css } from './back-office-state.ts';
import { buildWorld } from './run-scenario.ts';
import { MessageLog } from '../../conformance/message-log.ts';

/** FR-03: CSS adds, changes and deletes devices in programs and changes preferences; CDCS follows. */
describe('device management (FR-03)', () => {
  const s = makeScenario({ ...chainStudy(120), timeline: [{ at: '3h', action: 'text_message', text: { en: 'a', es: 'b', zh: 'c' } }], behaviour: { change_share: 0 } });

  it('changes program, language and alert limit, and stops addressing a deleted device', () => {
    const { sim, world: w } = buildWorld(s);
    const log = new MessageLog(w);
    sim.run({ until: 2 * 3600_000 });
    const registered = [...Array(w.p.devices).keys()].filter((d) => w.css.status[d] === Css.REGISTERED && w.p.type[d] < 9);
    expect(registered.length).toBeGreaterThan(20);
    const [a, b, c, e] = registered;
    const cpp = s.programs.findIndex((x) => x.id === 'cpp');
    w.customerChange(a, { kind: 'program', program: cpp });
    w.customerChange(b, { kind: 'language', language: 'zh' });
    w.customerChange(c, { kind: 'alert_limit', price: 0.33 });
    w.customerChange(e, { kind: 'delete' });
    sim.run({ until: s.duration });
    expect(w.css.program[a]).toBe(cpp);
    expect(w.cdcs.program[a]).toBe(cpp);
    expect(w.dev.program[a]).toBe(cpp); // reconfigured (S1-15 message again)
    expect(w.cdcs.language[b]).toBe(w.p.languages.indexOf('zh'));
    expect(w.dev.language[b]).toBe(w.p.languages.indexOf('zh'));
    expect(w.dev.alertLimit[c]).toBeCloseTo(0.33, 10);
    expect(w.css.status[e]).toBe(Css.DELETED);
    expect(w.cdcs.configured[e]).toBe(0);
    const textAt = 3 * 3600_000;
    const texts = log.accepted.filter(({ m }) => log.kindName(m) === 'textMessage' && log.created[m] === textAt);
    expect(texts.some(({ d }) => d === e)).toBe(false);
    expect(texts.some(({ d }) => d === a)).toBe(true);
    const toB = texts.find(({ d }) => d === b)!;
    expect(log.lang[toB.m]).toBe(w.p.languages.indexOf('zh'));
  });

  it('happens on its own in studies with a change share, and is deterministic', () => {
    const withChanges = makeScenario({ ...chainStudy(200), behaviour: { change_share: 0.5 } });
    const run = () => {
      const { sim, world } = buildWorld(withChanges);
      sim.run({ until: withChanges.duration });
      return world;
    };
    const w1 = run(), w2 = run();
    expect(w1.customers.changes.length).toBeGreaterThan(20);
    let deleted = 0;
    for (let d = 0; d < w1.p.devices; d++) if (w1.css.status[d] === Css.DELETED) deleted++;
    expect(deleted).toBeGreaterThan(0);
    expect(Array.from(w2.cdcs.program)).toEqual(Array.from(w1.cdcs.program));
  });
});
