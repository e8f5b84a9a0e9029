import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { createLogger, type Logger } from '../../../src/core/logger.js';

/** One parsed JSON log line. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A real pino logger (same redaction and hooks as production) that records JSON lines in memory. */
export interface RecordingLogger {
  logger: Logger;
  lines(): LogLine[];
  /** The raw text written, for checks that a secret never appears anywhere. */
  text(): string;
  /** Asserts that some line's message matches. */
  expectLog(pattern: RegExp | string, level?: 'debug' | 'info' | 'warn' | 'error'): void;
}

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export function recordingLogger(level = 'debug'): RecordingLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const logger = createLogger({ level, format: 'json', destination: stream });
  const lines = (): LogLine[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  return {
    logger,
    lines,
    text: () => chunks.join(''),
    expectLog(pattern, lvl) {
      const found = lines().some(
        (l) => (typeof pattern === 'string' ? l.msg.includes(pattern) : pattern.test(l.msg)) && (lvl === undefined || l.level === LEVELS[lvl]),
      );
      expect(
        found,
        `expected a ${lvl ?? 'any-level'} log line matching ${String(pattern)}; got:\n${lines()
          .map((l) => l.msg)
          .join('\n')}`,
      ).toBe(true);
    },
  };
}
