import { Command, CommanderError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { GLOBAL_OPTIONS, globalsOf } from './cli/options.js';
import { deployCommand } from './commands/deploy/cli.js';
import { invokeCommand } from './commands/invoke/cli.js';
import { statusCommand } from './commands/status/cli.js';
import { teardownCommand } from './commands/teardown/cli.js';
import { trainCommand, transformCommand, tuneCommand } from './commands/training/cli.js';
import { logsCommand } from './commands/logs/cli.js';
import { wireApiCommand } from './commands/wire-api/cli.js';
import { updateEndpointCommand } from './commands/update-endpoint/cli.js';
import { approveCommand, registerCommand, rejectCommand, versionsCommand } from './commands/versions/cli.js';
import { completionCommand } from './commands/completion/cli.js';
import { initCommand } from './commands/init/cli.js';
import { pauseCommand, resumeCommand } from './commands/pause/cli.js';
import { asksForTargets } from './cli/target-options.js';
import { janitorCommands } from './commands/janitor/cli.js';
import { baselineCommand, driftCommand } from './commands/drift/cli.js';
import { monitorCommand } from './commands/monitor/cli.js';
import { notebookCommand } from './commands/notebook/cli.js';
import { VERSION } from './core/version.js';
import { ExitCode } from './core/errors.js';
import { asksForJson, renderErrorDocument, usageErrorDocument } from './cli/error-document.js';
import { endQuietlyOnClosedPipe } from './cli/closed-stdout.js';
import { limitYoungGeneration } from './core/young-generation.js';

/**
 * The command-line shell: the global options and the list of commands, nothing else. Each
 * command is declared beside its workflow, in src/commands/<workflow>/cli.ts, with its flags typed
 * from that declaration; the action here imports the workflow's module only when the command runs,
 * so `--help` and `--version` load neither the AWS SDK nor zod. (The actions live here rather than
 * in the declarations so a workflow can import its declaration's flag type without an import cycle.)
 */

/** Builds the program; exported so tests can parse argv without running anything. */
export function buildProgram(): Command {
  const program = new Command('sagectl')
    .description('Deploy SageMaker models to live endpoints, and tear them down again.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Every command's --help lists --config, --stack, --region and the rest under "Global Options".
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    // Before the command's modules and SDK clients load: see limitYoungGeneration (peak RSS).
    .hook('preAction', limitYoungGeneration)
    .hook('preAction', checkConfigBeforeLoading);
  for (const option of GLOBAL_OPTIONS) program.addOption(option);
  // `.command()` would copy these settings; `addCommand` takes a built command, so copy them here.
  const add = (command: CommandUnknownOpts): void => void program.addCommand(command.copyInheritedSettings(program));

  add(
    initCommand().action(async (flags, cmd) => {
      const { main } = await import('./commands/init/index.js');
      await main(globalsOf(cmd), flags);
    }),
  );
  add(
    deployCommand().action(async (flags, cmd) => {
      const { main } = await import('./commands/deploy/index.js');
      await main(globalsOf(cmd), flags);
    }),
  );
  add(
    invokeCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/invoke/index.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    statusCommand().action(async (stack, flags, cmd) => {
      // Over regions or accounts, the fleet's status runs the single-region one in each.
      const { main } = asksForTargets(flags) ? await import('./commands/fleet/status.js') : await import('./commands/status/index.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    teardownCommand().action(async (stacks, flags, cmd) => {
      const { main } = asksForTargets(flags) ? await import('./commands/fleet/teardown.js') : await import('./commands/teardown/index.js');
      await main(globalsOf(cmd), stacks, flags);
    }),
  );
  add(
    pauseCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/pause/index.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    resumeCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/pause/resume.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    trainCommand().action(async (flags, cmd) => {
      const { main } = await import('./commands/training/train.js');
      await main(globalsOf(cmd), flags);
    }),
  );
  add(
    tuneCommand().action(async (flags, cmd) => {
      const { main } = await import('./commands/training/tune.js');
      await main(globalsOf(cmd), flags);
    }),
  );
  add(
    transformCommand().action(async (flags, cmd) => {
      const { main } = await import('./commands/training/transform.js');
      await main(globalsOf(cmd), flags);
    }),
  );
  add(
    logsCommand().action(async (name, flags, cmd) => {
      const { main } = await import('./commands/logs/index.js');
      await main(globalsOf(cmd), name, flags);
    }),
  );
  add(
    wireApiCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/wire-api/index.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    updateEndpointCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/update-endpoint/index.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    registerCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/versions/register.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    versionsCommand().action(async (stack, _flags, cmd) => {
      const { main } = await import('./commands/versions/index.js');
      await main(globalsOf(cmd), stack);
    }),
  );
  add(
    approveCommand().action(async (stack, version, flags, cmd) => {
      const { main } = await import('./commands/versions/approval.js');
      await main(globalsOf(cmd), stack, version, 'Approved', flags);
    }),
  );
  add(
    rejectCommand().action(async (stack, version, flags, cmd) => {
      const { main } = await import('./commands/versions/approval.js');
      await main(globalsOf(cmd), stack, version, 'Rejected', flags);
    }),
  );
  const janitor = janitorCommands();
  janitor.install.action(async (flags, cmd) => {
    const { install } = await import('./commands/janitor/index.js');
    await install(globalsOf(cmd), flags);
  });
  janitor.status.action(async (flags, cmd) => {
    const { status } = await import('./commands/janitor/index.js');
    await status(globalsOf(cmd), flags);
  });
  janitor.remove.action(async (_flags, cmd) => {
    const { remove } = await import('./commands/janitor/index.js');
    await remove(globalsOf(cmd));
  });
  janitor.template.action(async (flags, cmd) => {
    const { template } = await import('./commands/janitor/index.js');
    await template(globalsOf(cmd), flags);
  });
  add(janitor.janitor);
  for (const sub of [janitor.install, janitor.status, janitor.remove, janitor.template]) janitor.janitor.addCommand(sub.copyInheritedSettings(program));
  add(
    baselineCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/drift/baseline.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    driftCommand().action(async (stack, flags, cmd) => {
      const { main } = await import('./commands/drift/index.js');
      await main(globalsOf(cmd), stack, flags);
    }),
  );
  add(
    monitorCommand().action(async (action, stack, _flags, cmd) => {
      const { main } = await import('./commands/monitor/index.js');
      await main(globalsOf(cmd), action, stack);
    }),
  );
  add(
    notebookCommand().action(async (action, stack, _flags, cmd) => {
      const { main } = await import('./commands/notebook/index.js');
      await main(globalsOf(cmd), action, stack);
    }),
  );
  add(
    completionCommand().action(async (shell, _flags, cmd) => {
      const { main } = await import('./commands/completion/index.js');
      main(shell, cmd.parent ?? cmd);
    }),
  );

  return program;
}

/** Commands that never read the config (init writes it): a broken sagectl.yaml must not stop them. */
const READS_NO_CONFIG = new Set(['init', 'completion']);

/** A failure already reported, with its exit code in process.exitCode (checkConfigBeforeLoading). */
class AlreadyReported extends Error {}

/**
 * Checks the config before the command's workflow loads (runner.ts checkConfigFirst): a config
 * error answers without loading the workflow's modules. The workflow then finds it checked.
 */
async function checkConfigBeforeLoading(_program: CommandUnknownOpts, command: CommandUnknownOpts): Promise<void> {
  if (READS_NO_CONFIG.has(command.name())) return;
  // The build makes this import a require() of dist/config-check.cjs (scripts/build.mjs).
  const { checkConfigFirst } = await import('./cli/config-check.js');
  if (!(await checkConfigFirst(globalsOf(command)))) throw new AlreadyReported('the config check failed');
}

// Once per process: tests call run() many times.
let pipesWatched = false;

/** Parses argv and runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  if (!pipesWatched) endQuietlyOnClosedPipe([process.stdout, process.stderr]);
  pipesWatched = true;
  // `sagectl --version` alone needs none of the commands: answered before building them, which
  // is about a third of its start-up. Commander answers every other spelling (`-V`, `--version` after options).
  if (argv.length === 3 && argv[2] === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const program = buildProgram();
  try {
    await program.parseAsync(withoutHelpForUnknownCommand(program, argv));
  } catch (error) {
    if (error instanceof AlreadyReported) return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Usage;
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage error, and with
      // --output json it too ends in the one JSON document (commander has told stderr already).
      if (error.exitCode === 0) return ExitCode.Ok;
      if (asksForJson(argv.slice(2))) process.stdout.write(renderErrorDocument(usageErrorDocument(error.message.replace(/^error: /, ''))));
      return ExitCode.Usage;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
}

/**
 * `sagectl dploy --help`: commander answers the root's --help before it looks at the command and
 * prints the root help with exit 0, hiding the typo. With no such command, drop the help flags
 * so commander reports the unknown command with its "Did you mean deploy?" (exit 2).
 */
export function withoutHelpForUnknownCommand(program: CommandUnknownOpts, argv: string[]): string[] {
  const operand = firstOperand(program, argv.slice(2));
  const known = (name: string): boolean => name === 'help' || program.commands.some((c) => c.name() === name || c.aliases().includes(name));
  if (operand === undefined || known(operand)) return argv;
  return argv.filter((arg, i) => i < 2 || (arg !== '--help' && arg !== '-h'));
}

/** The first argument that is not a global option or its value. */
function firstOperand(program: CommandUnknownOpts, args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (arg.includes('=')) continue;
    const option = program.options.find((o) => o.long === arg || o.short === arg);
    if (option && (option.required || option.optional)) i++;
  }
  return undefined;
}
