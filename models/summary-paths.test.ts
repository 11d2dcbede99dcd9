import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../scenarios/errors.ts';
import { checkNumberPath, numberPaths, specAt } from './summary-paths.ts';

/** Threshold paths are checked against the summary.json contract, with a did-you-mean (oracle: summary.json's documented paths). */
describe('summary.json paths', () => {
  it.each([
    'delivery.by_priority.high.p99_s',
    'delivery.by_priority.low.within_sla',
    'delivery.by_kind.loadControlEvent.p99_s',
    'delivery.dropped.textMessage',
    'population.rejected_by_reason.unapproved_type',
    'steps.S2-04',
    'network.queue_depth_max.rf',
    'network.hop_latency.broadcast.max_s',
    'load.shed_kw_per_household',
    'overrides.rate',
    'sim.events',
  ])('%s names a number', (path) => {
    expect(checkNumberPath(path)).toEqual({ ok: true });
  });

  it.each([
    ['delivery.by_priority.hihg.p99_s', 'delivery.by_priority.high.p99_s', 'delivery.by_priority has no "hihg" (it has high, medium, low)'],
    ['delivery.by_priorty.high.p99_s', 'delivery.by_priority.high.p99_s', 'delivery has no "by_priorty"'],
    ['delivery.high.p99_s', 'delivery.by_priority.high.p99_s', 'delivery has no "high"'],
    ['delivery.by_kind.loadControlEvnt.p99_s', 'delivery.by_kind.loadControlEvent.p99_s', 'delivery.by_kind has no "loadControlEvnt"'],
    ['steps.S1-1', 'steps.S1-01', 'steps has no "S1-1"'],
    ['load.rebound_peak_kw.x', 'load.rebound_peak_kw', 'load.rebound_peak_kw is a number with nothing below it'],
    ['overrides', undefined, 'overrides is not a number but holds overrides.count'],
    ['scenario', undefined, 'scenario is text, not a number'],
    ['network.priority_queuing', undefined, 'network.priority_queuing is a true/false value, not a number'],
    ['p99', undefined, 'summary.json has no "p99"'],
  ])('%s is refused, suggesting %s', (path, suggestion, problem) => {
    const r = checkNumberPath(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.suggestion).toBe(suggestion);
    expect(r.problem).toContain(problem);
  });

  it('a path with one mistyped letter is refused with a suggestion that is a number path one letter away per segment (property)', () => {
    const paths = numberPaths().filter((p) => !p.startsWith('thresholds.'));
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.nat(), fc.nat(), fc.constantFrom('drop', 'swap', 'double'), (path, si, ci, how) => {
        const segs = path.split('.');
        const i = si % segs.length;
        const s = segs[i];
        if (s.length < 4) return; // too short to tell a typo from another name
        const c = 1 + (ci % (s.length - 2));
        const typo = how === 'drop' ? s.slice(0, c) + s.slice(c + 1) : how === 'double' ? s.slice(0, c) + s[c] + s.slice(c) : s.slice(0, c) + s[c + 1] + s[c] + s.slice(c + 2);
        if (typo === s) return;
        const typed = [...segs.slice(0, i), typo, ...segs.slice(i + 1)];
        const r = checkNumberPath(typed.join('.'));
        if (r.ok) return; // the typo is another real name
        expect(r.suggestion, typed.join('.')).toBeDefined();
        expect(specAt(r.suggestion!)?.type).toBe('number');
        const sug = r.suggestion!.split('.');
        expect(sug).toHaveLength(segs.length);
        sug.forEach((x, k) => expect(editDistance(x, typed[k])).toBeLessThanOrEqual(1));
      }),
      { numRuns: 500 },
    );
  });
});
