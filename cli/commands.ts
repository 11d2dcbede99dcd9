/** Bad usage or bad input: reported as one clear message and exit code 2, never a stack trace. */
export class UsageError extends Error {}

const USAGE = `usage: scsim <command> [options]

commands:
  run <scenario.yaml>   run a study (not yet: the C5 world is being built)
  help                  this text`;

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
      process.stdout.write(
        `scsim run ${rest.join(' ')}\n` +
          'The kernel (sim/) is in place; the C5 world (models/) is not yet. When it is, this command will\n' +
          'register and commission the scenario\'s appliances, deliver prices, DR events and alerts over the\n' +
          'modelled AMI network, and write summary.json, report.html and metrics.lp to the run folder.\n',
      );
      return 0;
    default:
      throw new UsageError(`unknown command '${command}'\n${USAGE}`);
  }
}
