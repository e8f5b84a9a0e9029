import { UsageError } from '../../core/errors.js';
import { parseCsv } from '../../payload/csv.js';
import { jsonRecords } from '../../payload/json.js';
import { featureNames, featureType, mediaType, type InputSpec } from '../../payload/spec.js';
import type { FeatureSpec, InferredType, RawValue } from './statistics.js';

/**
 * The features a stack's rows have, from `endpoint.input`: their names (or Model Monitor's `_c0`,
 * `_c1`, … for a count) and types. Drift needs them to line up training rows, captured requests
 * and the baseline.
 */
export function featureLayout(input: InputSpec | undefined): FeatureSpec[] {
  const features = input?.features;
  if (features === undefined || input === undefined) {
    throw new UsageError(
      'endpoint.input.features is not set: the baseline and drift need to know the columns of a row',
      'set endpoint.input.features to the feature count or their names (and featureTypes for text features)',
    );
  }
  const names = featureNames(input) ?? Array.from({ length: features as number }, (_, i) => `_c${i}`);
  return names.map((name, i) => ({ name, type: inferredType(input, i) }));
}

function inferredType(input: InputSpec, index: number): InferredType {
  const type = featureType(input, index);
  return type === 'string' ? 'String' : type === 'integer' ? 'Integral' : 'Fractional';
}

/** Values of one JSON record in feature order: an array by position, an object by feature name, a single value as a one-value row. */
export function jsonRow(record: unknown, names: readonly string[]): RawValue[] {
  if (Array.isArray(record)) return record as RawValue[];
  if (typeof record === 'object' && record !== null) {
    const object = record as Record<string, RawValue>;
    return names.map((n) => object[n]);
  }
  return [record as RawValue];
}

/**
 * The rows of one request or response body, split the way invoke's payload checks read it:
 * CSV (text/csv) with the payload module's parser, JSON (an object, an array of rows or objects,
 * `{"instances": [...]}`), or JSON Lines. Throws on text that does not parse; the caller counts it.
 */
export function rowsOfPayload(text: string, contentType: string, names: readonly string[]): RawValue[][] {
  const type = mediaType(contentType);
  if (type === 'application/jsonlines' || type === 'application/x-jsonlines' || type === 'application/jsonl') {
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => jsonRow(JSON.parse(l) as unknown, names));
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    const spec: InputSpec = { contentType: type, features: [...names] };
    return jsonRecords(JSON.parse(text) as unknown, spec).map((r) => jsonRow(r, names));
  }
  // CSV is what SageMaker's built-in algorithms read, and the default elsewhere in sagectl.
  const single = singleCsvRow(text);
  if (single !== undefined) return single;
  const trimmed = text.endsWith('\n') ? text : `${text}\n`;
  return parseCsv(trimmed, 'captured payload')
    .filter((r) => !(r.fields.length === 1 && r.fields[0] === ''))
    .map((r) => r.fields);
}

/**
 * The rows of a one-line CSV body without quotes (a captured request is mostly one such row), as
 * parseCsv would read them but without its intermediate arrays; undefined for any other text.
 */
function singleCsvRow(text: string): RawValue[][] | undefined {
  const newline = text.indexOf('\n');
  if ((newline !== -1 && newline !== text.length - 1) || text.includes('"') || text.includes('\r')) return undefined;
  const record = newline === -1 ? text : text.slice(0, newline);
  return record === '' ? [] : [record.split(',')];
}
