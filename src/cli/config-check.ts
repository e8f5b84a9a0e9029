// The config check that runs before a command's workflow loads (issue 16). The build makes this
// module its own CommonJS file, dist/config-check.cjs, which the shell (dist/cli.cjs) requires:
// a config error then answers without starting Node's ES module loader. It holds what that check
// and its report need (yaml, zod, the schema, the error line) and nothing of the workflows; the
// command's run (runner.ts) uses the same functions from its own copy.
import type { Logger, LogFormat, LoggerOptions } from '../core/logger.js';
import { checkLogLevel, errorLogLine } from '../core/log-line.js';
import { findConfigFile, loadConfig, type LoadConfigOptions, type LoadedConfig } from '../core/config.js';
import { parseOutputFormat } from '../core/output.js';
import { exitCodeOf, messageOf, SagectlError, UsageError } from '../core/errors.js';
import { detectTerminal, type Terminal } from './terminal.js';
import { errorDocument, renderErrorDocument } from './error-document.js';
import type { GlobalOptions } from './runner.js';

/**
 * Checks the config file before the command's workflow is loaded, for the shell (src/cli.ts) to
 * call first: a config error then costs the runner, yaml and zod, not the workflow's modules too
 * (about 17 ms of deploy's start, issue 16). It runs what runCommand (runner.ts) runs before the
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
    keepCheckedConfig(globals, loadConfig(configRequestOf(globals, false)));
    return true;
  } catch (error) {
    await reportFailure(error, undefined, loggerOptions, globals);
    return false;
  }
}

/**
 * Where {@link checkConfigFirst} leaves the config it found valid for the command's run. The check
 * runs from dist/config-check.cjs and the command from an ES module chunk, each with its own copy
 * of this module, so the config passes through a global slot rather than a module variable. It
 * holds plain data (the parsed config and its file name), which either copy reads alike.
 */
const CHECKED = Symbol.for('sagectl.checkedConfig');

interface CheckedConfig {
  key: string;
  loaded: LoadedConfig;
}

function checkedKey(globals: GlobalOptions): string {
  return JSON.stringify([process.cwd(), globals.config, globals.stack, globals.region]);
}

function keepCheckedConfig(globals: GlobalOptions, loaded: LoadedConfig): void {
  (globalThis as { [CHECKED]?: CheckedConfig })[CHECKED] = { key: checkedKey(globals), loaded };
}

/** The config {@link checkConfigFirst} found and validated, if it was for this command (taken once). */
export function takeCheckedConfig(globals: GlobalOptions): LoadedConfig | undefined {
  const slot = globalThis as { [CHECKED]?: CheckedConfig };
  const found = slot[CHECKED]?.key === checkedKey(globals) ? slot[CHECKED].loaded : undefined;
  delete slot[CHECKED];
  return found;
}

/** What to load: the file named by --config (or found), with --stack and --region over it. */
export function configRequestOf(globals: GlobalOptions, required: boolean): LoadConfigOptions {
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
export function logOptionsOf(
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
export async function reportFailure(
  error: unknown,
  logger: Logger | undefined,
  loggerOptions: LoggerOptions | undefined,
  globals: GlobalOptions,
): Promise<void> {
  if (logger === undefined && loggerOptions !== undefined) await reportEarlyError(error, loggerOptions, globals.logLevel);
  else reportError(error, logger, globals.logLevel);
  // "Exactly one JSON document" holds on failure too: nothing was written yet, so write the error's.
  if (globals.output === 'json') process.stdout.write(renderErrorDocument(errorDocument(error)));
  process.exitCode = exitCodeOf(error);
}

function parseLogFormat(value: string): LogFormat {
  if (value === 'pretty' || value === 'json') return value;
  throw new UsageError(`--log-format: expected pretty or json, found "${value}"`);
}

export async function startLogger(options: LoggerOptions): Promise<Logger> {
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
