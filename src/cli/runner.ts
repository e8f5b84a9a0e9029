import type { Logger, LoggerOptions } from '../core/logger.js';
import type { LoadedConfig } from '../core/config.js';
import { OutputWriter, parseOutputFormat, type OutputFormat } from '../core/output.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { createProgressReporter, heartbeatFrom, type ProgressReporter } from '../core/progress.js';
import { askOnTerminal, confirmOnTerminal } from '../core/prompt.js';
import { gitInfoOnce } from '../core/tags.js';
import { detectTerminal } from './terminal.js';
import type { CommandContext } from '../core/context.js';
import { requestTimeoutFrom } from '../core/request-timeout.js';
import { checkAwsTarget } from '../core/aws-target.js';
import { compileQuery, type Query } from './query.js';
import { configRequestOf, takeCheckedConfig } from './checked-config.js';
import { logOptionsOf, reportFailure, startLogger } from './failure.js';
import type { GlobalOptions } from './global-options.js';

/** How the shell runs one command: its workflow, how its result reads as text, and its exit code. */
export interface CommandSpec<R> {
  /** Whether the command fails without a config file (deploy) or can do without (status, teardown). */
  needsConfig: boolean;
  /** False for a command that writes the config rather than reads it (init): no file is looked for. */
  readsConfig?: boolean;
  run(ctx: CommandContext): Promise<R>;
  render(result: R): string;
  /** A non-zero exit code for a result that is printed but is not a full success (teardown with failures). */
  exitCode?(result: R): ExitCode;
  /** For results that are data rather than a report (invoke): the text output as exact bytes, written unchanged. */
  renderBytes?(result: R): Uint8Array;
  /** The `--output json` document, when it is not the result itself (e.g. without raw bytes). */
  json?(result: R): unknown;
}

/**
 * Builds the context from the global options, runs the workflow, writes its result and sets
 * `process.exitCode` (never `process.exit`, so pino and stdout flush).
 */
export async function runCommand<R>(globals: GlobalOptions, spec: CommandSpec<R>): Promise<void> {
  let logger: Logger | undefined;
  let loggerOptions: LoggerOptions | undefined;
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted); // a second Ctrl-C: leave now
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onInterrupt);
  try {
    const terminal = detectTerminal(process, globals.color === false);
    // The reporter needs the logger and the logger must step around the live line: a late binding.
    const late: { progress?: ProgressReporter } = {};
    const { options, logFormat, liveLine } = logOptionsOf(globals, terminal, (write) => aroundLiveLine(late.progress, write));
    // pino is loaded once the command is about to run: a failure before that (a config error)
    // writes its one line without it (reportEarlyError).
    loggerOptions = options;
    const output = new OutputWriter(parseOutputFormat(globals.output), process.stdout, terminal.stdout);
    const query = globals.query !== undefined ? await queryFor(output.format, globals.query) : undefined;
    const { config, file } =
      spec.readsConfig === false ? { config: {}, file: undefined } : (takeCheckedConfig(globals) ?? (await loadConfigLate(globals, spec.needsConfig)));
    const requestTimeoutMs = requestTimeoutFrom(globals.requestTimeout, process.env);
    const heartbeatMs = heartbeatFrom(process.env);
    await checkAwsTarget(
      {
        ...(globals.region !== undefined ? { regionFlag: globals.region } : {}),
        ...(config.region !== undefined ? { configRegion: config.region } : {}),
        ...(globals.profile !== undefined ? { profile: globals.profile } : {}),
        ...(globals.endpointUrl !== undefined ? { endpointUrl: globals.endpointUrl } : {}),
      },
      process.env,
    );
    logger = await startLogger(options);
    const progress = createProgressReporter({ logger, isTTY: liveLine, ...(heartbeatMs !== undefined ? { heartbeatMs } : {}) });
    late.progress = progress;
    const ctx: CommandContext = {
      config,
      ...(file !== undefined ? { configFile: file } : {}),
      logger,
      clock: systemClock,
      progress,
      signal: controller.signal,
      interactive: terminal.stdin && terminal.stderr,
      // After Ctrl-C the signal is already aborted, and a question asked then (train: "stop the
      // job?") must still be answerable; a second Ctrl-C exits at once (onInterrupt).
      // The live line is paused while asking, or its next tick would erase the question.
      confirm: (question) => aroundLiveLineAsync(progress, () => confirmOnTerminal(question, controller.signal.aborted ? undefined : controller.signal)),
      ask: (question, suggestion) => aroundLiveLineAsync(progress, () => askOnTerminal(question, suggestion, controller.signal)),
      clientOptions: {
        logger,
        ...(config.region !== undefined ? { region: config.region } : {}),
        ...(globals.profile !== undefined ? { profile: globals.profile } : {}),
        ...(globals.endpointUrl !== undefined ? { endpointUrl: globals.endpointUrl } : {}),
        ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
      },
      terminal: { stdin: terminal.stdin, stdout: terminal.stdout, stderr: terminal.stderr },
      stdin: { isTTY: terminal.stdin, [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
      color: terminal.color,
      logFormat,
      out: (line) => void process.stdout.write(`${line}\n`),
      // Clear the live line first; the next progress report draws it again below.
      err: (line) => void process.stderr.write(`${liveLine ? '\r\x1b[2K' : ''}${line}\n`),
      cwd: process.cwd(),
      ...environmentRegion(),
      git: gitInfoOnce(),
    };
    let result: R;
    try {
      result = await spec.run(ctx);
    } finally {
      ctx.progress.done();
    }
    // Decided before writing: should it throw (a bug), stdout still holds only the error document.
    const exitCode = spec.exitCode?.(result) ?? ExitCode.Ok;
    if (output.format === 'text' && spec.renderBytes) output.bytes(spec.renderBytes(result));
    else if (output.format === 'json') {
      const document = spec.json ? spec.json(result) : result;
      output.result(query ? query.apply(document) : document, () => '');
    } else output.result(result, (r) => spec.render(r));
    process.exitCode = exitCode;
  } catch (error) {
    await reportFailure(error, logger, loggerOptions, globals);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * Reads the config when the shell's check (config-check.ts) did not hand one on: no file was
 * found, or the command runs without the shell (tests). Loaded here only then, because the check
 * runs from its own CommonJS copy of yaml, zod and the schema: a command whose workflow needs
 * none of them (deploy, status, teardown) then never loads a second copy (about 5 MB of its peak RSS).
 */
async function loadConfigLate(globals: GlobalOptions, required: boolean): Promise<LoadedConfig> {
  const { loadConfig } = await import('../core/config.js');
  return loadConfig(configRequestOf(globals, required));
}

/**
 * `--query` selects from the JSON document. sagectl's text output is written for people, not a
 * data shape to select from, so the query is refused there rather than silently ignored.
 */
async function queryFor(format: OutputFormat, expression: string): Promise<Query> {
  if (format !== 'json') throw new UsageError('--query selects from the JSON result: add --output json');
  return compileQuery(expression);
}

function aroundLiveLine(progress: ProgressReporter | undefined, write: () => void): void {
  progress?.pause();
  try {
    write();
  } finally {
    progress?.resume();
  }
}

async function aroundLiveLineAsync<T>(progress: ProgressReporter, ask: () => Promise<T>): Promise<T> {
  progress.pause();
  try {
    return await ask();
  } finally {
    progress.resume();
  }
}

/**
 * Writes a result that is text to be used as it is (a completion script), for commands that
 * need no context: no config, logger or AWS. The shell, not the command, owns stdout.
 */
export function writeRaw(text: string): void {
  process.stdout.write(text);
}

/** The region AWS_REGION or AWS_DEFAULT_REGION names, as the SDK reads them (an empty value names none). */
function environmentRegion(): { environmentRegion?: string } {
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  return region ? { environmentRegion: region } : {};
}
