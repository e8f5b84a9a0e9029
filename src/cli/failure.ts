// How a command's failure is reported, by the shell's config check (config-check.ts) and by the
// command's run (runner.ts) alike: one line on stderr (pino's, or pino itself), and the JSON error
// document with --output json. It loads neither yaml nor zod, so the run does not load them for it.
import type { Logger, LogFormat, LoggerOptions } from '../core/logger.js';
import { checkLogLevel, errorLogLine } from '../core/log-line.js';
import { exitCodeOf, messageOf, SagectlError, UsageError } from '../core/errors.js';
import type { Terminal } from './terminal.js';
import { errorDocument, renderErrorDocument } from './error-document.js';
import type { GlobalOptions } from './global-options.js';

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

/** The pino logger, loaded only now: a failure before the command runs never needs it (see below). */
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
