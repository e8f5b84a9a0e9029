import { Command, CommanderError, Option } from 'commander';
import { VERSION } from './core/version.js';
import { ExitCode } from './core/errors.js';
import type { GlobalOptions } from './core/runner.js';

/**
 * The command-line shell: declares every command and option and nothing else. Each action
 * imports its command module on demand, so `--help` and `--version` never load the AWS SDK.
 */

/** Global options as data (DESIGN.md "Global options"). */
const GLOBAL_OPTIONS: Option[] = [
  new Option('-c, --config <path>', 'config file (default: sagectl.yaml, .yml or .json in the working directory)'),
  new Option('-s, --stack <name>', "stack name; overrides the config's `name`"),
  new Option('--region <region>', 'AWS region (default: config, then AWS_REGION / profile)'),
  new Option('--profile <name>', 'AWS profile from ~/.aws/config'),
  new Option('--endpoint-url <url>', 'send every AWS request here (e.g. a local emulator); AWS_ENDPOINT_URL works too'),
  new Option('-o, --output <format>', 'result format on stdout').choices(['text', 'json']).default('text'),
  new Option('--log-level <level>', 'log level on stderr').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  new Option('--log-format <format>', 'log format on stderr (default: pretty on a terminal, json otherwise)').choices(['pretty', 'json']),
  new Option('-y, --yes', 'do not ask for confirmation (for CI and cron)'),
];

const waitOptions = (defaultTimeout: string): Option[] => [
  new Option('--no-wait', 'return once AWS accepted the request, without waiting'),
  new Option('--timeout <duration>', 'give up waiting after this long (e.g. 90s, 30m, 1h)').default(defaultTimeout),
];
const dryRunOption = (): Option => new Option('--dry-run', 'print the plan and change nothing');

/** The program-level options, wherever they stood on the command line. */
function globalsOf(command: Command): GlobalOptions {
  return (command.parent ?? command).opts<GlobalOptions>();
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Builds the program; exported so tests can parse argv without running anything. */
export function buildProgram(): Command {
  const program = new Command('sagectl')
    .description('Deploy SageMaker models to live endpoints, and tear them down again.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const option of GLOBAL_OPTIONS) program.addOption(option);

  const deploy = program
    .command('deploy')
    .description('create or converge model + endpoint config + endpoint from the config, and wait until InService')
    .addHelpText('after', examples('sagectl deploy', 'sagectl deploy --stack exp-$BUILD_ID --yes --output json', 'sagectl deploy --dry-run'))
    .action(async (_opts: unknown, command: Command) => {
      const { main } = await import('./commands/deploy.js');
      await main(globalsOf(command), command.opts());
    });
  for (const option of [...waitOptions('60m'), dryRunOption()]) deploy.addOption(option);

  program
    .command('status [stack]')
    .description('show managed stacks: endpoint status, variants, instances, creation and update times')
    .addHelpText('after', examples('sagectl status', 'sagectl status churn-xgb --output json'))
    .action(async (stack: string | undefined, _opts: unknown, command: Command) => {
      const { main } = await import('./commands/status.js');
      await main(globalsOf(command), stack);
    });

  const teardown = program
    .command('teardown [stacks...]')
    .description("delete stacks: endpoint, endpoint configs and models tagged with the stack's name")
    .addHelpText(
      'after',
      examples('sagectl teardown churn-xgb', 'sagectl teardown exp-$BUILD_ID --yes --output json', 'sagectl teardown churn-xgb --dry-run'),
    )
    .action(async (stacks: string[], _opts: unknown, command: Command) => {
      const { main } = await import('./commands/teardown.js');
      await main(globalsOf(command), stacks, command.opts());
    });
  teardown.addOption(dryRunOption());
  teardown.addOption(new Option('--force', 'also delete resources that carry the stack name but not the sagectl:managed-by tag'));
  teardown.addOption(new Option('--concurrency <n>', 'stacks deleted at once').default('4'));

  return program;
}

/** Parses argv and runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage error.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
}
