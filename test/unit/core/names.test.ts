import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_VARIANT,
  isStackConfigName,
  isStackModelName,
  SAGEMAKER_NAME_LIMIT,
  assertStackName,
  freeTimestamp,
  names,
  resourceName,
  stackNameProblem,
  timestamp,
} from '../../../src/core/names.js';
import { UsageError } from '../../../src/core/errors.js';

const VALID_STACK = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,38}[a-zA-Z0-9])?$/;
const AT = new Date('2026-03-07T09:05:02.789Z');

describe('stack names', () => {
  it.each(['a', 'Z', '7', 'churn-xgb', 'exp-1234', 'A-b-C', 'a--b', 'x'.repeat(40), `a${'-'.repeat(38)}b`])('accepts %j', (name) => {
    expect(stackNameProblem(name)).toBeUndefined();
    expect(() => assertStackName(name)).not.toThrow();
  });

  it.each([
    ['', 'is empty'],
    ['x'.repeat(41), 'is 41 characters long (at most 40)'],
    ['-churn', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
    ['churn-', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
    ['-', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
    ['churn_xgb', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
    ['churn.xgb', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
    ['churn xgb', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
    ['café', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
    ['churn\n', 'may hold only letters, digits and hyphens, and must start and end with a letter or digit'],
  ])('refuses %j: it %s', (name, problem) => {
    expect(stackNameProblem(name)).toBe(problem);
  });

  it('assertStackName throws a usage error naming where the name came from', () => {
    expect(() => assertStackName('bad_name', '--stack')).toThrow(UsageError);
    expect(() => assertStackName('bad_name', '--stack')).toThrow(
      '--stack "bad_name" may hold only letters, digits and hyphens, and must start and end with a letter or digit',
    );
    expect(() => assertStackName('')).toThrow('stack name "" is empty');
  });

  it('agrees with the rule of DESIGN.md for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 45 }), fc.stringMatching(/^[a-z0-9-]{0,42}$/)), (name) => {
        expect(stackNameProblem(name) === undefined).toBe(VALID_STACK.test(name));
      }),
      { numRuns: 500 },
    );
  });
});

describe('timestamp', () => {
  it('is yyyymmddHHMMSS in UTC, dropping milliseconds', () => {
    expect(timestamp(AT)).toBe('20260307090502');
    expect(timestamp(new Date('2026-12-31T23:59:59.999Z'))).toBe('20261231235959');
  });

  it('is always 14 digits', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        expect(timestamp(d)).toMatch(/^\d{14}$/);
      }),
    );
  });
});

describe('resourceName', () => {
  it('joins the stack and the suffix parts with hyphens', () => {
    expect(resourceName('churn', ['AllTraffic', '20260307090502'])).toBe('churn-AllTraffic-20260307090502');
    expect(resourceName('churn', [])).toBe('churn');
  });

  it('shortens the stack part and keeps the suffix whole when over 63 characters', () => {
    const stack = 'a'.repeat(40);
    const name = resourceName(stack, ['AllTraffic', '20260307090502']);
    expect(name).toBe(`${'a'.repeat(37)}-AllTraffic-20260307090502`);
    expect(name).toHaveLength(SAGEMAKER_NAME_LIMIT);
  });

  it('drops every hyphen left at the end of the shortened stack part', () => {
    // 17 characters of room: "abcdefghijklmno--" loses both trailing hyphens.
    expect(resourceName('abcdefghijklmno---xyz', ['20260307090502'], 32)).toBe('abcdefghijklmno-20260307090502');
  });

  it('honours a smaller limit (tuning jobs stop at 32)', () => {
    // 32 - 15 = 17 characters of room: "churn-prediction-" loses its trailing hyphen.
    expect(resourceName('churn-prediction-experiment-42', ['20260307090502'], 32)).toBe('churn-prediction-20260307090502');
  });

  it('refuses a suffix that leaves no room for the stack (instead of returning a name over the limit)', () => {
    const variant = 'v'.repeat(48); // 1 + 48 + 1 + 14 = 64 > 63
    expect(() => resourceName('churn', [variant, '20260307090502'])).toThrow(UsageError);
    expect(() => resourceName('churn', [variant, '20260307090502'])).toThrow(
      `name suffix "${variant}-20260307090502" is too long: with the stack name it must fit in 63 characters`,
    );
  });

  it('never exceeds the limit and always keeps the suffix, for any valid stack and suffix that fits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(VALID_STACK),
        fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), { maxLength: 2 }),
        fc.integer({ min: 32, max: 64 }),
        (stack, suffix, limit) => {
          const tail = suffix.length > 0 ? `-${suffix.join('-')}` : '';
          fc.pre(tail.length < limit);
          const name = resourceName(stack, suffix, limit);
          expect(name.length).toBeLessThanOrEqual(limit);
          expect(name.endsWith(tail)).toBe(true);
          const head = name.slice(0, name.length - tail.length);
          expect(stack.startsWith(head)).toBe(true);
          expect(head).toMatch(/^[a-zA-Z0-9](.*[a-zA-Z0-9])?$/);
          if (stack.length + tail.length <= limit) expect(name).toBe(`${stack}${tail}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('names', () => {
  it('gives each resource its DESIGN.md name', () => {
    expect(names.endpoint('churn')).toBe('churn');
    expect(names.model('churn', DEFAULT_VARIANT, AT)).toBe('churn-AllTraffic-20260307090502');
    expect(names.endpointConfig('churn', AT)).toBe('churn-20260307090502');
  });

  it('the default variant is AllTraffic, as the SageMaker Python SDK names it', () => {
    expect(DEFAULT_VARIANT).toBe('AllTraffic');
  });
});

describe('freeTimestamp', () => {
  const namesAt = (at: Date): string[] => [names.endpointConfig('churn', at), names.model('churn', DEFAULT_VARIANT, at)];

  it('is now, floored to the second, when nothing is taken', () => {
    expect(freeTimestamp(AT, new Set(), namesAt).toISOString()).toBe('2026-03-07T09:05:02.000Z');
  });

  it('moves a second forward while any generated name is taken', () => {
    const taken = new Set(['churn-20260307090502', 'churn-AllTraffic-20260307090503', 'unrelated']);
    const at = freeTimestamp(AT, taken, namesAt);
    expect(at.toISOString()).toBe('2026-03-07T09:05:04.000Z');
    expect(namesAt(at).some((n) => taken.has(n))).toBe(false);
  });

  it('ignores taken names that no generated name matches', () => {
    expect(freeTimestamp(AT, new Set(['churn', 'churn-AllTraffic']), namesAt).toISOString()).toBe('2026-03-07T09:05:02.000Z');
  });
});

describe('isStackModelName / isStackConfigName', () => {
  const at = new Date('2026-11-25T10:00:00Z');
  it('recognise the names sagectl gives, shortened stack part included, and nothing else', () => {
    expect(isStackModelName(names.model('churn', 'AllTraffic', at), 'churn', 'AllTraffic')).toBe(true);
    expect(isStackModelName(names.model('churn', 'AllTraffic', at), 'churn', 'green')).toBe(false);
    expect(isStackModelName(names.model('churn-2', 'AllTraffic', at), 'churn', 'AllTraffic')).toBe(false);
    const long = 'a'.repeat(40);
    expect(isStackModelName(names.model(long, 'a-long-variant-name', at), long, 'a-long-variant-name')).toBe(true);
    expect(isStackConfigName(names.endpointConfig('churn', at), 'churn')).toBe(true);
    expect(isStackConfigName(names.model('churn', 'AllTraffic', at), 'churn')).toBe(false);
  });
});
