/**
 * A study's CAP feeds (`public_alerts.cap`) as public messages: parsed, mapped, and appended to the timeline
 * CDCS runs (after the study's own actions, in order of sending). The loader uses `mapFeeds` to report a bad
 * feed before a run; the world uses `withPublicAlertFeeds` to send them.
 */
import type { CapFeed, Scenario } from '../../scenarios/types.ts';
import { DEFAULT_ACTION_FIELDS } from '../../scenarios/defaults.ts';
import { durationLimit } from '../../scenarios/limits.ts';
import { zonedEpochMs } from '../world/clock.ts';
import { parseCap, type CapAlert, type CapProblem } from './cap-parse.ts';
import { mapCapAlert, type FeedContext, type PublicAlertAction } from './cap-map.ts';

export interface MappedFeeds {
  /** In order of sending (then feed order, then region). */
  actions: (PublicAlertAction & { feed: number })[];
  problems: { feed: number; problem: CapProblem }[];
  /** Feeds that are valid CAP but no public message (a test, an exercise, a restricted alert...), with why. */
  skipped: { feed: number; reason: string }[];
}

export function feedContext(s: Pick<Scenario, 'start' | 'time_zone' | 'duration' | 'population' | 'public_alerts'>): FeedContext {
  return {
    startMs: zonedEpochMs(s.start, s.time_zone),
    duration: s.duration,
    regions: s.population.regions.map((r) => r.name),
    languages: Object.keys(s.population.languages),
    areas: s.public_alerts.areas,
    defaultDuration: DEFAULT_ACTION_FIELDS.alert_duration,
    maxDuration: durationLimit('timeline[public_alert].duration').max,
  };
}

export function mapFeeds(feeds: readonly CapFeed[], ctx: FeedContext): MappedFeeds {
  const out: MappedFeeds = { actions: [], problems: [], skipped: [] };
  const parsed: (CapAlert | undefined)[] = feeds.map((f, feed) => {
    const r = parseCap(f.xml);
    if (r.ok) return r.alert;
    out.problems.push({ feed, problem: r.problem });
    return undefined;
  });
  const alerts = parsed.filter((a): a is CapAlert => a !== undefined);
  parsed.forEach((a, feed) => {
    if (!a) return;
    const m = mapCapAlert(a, alerts, ctx);
    if (!m.ok) out.problems.push({ feed, problem: m.problem });
    else {
      if (m.skipped) out.skipped.push({ feed, reason: m.skipped });
      for (const x of m.actions) out.actions.push({ ...x, feed });
    }
  });
  // A stable sort keeps feed and region order among alerts sent at the same instant.
  out.actions.sort((x, y) => x.at - y.at);
  return out;
}

/** The study with its CAP alerts appended to the timeline (the study itself when it has none). */
export function withPublicAlertFeeds(s: Scenario, alertRegions?: FeedContext['alertRegions']): Scenario {
  if (s.public_alerts.cap.length === 0) return s;
  const m = mapFeeds(s.public_alerts.cap, { ...feedContext(s), alertRegions });
  if (m.problems.length > 0) throw new Error(`public_alerts.cap[${m.problems[0].feed}]: ${m.problems[0].problem.element}: ${m.problems[0].problem.expected} (the loader should have refused it)`);
  return { ...s, timeline: [...s.timeline, ...m.actions.map(({ feed: _f, ...a }) => a)] };
}
