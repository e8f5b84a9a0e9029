import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createLogger, LOG_LEVELS } from '../../../src/core/logger.js';
import { errorLogLine } from '../../../src/core/log-line.js';
import { memoryStream } from '../helpers/streams.js';

/** The line the real logger writes for `logger.error({ exitCode }, text)`, as the bytes it writes. */
function pinoLine(level: string, text: string, exitCode: number): string {
  const stream = memoryStream();
  createLogger({ level, format: 'json', destination: stream }).error({ exitCode }, text);
  return stream.text();
}

// Quotes, backslashes, control characters, lone surrogates, secrets and both sides of pino's
// 100-character switch to JSON.stringify.
const messages = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\t', '\u0001', '\u007f', '\ud800', 'é', 'a', ' ', '→'), maxLength: 130 }),
  fc.constantFrom('key AKIAIOSFODNN7EXAMPLE is invalid', 'x-api-key: abc123', 'bad.yaml:6:17: endpoint.instanceType: expected "ml.m5.large"'),
);

afterEach(() => {
  vi.useRealTimers();
});

describe('errorLogLine', () => {
  it('is byte for byte the line the logger writes for an error, at every level', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    fc.assert(
      fc.property(
        fc.constantFrom(...LOG_LEVELS),
        messages,
        fc.integer({ min: 1, max: 130 }),
        fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2100-01-01') }),
        (level, text, exitCode, now) => {
          vi.setSystemTime(now);
          // Compared as the UTF-8 bytes that reach stderr (a lone surrogate is written as U+FFFD either way).
          expect(Buffer.from(errorLogLine(level, text, exitCode, now) ?? '').toString()).toBe(pinoLine(level, text, exitCode));
        },
      ),
      { numRuns: 500 },
    );
  });
});
