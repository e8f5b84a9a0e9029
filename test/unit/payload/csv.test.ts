import { describe, expect, it } from 'vitest';
import { checkCsv, parseCsv } from '../../../src/payload/csv.js';
import { PayloadError } from '../../../src/payload/errors.js';
import type { InputSpec } from '../../../src/payload/spec.js';

const spec = (over: Partial<InputSpec> = {}): InputSpec => ({ contentType: 'text/csv', features: 3, ...over });
const check = (text: string, s: InputSpec = spec()): void => checkCsv(parseCsv(text, 'rows.csv'), s, 'rows.csv');

function refusal(text: string, s: InputSpec = spec()): PayloadError {
  try {
    check(text, s);
  } catch (error) {
    if (error instanceof PayloadError) return error;
    throw error;
  }
  throw new Error('expected a PayloadError');
}

describe('parseCsv', () => {
  it('splits rows and fields, with quotes, doubled quotes, CRLF and one final line break', () => {
    expect(parseCsv('1,"a,b","say ""hi"""\r\n2,"x\ny",3\n', 's')).toEqual([
      { fields: ['1', 'a,b', 'say "hi"'], line: 1 },
      { fields: ['2', 'x\ny', '3'], line: 2 },
    ]);
  });

  it('refuses a quote that is never closed, naming the row and line it opened on', () => {
    expect(() => parseCsv('1,2,3\n4,"5,6\n', 'rows.csv')).toThrow('rows.csv: row 2, line 2: a quoted field is never closed (missing ")');
  });
});

describe('checkCsv', () => {
  it('accepts rows of numbers, including signs, exponents and nan', () => {
    expect(() => check('1,2.5,-3e-2\n+4,.5,nan\n')).not.toThrow();
  });

  it.each<[string, string, Partial<InputSpec>, PayloadError['location']]>([
    ['1,2,3\n4,5\n', 'rows.csv: row 2: 2 fields, expected 3 (endpoint.input.features)', {}, { row: 2 }],
    ['1,2,3,4\n', 'rows.csv: row 1: 4 fields, expected 3 (endpoint.input.features)', {}, { row: 1 }],
    ['1\n', 'rows.csv: row 1: 1 field, expected 3 (endpoint.input.features)', {}, { row: 1 }],
    ['1,2,3\n4,abc,6\n', 'rows.csv: row 2, column 2: expected a number, found "abc"', {}, { row: 2, column: 2 }],
    ['1,2,3\n4,5,6\n7,1.5,9\n', 'rows.csv: row 3, column 2: expected an integer, found "1.5"', { featureTypes: 'integer' }, { row: 3, column: 2 }],
    [
      '1,x,3\n1,2,y\n',
      'rows.csv: row 2, column 3: expected a number for feature "c", found "y"',
      { features: ['a', 'b', 'c'], featureTypes: ['number', 'string', 'number'] },
      { row: 2, column: 3 },
    ],
    ['1,,3\n', 'rows.csv: row 1, column 2: empty field', {}, { row: 1, column: 2 }],
    ['1,2,3\n\n4,5,6\n', 'rows.csv: row 2: blank row', {}, { row: 2 }],
    ['age,tenure,plan\n1,2,3\n', 'rows.csv: row 1: looks like a header row (age,tenure,plan), and endpoint.input.header is false', {}, { row: 1 }],
    [
      'a,b,c\n1,2,3\n',
      'rows.csv: row 1: looks like a header row (a,b,c), and endpoint.input.header is false',
      { features: ['a', 'b', 'c'], featureTypes: 'string' },
      { row: 1 },
    ],
    [
      'a,x,c\n1,2,3\n',
      'rows.csv: row 1, column 2: header names "x", expected "b" (endpoint.input.features)',
      { features: ['a', 'b', 'c'], header: true },
      { row: 1, column: 2 },
    ],
    ['1,2,3\n4,5,6\n', 'rows.csv: 2 rows, more than endpoint.input.maxRows (1)', { maxRows: 1 }, {}],
    ['', 'rows.csv: the payload is empty: no CSV rows', {}, {}],
    [
      'a,2,3\n"b\nc",6,7\nd,x,9\n',
      'rows.csv: row 3, line 4, column 2: expected a number, found "x"',
      { featureTypes: ['string', 'number', 'number'] },
      { row: 3, line: 4, column: 2 },
    ],
  ])('%j → %s', (text, message, over, location) => {
    const error = refusal(text, spec(over));
    expect(error.message).toBe(message);
    expect(error.location).toEqual(location);
    expect(error.exitCode).toBe(2);
  });

  it('a first row with one bad number is a bad value, not a header', () => {
    expect(refusal('1,abc,3\n').message).toBe('rows.csv: row 1, column 2: expected a number, found "abc"');
  });

  it('accepts empty fields when allowEmpty, and the expected header when header is true', () => {
    expect(() => check('1,,3\n', spec({ allowEmpty: true }))).not.toThrow();
    expect(() => check('a,b,c\n1,2,3\n', spec({ features: ['a', 'b', 'c'], header: true }))).not.toThrow();
  });
});
