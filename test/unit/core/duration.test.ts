import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../../src/core/duration.js';
import { UsageError } from '../../../src/core/errors.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    [' 10m ', 600_000],
    ['2 hours', 7_200_000],
    ['1H', 3_600_000],
  ])('reads %j as %d ms', (text, millis) => {
    expect(parseDuration(text, '--timeout')).toBe(millis);
  });

  it.each(['30', '', '   ', 'abc', '-5m', '0s', '0m', 'm', '5 parsecs', '1e3s', '10m30s', 'Infinity'])(
    'refuses %j with a usage error naming the flag',
    (text) => {
      expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
      expect(() => parseDuration(text, '--timeout')).toThrow(`--timeout: expected a duration such as 90s, 30m, 24h or 7d, found "${text}"`);
    },
  );

  it('names the config path it was given', () => {
    expect(() => parseDuration('soon', 'endpoint.deployment.bake')).toThrow(/^endpoint\.deployment\.bake: expected a duration/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [999.4, '999ms'],
    [1000, '1s'],
    [59_000, '59s'],
    [60_000, '1m'],
    [252_000, '4m 12s'],
    [3_600_000, '1h'],
    [3_780_000, '1h 3m'],
    [3_789_000, '1h 3m'],
    [90_061_000, '25h 1m'],
  ])('formats %d ms as %j', (millis, text) => {
    expect(formatDuration(millis)).toBe(text);
  });

  it('round-trips whole seconds, minutes and hours through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 59 }), fc.constantFrom('s', 'm', 'h'), (n, unit) => {
        expect(formatDuration(parseDuration(`${n}${unit}`, 'x'))).toBe(`${n}${unit}`);
      }),
    );
  });
});
