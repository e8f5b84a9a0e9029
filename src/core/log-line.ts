import { UsageError } from './errors.js';

/**
 * What the shell needs of logging before the logger exists: the level check, the scrubbing of
 * secrets, and the one error line a failure before the logger writes. Kept apart from pino so
 * that an early failure (a config error) does not load pino just to write one line.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Throws the usage error for a level the logger does not know. */
export function checkLogLevel(level: string): void {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, found "${level}"`);
  }
}

// Secrets that end up inside message strings (an SDK error quoting a key, a URL with a token).
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '$1[redacted]'],
  [
    /(aws_secret_access_key|aws_session_token|x-amz-security-token|x-api-key|SecretAccessKey|SessionToken)(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
    '$1$2[redacted]',
  ],
  [/(X-Amz-Credential=)[^&\s]+/g, '$1[redacted]'],
  [/(X-Amz-Signature=)[^&\s]+/g, '$1[redacted]'],
];

/** Removes access keys, secret keys and tokens from a string. */
export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), text);
}

/**
 * The JSON log line the logger (pino, as createLogger sets it up) writes for
 * `logger.error({ exitCode }, text)`, byte for byte; undefined where `level` hides errors.
 */
export function errorLogLine(level: string, text: string, exitCode: number, now: Date): string | undefined {
  if (level === 'fatal' || level === 'silent') return undefined;
  // createLogger's redact paths that start with `*` make pino write every top-level value
  // through JSON.stringify, the message included.
  return `{"level":50,"time":"${now.toISOString()}","exitCode":${JSON.stringify(exitCode)},"msg":${JSON.stringify(scrubSecrets(text))}}\n`;
}
