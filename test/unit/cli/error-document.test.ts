import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asksForJson, errorDocument, usageErrorDocument } from '../../../src/cli/error-document.js';
import { ConfigError } from '../../../src/core/errors.js';

describe('asksForJson: --output json found before the parser runs', () => {
  it.each([
    [['status', '-o', 'json'], true],
    [['--output', 'json', 'status', '--bogus'], true],
    [['status', '--output=json'], true],
    [['status', '-ojson'], true],
    [['status', '-o=json'], true],
    [['status', '-o', 'json', '-o', 'text'], false],
    [['status'], false],
    [['status', '--output', 'text'], false],
    [['invoke', '--', '-o', 'json'], false],
    [['status', '-o'], false],
  ])('%j → %s', (argv, expected) => {
    expect(asksForJson(argv)).toBe(expected);
  });

  it('never throws, whatever argv holds', () => {
    fc.assert(fc.property(fc.array(fc.string()), (argv) => typeof asksForJson(argv) === 'boolean'));
  });
});

describe('errorDocument', () => {
  it('a subclass is named by its exit code, so codes stay few and stable', () => {
    expect(errorDocument(new ConfigError('sagectl.yaml: bad'))).toEqual({
      error: { code: 'usage', exitCode: 2, message: 'sagectl.yaml: bad', resolution: null },
    });
  });

  it('a thrown non-Error is a bug with a message', () => {
    expect(errorDocument('odd')).toMatchObject({ error: { code: 'internal', exitCode: 1, message: 'internal error: odd' } });
  });

  it('usage errors from the parser', () => {
    expect(usageErrorDocument("unknown option '--bogus'")).toEqual({
      error: { code: 'usage', exitCode: 2, message: "unknown option '--bogus'", resolution: 'run with --help for usage' },
    });
  });
});
