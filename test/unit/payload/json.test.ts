import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkJsonLines, checkJsonRecords, jsonRecords, parseJson } from '../../../src/payload/json.js';
import { findJsonSyntaxError } from '../../../src/payload/json-syntax.js';
import { PayloadError } from '../../../src/payload/errors.js';
import type { InputSpec } from '../../../src/payload/spec.js';

const named: InputSpec = { contentType: 'application/json', features: ['age', 'tenure', 'plan'], featureTypes: ['integer', 'number', 'string'] };
const check = (text: string, spec: InputSpec = named): void => checkJsonRecords(jsonRecords(parseJson(text, 'in.json'), spec), spec, 'in.json');

function refusal(run: () => void): PayloadError {
  try {
    run();
  } catch (error) {
    if (error instanceof PayloadError) return error;
    throw error;
  }
  throw new Error('expected a PayloadError');
}

describe('JSON syntax', () => {
  it.each([
    ['{"age": 42,}', 1, 12, 'expected a property name in double quotes, found "}"'],
    ['{\n  "age": 42\n  "tenure": 3\n}', 3, 3, 'expected "," or "}", found "\\""'],
    ['[1, 2,\n 3', 2, 3, 'expected "," or "]", found the end of the input'],
    ["{'age': 1}", 1, 2, 'expected a property name in double quotes, found "\'"'],
    ['{"a": tru}', 1, 7, 'unexpected "t"'],
    ['[1] [2]', 1, 5, 'unexpected "[" after the JSON value'],
    ['"abc', 1, 5, 'a string is never closed (missing ")'],
    ['', 1, 1, 'expected a value, found the end of the input'],
  ])('%j: line %i, column %i', (text, line, column, message) => {
    const error = refusal(() => parseJson(text, 'in.json'));
    expect(error.location).toEqual({ line, column });
    expect(error.message).toBe(`in.json: line ${line}, column ${column}: not valid JSON: ${message}`);
  });

  it('agrees with JSON.parse on what is valid, for arbitrary JSON and arbitrary strings', () => {
    const parses = (s: string): boolean => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(fc.property(fc.json(), (s) => findJsonSyntaxError(s) === undefined));
    fc.assert(
      fc.property(fc.string(), (s) => (findJsonSyntaxError(s) === undefined) === parses(s)),
      { numRuns: 2000 },
    );
  });

  it('refuses nesting deeper than 512 levels with a position, not a stack overflow', () => {
    expect(findJsonSyntaxError('['.repeat(100_000))).toMatchObject({ line: 1, column: 514, message: 'nested deeper than 512 levels' });
  });
});

describe('JSON records', () => {
  it('accepts an object, an array of objects, {"instances": [...]}, and rows of values', () => {
    expect(() => check('{"age": 42, "tenure": 1.5, "plan": "gold"}')).not.toThrow();
    expect(() => check('[{"age": 42, "tenure": 1, "plan": "a"}, {"age": 7, "tenure": 2, "plan": "b"}]')).not.toThrow();
    expect(() => check('{"instances": [[42, 1.5, "gold"]]}')).not.toThrow();
    expect(() => check('[1, 2, 3]', { contentType: 'application/json', features: 3 })).not.toThrow();
  });

  it.each<[string, string, PayloadError['location']]>([
    [
      '{"age": 42, "tenure": 1, "plan": "a", "zip": "x"}',
      'in.json: record 1, key "zip": unexpected key, not one of the features in endpoint.input.features (age, tenure, plan)',
      { record: 1, key: 'zip' },
    ],
    ['[{"age": 42, "tenure": 1, "plan": "a"}, {"age": 42, "plan": "a"}]', 'in.json: record 2, key "tenure": missing feature', { record: 2, key: 'tenure' }],
    ['{"age": "42", "tenure": 1, "plan": "a"}', 'in.json: record 1, key "age": expected an integer, found "42"', { record: 1, key: 'age' }],
    ['{"age": 4.2, "tenure": 1, "plan": "a"}', 'in.json: record 1, key "age": expected an integer, found 4.2', { record: 1, key: 'age' }],
    ['{"age": 4, "tenure": null, "plan": "a"}', 'in.json: record 1, key "tenure": null value', { record: 1, key: 'tenure' }],
    ['[[42, 1.5]]', 'in.json: record 1: 2 values, expected 3 (endpoint.input.features)', { record: 1 }],
    ['[[42, 1.5, 3]]', 'in.json: record 1, column 3: expected a string, found 3', { record: 1, column: 3 }],
    ['"hello"', 'in.json: record 1: expected an object or an array of feature values, found "hello"', { record: 1 }],
  ])('%s', (text, message, location) => {
    const error = refusal(() => check(text));
    expect(error.message).toBe(message);
    expect(error.location).toEqual(location);
  });

  it('counts keys when the spec gives a count rather than names', () => {
    expect(refusal(() => check('{"a": 1}', { contentType: 'application/json', features: 2 })).message).toBe(
      'in.json: record 1: 1 keys, expected 2 (endpoint.input.features)',
    );
  });

  it('applies maxRows to records', () => {
    expect(refusal(() => check('[[1],[2]]', { contentType: 'application/json', features: 1, maxRows: 1 })).message).toBe(
      'in.json: 2 records, more than endpoint.input.maxRows (1)',
    );
  });
});

describe('JSON Lines', () => {
  const spec: InputSpec = { contentType: 'application/jsonlines', features: 2 };
  it('locates a syntax error and a bad record by the line of the payload', () => {
    expect(refusal(() => checkJsonLines('[1, 2]\n\n[3, 4\n', spec, 'in.jsonl')).message).toBe(
      'in.jsonl: line 3, column 6: not valid JSON: expected "," or "]", found the end of the input',
    );
    expect(refusal(() => checkJsonLines('[1, 2]\r\n[3]\r\n', spec, 'in.jsonl')).message).toBe(
      'in.jsonl: line 2: 1 values, expected 2 (endpoint.input.features)',
    );
  });
  it('accepts good lines, and without a spec checks only the syntax', () => {
    expect(() => checkJsonLines('[1, 2]\n[3, 4]\n', spec, 'x')).not.toThrow();
    expect(() => checkJsonLines('{"anything": true}\n', undefined, 'x')).not.toThrow();
  });
});
