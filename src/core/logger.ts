import { pino, type Logger, type DestinationStream } from 'pino';
import { createRequire } from 'node:module';
import type PinoPretty from 'pino-pretty';
import { checkLogLevel, scrubSecrets } from './log-line.js';

export type { Logger } from 'pino';
export { LOG_LEVELS, scrubSecrets } from './log-line.js';
export type LogFormat = 'pretty' | 'json';

export interface LoggerOptions {
  level?: string;
  format?: LogFormat;
  /** Where logs go; stderr unless a test passes its own stream. */
  destination?: DestinationStream;
  /** Whether stderr is a terminal (decides the default format); the shell decides it once. */
  isTTY?: boolean;
  /** Colour in pretty logs (the shell's decision: a terminal and NO_COLOR unset); default: as `isTTY`. */
  color?: boolean;
  /**
   * Wraps the writing of each log line: the shell erases the live progress line before it and
   * draws it again after, so a log line never runs on after `… · 41s`.
   */
  aroundLine?: (write: () => void) => void;
}

// Structured fields that may carry secrets, at the depths the SDK and our code log them.
const REDACT_PATHS = [
  'credentials',
  '*.credentials',
  '*.*.credentials',
  'accessKeyId',
  '*.accessKeyId',
  'secretAccessKey',
  '*.secretAccessKey',
  '*.*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
  '*.*.sessionToken',
  'apiKey',
  '*.apiKey',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-amz-security-token"]',
  '*.headers["x-api-key"]',
  // API Gateway returns an API key's value as `value` (CreateApiKey, CreateUsagePlanKey); the
  // SDK logs outputs at debug level as `sdk: [{ commandName, input, output }]`.
  'sdk[*].output.value',
];

/**
 * The shared logger: pino to stderr, pretty on a terminal and JSON lines otherwise,
 * with credentials and tokens redacted from fields and messages.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  checkLogLevel(level);
  const format = options.format ?? (options.isTTY === true ? 'pretty' : 'json');
  const aroundLine = options.aroundLine;
  const destination =
    options.destination ?? (format === 'pretty' ? prettyStream(options.color ?? options.isTTY === true) : pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const write = (): void => method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
          if (aroundLine) aroundLine(write);
          else write();
        },
      },
    },
    destination,
  );
}

function prettyStream(colorize: boolean): DestinationStream {
  // exitCode is for machines reading JSON logs; people read the message (and `echo $?`).
  // Loaded only on a terminal: CI logs are JSON lines and never pay for pino-pretty.
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as typeof PinoPretty;
  return pretty({ destination: 2, sync: true, colorize, ignore: 'pid,hostname,exitCode', translateTime: 'HH:MM:ss' });
}
