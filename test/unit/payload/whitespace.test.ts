import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validatePayload, type ValidateOptions } from '../../../src/payload/validate.js';
import { PayloadError } from '../../../src/payload/errors.js';
import { trimAsciiWhitespace } from '../../../src/payload/whitespace.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const options = (over: Partial<ValidateOptions> = {}): ValidateOptions => ({
  source: 'stdin',
  contentType: 'text/csv',
  spec: { contentType: 'text/csv', features: 3 },
  endpointKind: 'realtime',
  schema: true,
  ...over,
});
const refusal = (bytes: Uint8Array, over: Partial<ValidateOptions> = {}): PayloadError => {
  try {
    validatePayload(bytes, options(over));
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return error as PayloadError;
  }
  throw new Error('expected the payload to be refused');
};

describe('byte-order marks', () => {
  it('refuses one in the middle (`cat a.csv b.csv`, both with a BOM), with its byte offset', () => {
    const a = Buffer.concat([BOM, Buffer.from('1,2,3\n')]);
    const joined = Buffer.concat([a, BOM, Buffer.from('4,5,6\n')]);
    const error = refusal(joined);
    expect(error.location).toEqual({ offset: a.byteLength });
    expect(error.message).toBe(`stdin: byte offset ${a.byteLength}: a byte-order mark (U+FEFF) inside the payload: the model reads it as part of a value`);
  });

  it.each(['application/json', 'application/jsonlines'])('refuses one inside %s too, even with --no-validate', (contentType) => {
    const body = Buffer.concat([Buffer.from('{"a": 1}\n'), BOM, Buffer.from('{"a": 2}\n')]);
    expect(refusal(body, { contentType, spec: { contentType }, schema: false }).location).toEqual({ offset: 9 });
  });
});

describe('whitespace is what CSV and JSON call whitespace', () => {
  it.each([
    ['U+3000 (ideographic space)', '\u30001,2,3\n'],
    ['U+2028 (line separator)', '1,2\u2028,3\n'],
    ['U+00A0 (no-break space)', '1,\u00a02,3\n'],
  ])('a number padded with %s is not a number', (_what, text) => {
    expect(refusal(Buffer.from(text)).problem).toMatch(/^expected a number, found /);
  });

  it('spaces and tabs around a number are still fine', () => {
    expect(() => validatePayload(Buffer.from(' 1,\t2 ,3\r\n'), options())).not.toThrow();
  });

  it('a JSON Lines line of U+3000 is not blank: it is refused as not JSON', () => {
    const contentType = 'application/jsonlines';
    expect(() => validatePayload(Buffer.from('{"a": 1}\n\u3000\n'), options({ contentType, spec: { contentType } }))).toThrow(PayloadError);
    expect(() => validatePayload(Buffer.from('{"a": 1}\n \t\n'), options({ contentType, spec: { contentType } }))).not.toThrow();
  });

  it('trimAsciiWhitespace removes exactly the JSON whitespace characters at either end', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const trimmed = trimAsciiWhitespace(s);
        expect(trimmed).toBe(s.replace(/^[ \t\r\n]*/, '').replace(/[ \t\r\n]*$/, ''));
      }),
    );
  });
});
