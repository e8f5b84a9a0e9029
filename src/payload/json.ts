import { PayloadError, type PayloadLocation } from './errors.js';
import { trimAsciiWhitespace } from './whitespace.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { featureCount, featureNames, featureType, type FeatureType, type InputSpec } from './spec.js';

/**
 * Parses JSON text; a syntax error is refused with its line and column (of the whole payload;
 * `firstLine` shifts them for one line of JSON Lines).
 */
export function parseJson(text: string, source: string, firstLine = 1): unknown {
  const problem = findJsonSyntaxError(text);
  if (problem) {
    throw new PayloadError(source, { line: problem.line + firstLine - 1, column: problem.column }, `not valid JSON: ${problem.message}`);
  }
  return JSON.parse(text) as unknown;
}

/** The records of a JSON payload: an object, an array of objects or rows, `{"instances": [...]}`, or one row of values. */
export function jsonRecords(value: unknown, spec: InputSpec): unknown[] {
  if (isObject(value) && Array.isArray(value['instances']) && !featureNames(spec)?.includes('instances')) return value['instances'];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => Array.isArray(v) || isObject(v))) return value;
  return [value];
}

/**
 * Checks parsed JSON records against the spec: objects must have exactly the declared feature
 * names as keys; arrays exactly `features` values; every value the declared type.
 */
export function checkJsonRecords(
  records: unknown[],
  spec: InputSpec,
  source: string,
  recordAt: (index: number) => PayloadLocation = (i) => ({ record: i + 1 }),
): void {
  if (spec.maxRows !== undefined && records.length > spec.maxRows) {
    throw new PayloadError(
      source,
      {},
      `${records.length} records, more than endpoint.input.maxRows (${spec.maxRows})`,
      'split the payload into smaller requests',
    );
  }
  records.forEach((record, index) => {
    const at = recordAt(index);
    if (Array.isArray(record)) return checkRow(record, spec, source, at);
    if (isObject(record)) return checkObject(record, spec, source, at);
    throw new PayloadError(source, at, `expected an object or an array of feature values, found ${describe(record)}`);
  });
}

function checkObject(record: Record<string, unknown>, spec: InputSpec, source: string, at: PayloadLocation): void {
  const names = featureNames(spec);
  const keys = Object.keys(record);
  if (names === undefined) {
    const expected = featureCount(spec);
    if (expected !== undefined && keys.length !== expected)
      throw new PayloadError(source, at, `${keys.length} keys, expected ${expected} (endpoint.input.features)`);
    return;
  }
  const unexpected = keys.find((k) => !names.includes(k));
  if (unexpected !== undefined) {
    throw new PayloadError(source, { ...at, key: unexpected }, `unexpected key, not one of the features in endpoint.input.features (${preview(names)})`);
  }
  const missing = names.find((n) => !Object.hasOwn(record, n));
  if (missing !== undefined) throw new PayloadError(source, { ...at, key: missing }, 'missing feature');
  names.forEach((name, i) => checkValue(record[name], featureType(spec, i), spec, source, () => ({ ...at, key: name })));
}

function checkRow(row: unknown[], spec: InputSpec, source: string, at: PayloadLocation): void {
  const expected = featureCount(spec);
  if (expected !== undefined && row.length !== expected)
    throw new PayloadError(source, at, `${row.length} values, expected ${expected} (endpoint.input.features)`);
  row.forEach((v, i) => checkValue(v, featureType(spec, i), spec, source, () => ({ ...at, column: i + 1 })));
}

/** `at` is a function so the location is only built for a refusal: a large payload has a million values. */
function checkValue(value: unknown, type: FeatureType, spec: InputSpec, source: string, at: () => PayloadLocation): void {
  if (value === null) {
    if (spec.allowEmpty) return;
    throw new PayloadError(source, at(), 'null value', 'give a value, or set endpoint.input.allowEmpty: true if the model reads null as a missing value');
  }
  const ok = type === 'string' ? typeof value === 'string' : type === 'integer' ? Number.isInteger(value) : typeof value === 'number';
  if (!ok) throw new PayloadError(source, at(), `expected ${type === 'integer' ? 'an integer' : `a ${type}`}, found ${describe(value)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isObject(value)) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function preview(names: string[]): string {
  return names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');
}

/**
 * JSON Lines: one JSON record per non-blank line, each parsed and (with a spec) checked like a
 * JSON record, located by its line.
 */
export function checkJsonLines(text: string, spec: InputSpec | undefined, source: string): void {
  const lines = text.split('\n');
  const records: { value: unknown; line: number }[] = [];
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (trimAsciiWhitespace(line) === '') return;
    records.push({ value: parseJson(line, source, index + 1), line: index + 1 });
  });
  if (records.length === 0) throw new PayloadError(source, {}, 'the payload is empty: no JSON Lines records');
  if (!spec) return;
  checkJsonRecords(
    records.map((r) => r.value),
    spec,
    source,
    (i) => ({ line: records[i]?.line ?? i + 1 }),
  );
}
