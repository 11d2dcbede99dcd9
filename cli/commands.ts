import { dashboardsCommand } from '../dashboards/generate.ts';
import { UsageError } from './errors.ts';
import { runCommand } from './run.ts';
import { validateCommand } from './validate.ts';
import { influxReplayCommand } from './influx-replay.ts';
import { conformanceCommand } from './conformance.ts';
import { sweepCommand } from './sweep.ts';
import { compareCommand } from './compare.ts';
import { capacityCommand } from './capacity.ts';
import { workerCommand } from './worker.ts';

export { UsageError };

const USAGE = `usage: scsim <command> [options]

commands:
  run <scenario.yaml> [--out DIR] [--seed N] [--influx URL] [--set path=value]... [--quiet]
                        run a study: summary.json, report.html, metrics.lp (exit 3 if a threshold fails)
  sweep <study.yaml> [--vary path=v1,v2,…]… [--vary path=lo..hi:steps]… [--points FILE] [--reps N]
        [--parallel N] [--workers N] [--out DIR] [--set path=value]… [--metric PATH]… [--redis URL]
                        a campaign: every point × N replications (common seeds), resumable, with intervals;
                        --redis: its runs go to scsim workers through Redis instead of the local pool
  worker --redis URL [--concurrency N] [--queue NAME]
                        take campaign runs from Redis and run them, until SIGTERM
  compare <run or campaign folder>… [--out FILE] [--all] [--confidence C]
                        every summary.json field side by side with deltas (intervals with replications),
                        overlaid load and latency curves: a table here and one HTML page
  capacity <study.yaml> --vary path=lo..hi --metric PATH --limit VALUE [--reps N] [--confidence C]
        [--direction max|min] [--parallel N] [--out DIR]
                        the largest value of a field at which a metric's mean stays ≤ the limit with that
                        confidence: adaptive search with replications, resumable (exit 3 if even lo fails)
  validate <scenario.yaml> [--set path=value]...
                        check a study, listing every mistake (exit 2 if any)
  conformance [--json] [--seed N] [--runs N] [--only ID…] [--path P] [--junit FILE]
                        every C5 requirement as properties: PASS / FAIL / N/A per ID (exit 3 if any fails)
  dashboards [--out DIR]
                        write the Grafana dashboards and provisioning files
  influx-replay <spool dir> <url>
                        send metric points spooled during an InfluxDB outage
  help                  this text

exit codes: 0 ok, 1 internal failure, 2 invalid input, 3 a threshold breached`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return 0;
    case 'run':
      return runCommand(rest);
    case 'validate':
      return validateCommand(rest);
    case 'sweep':
      return sweepCommand(rest);
    case 'compare':
      return compareCommand(rest);
    case 'capacity':
      return capacityCommand(rest);
    case 'worker':
      return workerCommand(rest);
    case 'dashboards':
      return dashboardsCommand(rest);
    case 'conformance':
      return conformanceCommand(rest);
    case 'influx-replay':
      return influxReplayCommand(rest);
    default:
      throw new UsageError(`unknown command '${command}'\n${USAGE}`);
  }
}
