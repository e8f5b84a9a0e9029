import type { LogFormat, Logger, LoggerOptions } from '../core/logger.js';
import { checkLogLevel, errorLogLine } from '../core/log-line.js';
import { findConfigFile, loadConfig, type LoadConfigOptions, type LoadedConfig } from '../core/config.js';
import { OutputWriter, parseOutputFormat, type OutputFormat } from '../core/output.js';
import { ExitCode, SagectlError, exitCodeOf, messageOf, UsageError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { createProgressReporter, heartbeatFrom, type ProgressReporter } from '../core/progress.js';
import { askOnTerminal, confirmOnTerminal } from '../core/prompt.js';
import { gitInfoOnce } from '../core/tags.js';
import { detectTerminal, type Terminal } from './terminal.js';
import type { CommandContext } from '../core/context.js';
import { requestTimeoutFrom } from '../core/request-timeout.js';
import { checkAwsTarget } from '../core/aws-target.js';
import { errorDocument, renderErrorDocument } from './error-document.js';
import { compileQuery, type Query } from './query.js';

/** The options every command takes (DESIGN.md "Global options"). */
export interface GlobalOptions {
  config?: string;
  stack?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  requestTimeout?: string;
  output?: string;
  /** A JMESPath expression applied to the `--output json` result. */
  query?: string;
  logLevel?: string;
  logFormat?: string;
  yes?: boolean;
  /** False with `--no-color`. */
  color?: boolean;
}

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
      spec.readsConfig === false ? { config: {}, file: undefined } : (takeCheckedConfig(globals) ?? loadConfig(configRequestOf(globals, spec.needsConfig)));
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
 * Checks the config file before the command's workflow is loaded, for the shell (src/cli.ts) to
 * call first: a config error then costs the runner, yaml and zod, not the workflow's modules too
 * (about 17 ms of deploy's start, issue 16). It runs what {@link runCommand} runs before the
 * config, in the same order, so the first error found is the one runCommand would report, and
 * reports it the same way (exit code in `process.exitCode`); it returns false then, and the
 * command must not run. A file found and valid is kept for runCommand, which does not read it
 * again. With no file it decides nothing (whether one is needed is the command's to say; a bad
 * `--stack` is then the command's to report too), nor with `--query`, whose own checks come first
 * and load their library.
 */
export async function checkConfigFirst(globals: GlobalOptions): Promise<boolean> {
  if (globals.query !== undefined) return true;
  let loggerOptions: LoggerOptions | undefined;
  try {
    const terminal = detectTerminal(process, globals.color === false);
    loggerOptions = logOptionsOf(globals, terminal, (write) => write()).options;
    parseOutputFormat(globals.output);
    // No file: whether one is needed, and so which error comes first, is the command's to say.
    if (findConfigFile(process.cwd(), globals.config) === undefined) return true;
    checked = { key: checkedKey(globals), loaded: loadConfig(configRequestOf(globals, false)) };
    return true;
  } catch (error) {
    await reportFailure(error, undefined, loggerOptions, globals);
    return false;
  }
}

/** The config {@link checkConfigFirst} found and validated, for the command it was checked for. */
let checked: { key: string; loaded: LoadedConfig } | undefined;

function checkedKey(globals: GlobalOptions): string {
  return JSON.stringify([process.cwd(), globals.config, globals.stack, globals.region]);
}

function takeCheckedConfig(globals: GlobalOptions): LoadedConfig | undefined {
  const found = checked?.key === checkedKey(globals) ? checked.loaded : undefined;
  checked = undefined;
  return found;
}

function configRequestOf(globals: GlobalOptions, required: boolean): LoadConfigOptions {
  return {
    required,
    ...(globals.config !== undefined ? { configPath: globals.config } : {}),
    overrides: {
      ...(globals.stack !== undefined ? { stack: globals.stack } : {}),
      ...(globals.region !== undefined ? { region: globals.region } : {}),
    },
  };
}

/** The logger's options from the global options; a usage error for a bad level or format. */
function logOptionsOf(
  globals: GlobalOptions,
  terminal: Terminal,
  aroundLine: (write: () => void) => void,
): { options: LoggerOptions; logFormat: LogFormat; liveLine: boolean } {
  const logFormat: LogFormat = globals.logFormat ? parseLogFormat(globals.logFormat) : terminal.stderr ? 'pretty' : 'json';
  // A live line only where people read stderr as text; JSON logs stay one record per line.
  const liveLine = terminal.stderr && logFormat === 'pretty';
  const options: LoggerOptions = {
    ...(globals.logLevel ? { level: globals.logLevel } : {}),
    format: logFormat,
    color: terminal.color,
    ...(liveLine ? { aroundLine } : {}),
  };
  checkLogLevel(options.level ?? 'info');
  return { options, logFormat, liveLine };
}

/** Reports a failed command on stderr (and stdout with --output json) and sets its exit code. */
async function reportFailure(error: unknown, logger: Logger | undefined, loggerOptions: LoggerOptions | undefined, globals: GlobalOptions): Promise<void> {
  if (logger === undefined && loggerOptions !== undefined) await reportEarlyError(error, loggerOptions, globals.logLevel);
  else reportError(error, logger, globals.logLevel);
  // "Exactly one JSON document" holds on failure too: nothing was written yet, so write the error's.
  if (globals.output === 'json') process.stdout.write(renderErrorDocument(errorDocument(error)));
  process.exitCode = exitCodeOf(error);
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

function parseLogFormat(value: string): LogFormat {
  if (value === 'pretty' || value === 'json') return value;
  throw new UsageError(`--log-format: expected pretty or json, found "${value}"`);
}

async function startLogger(options: LoggerOptions): Promise<Logger> {
  const { createLogger } = await import('../core/logger.js');
  return createLogger(options);
}

/**
 * A failure after the log options are known but before the logger exists: in JSON logs our own
 * error is the one line pino would write, written here without loading pino; anything else (a
 * bug, pretty logs) starts the logger to report it.
 */
async function reportEarlyError(error: unknown, options: LoggerOptions, level: string | undefined): Promise<void> {
  if (options.format === 'json' && error instanceof SagectlError) {
    const text = error.resolution ? `${error.message}\n  → ${error.resolution}` : error.message;
    const line = errorLogLine(options.level ?? 'info', text, error.exitCode, new Date());
    if (line !== undefined) process.stderr.write(line);
    return;
  }
  reportError(error, await startLogger(options), level);
}

/** One readable error on stderr; a stack trace only for bugs, and only at debug level. */
export function reportError(error: unknown, logger: Logger | undefined, level: string | undefined): void {
  if (error instanceof SagectlError) {
    const text = error.resolution ? `${error.message}\n  → ${error.resolution}` : error.message;
    if (logger) logger.error({ exitCode: error.exitCode }, text);
    else process.stderr.write(`error: ${text}\n`);
    return;
  }
  const message = messageOf(error);
  const text = `internal error: ${message} (this is a bug in sagectl: please report it with the output of --log-level debug)`;
  const debug = level === 'debug' || level === 'trace';
  if (logger) logger.error(debug ? { err: error } : {}, text);
  else process.stderr.write(`error: ${text}\n${debug && error instanceof Error ? `${error.stack}\n` : ''}`);
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
