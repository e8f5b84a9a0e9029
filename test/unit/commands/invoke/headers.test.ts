import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkInvokeHeaders } from '../../../../src/commands/invoke/headers.js';
import { UsageError } from '../../../../src/core/errors.js';

const refusal = (call: () => void): string => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('checkInvokeHeaders', () => {
  it('accepts what InvokeEndpoint carries', () => {
    expect(() =>
      checkInvokeHeaders({
        contentType: 'text/csv; charset=utf-8',
        accept: 'application/json, text/csv;q=0.5, */*',
        variant: 'Canary-2',
        customAttributes: 'trace=abc-123, tenant="x y"',
      }),
    ).not.toThrow();
  });

  it.each([
    [{ customAttributes: 'a\r\nX: 1' }, '--custom-attributes: character 2 is a carriage return (U+000D), which an HTTP header cannot carry'],
    [{ variant: 'A\nB' }, '--variant: character 2 is a line feed (U+000A)'],
    [{ accept: 'text/csv\u0000' }, '--accept: character 9 is a control character (U+0000)'],
    [{ customAttributes: 'caf\u00e9' }, '--custom-attributes: character 4 is "\u00e9" (U+00E9)'],
    [{ customAttributes: 'x'.repeat(1025) }, '--custom-attributes: at most 1024 characters, found 1025'],
    [
      { contentType: 'text/csv, application/json' },
      '--content-type: expected one MIME type such as text/csv or application/json (one type: a request body has exactly one)',
    ],
    [{ contentType: 'csv' }, '--content-type: expected one MIME type'],
    [{ variant: 'has_underscore' }, '--variant: expected a production variant name'],
  ])('refuses %j', (headers, message) => {
    expect(refusal(() => checkInvokeHeaders(headers))).toContain(message);
  });

  it('names the config key when the content type came from endpoint.input', () => {
    expect(refusal(() => checkInvokeHeaders({ contentType: 'a, b' }, 'endpoint.input.contentType'))).toMatch(/^endpoint\.input\.contentType: /);
  });

  it('anything it accepts, Node can send as a header value (and it accepts every visible ASCII attribute)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        let accepted = true;
        try {
          checkInvokeHeaders({ customAttributes: value });
        } catch {
          accepted = false;
        }
        // Node's own rule for header values (lib/_http_common.js checkInvalidHeaderChar), narrowed to ASCII as AWS asks.
        const nodeAccepts = !/[^\t\x20-\x7e]/.test(value);
        expect(accepted).toBe(nodeAccepts);
      }),
    );
  });
});
