import { Command, CommanderError } from 'commander';
import { GLOBAL_OPTIONS } from './cli/options.js';
import { declareDeploy } from './commands/deploy/cli.js';
import { declareInvoke } from './commands/invoke/cli.js';
import { declareStatus } from './commands/status/cli.js';
import { declareTeardown } from './commands/teardown/cli.js';
import { declareTrain, declareTransform, declareTune } from './commands/training/cli.js';
import { declareLogs } from './commands/logs/cli.js';
import { declareWireApi } from './commands/wire-api/cli.js';
import { declareUpdateEndpoint } from './commands/update-endpoint/cli.js';
import { declareApproval, declareRegister, declareVersions } from './commands/versions/cli.js';
import { declareCompletion } from './commands/completion/cli.js';
import { VERSION } from './core/version.js';
import { ExitCode } from './core/errors.js';

/**
 * The command-line shell: the global options and the list of commands, nothing else. Each
 * command is declared beside its workflow, in src/commands/<workflow>/cli.ts, and imports its module only when it runs, so
 * `--help` and `--version` never load the AWS SDK.
 */

/** Builds the program; exported so tests can parse argv without running anything. */
export function buildProgram(): Command {
  const program = new Command('sagectl')
    .description('Deploy SageMaker models to live endpoints, and tear them down again.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const option of GLOBAL_OPTIONS) program.addOption(option);

  // One declaration per command, each beside its workflow in src/commands/<workflow>/cli.ts.
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
  declareCompletion(program);

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
