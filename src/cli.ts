import { Command, CommanderError, Option } from 'commander';
import { declareDeploy } from './commands/deploy/cli.js';
import { declareInvoke } from './commands/invoke/cli.js';
import { declareStatus } from './commands/status/cli.js';
import { declareTeardown } from './commands/teardown/cli.js';
import { declareTrain } from './commands/training/cli.js';
import { declareTune } from './commands/training/tune-cli.js';
import { declareTransform } from './commands/training/transform-cli.js';
import { declareLogs } from './commands/logs/cli.js';
import { declareWireApi } from './commands/wire-api/cli.js';
import { declareUpdateEndpoint } from './commands/update-endpoint/cli.js';
import { declareRegister } from './commands/versions/register-cli.js';
import { declareApproval, declareVersions } from './commands/versions/cli.js';
import { VERSION } from './core/version.js';
import { ExitCode } from './core/errors.js';

/**
 * The command-line shell: the global options and the list of commands, nothing else. Each
 * command is declared in src/cli/<command>.ts and imports its module only when it runs, so
 * `--help` and `--version` never load the AWS SDK.
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

/** Builds the program; exported so tests can parse argv without running anything. */
export function buildProgram(): Command {
  const program = new Command('sagectl')
    .description('Deploy SageMaker models to live endpoints, and tear them down again.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const option of GLOBAL_OPTIONS) program.addOption(option);

  // One declaration per command, each in src/cli/<command>.ts.
  declareDeploy(program);
  declareInvoke(program);
  declareStatus(program);
  declareTeardown(program);
  declareTrain(program);
  declareTune(program);
  declareTransform(program);
  declareLogs(program);
  declareWireApi(program);
  declareUpdateEndpoint(program);
  declareRegister(program);
  declareVersions(program);
  declareApproval(program);

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
