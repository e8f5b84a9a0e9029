import { PayloadError } from './errors.js';
import { featureCount, featureNames, featureType, type FeatureType, type InputSpec } from './spec.js';

/** One CSV record: its fields and the line it starts on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/**
 * Splits CSV text into rows (RFC 4180: comma-separated, `"` quotes, `""` inside quotes, CRLF or
 * LF). One final line break ends the last row rather than starting an empty one.
 */
export function parseCsv(text: string, source: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 0;
  const endRow = (): void => {
    fields.push(field);
    rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted) throw new PayloadError(source, { row: rows.length + 1, line: quoteLine }, 'a quoted field is never closed (missing ")');
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
// What numeric parsers (XGBoost, NumPy, pandas) also read as a number: missing or infinite values.
const SPECIAL_NUMBER = /^[+-]?(nan|inf|infinity)$/i;

/** Whether a CSV field is a value of the type. */
export function fieldHasType(value: string, type: FeatureType): boolean {
  const v = value.trim();
  if (type === 'string') return true;
  if (type === 'integer') return INTEGER.test(v);
  return NUMBER.test(v) || SPECIAL_NUMBER.test(v);
}

/**
 * Checks CSV rows against the spec: field count, types, empty fields, a header row where none is
 * expected (or the expected one), and the row limit. Throws a {@link PayloadError} at the first
 * problem, naming its row and column.
 */
export function checkCsv(rows: CsvRow[], spec: InputSpec, source: string): void {
  if (rows.length === 0) throw new PayloadError(source, {}, 'the payload is empty: no CSV rows');
  const expected = featureCount(spec);
  const dataRows = spec.header ? rows.length - 1 : rows.length;
  if (spec.maxRows !== undefined && dataRows > spec.maxRows) {
    throw new PayloadError(source, {}, `${dataRows} rows, more than endpoint.input.maxRows (${spec.maxRows})`, 'split the payload into smaller requests');
  }
  rows.forEach((row, index) => {
    const at = { row: index + 1, ...(row.line !== index + 1 ? { line: row.line } : {}) };
    if (row.fields.length === 1 && row.fields[0] === '') throw new PayloadError(source, at, 'blank row', 'remove blank lines from the payload');
    if (expected !== undefined && row.fields.length !== expected) {
      throw new PayloadError(source, at, `${row.fields.length} fields, expected ${expected} (endpoint.input.features)`);
    }
    if (index === 0 && spec.header) return checkHeader(row, spec, source);
    if (index === 0) refuseHeader(row, spec, source);
    row.fields.forEach((value, column) => checkField(value, column, spec, source, at));
  });
}

function checkField(value: string, column: number, spec: InputSpec, source: string, at: { row: number; line?: number }): void {
  const where = { ...at, column: column + 1 };
  if (value.trim() === '') {
    if (spec.allowEmpty) return;
    throw new PayloadError(source, where, 'empty field', 'fill it in, or set endpoint.input.allowEmpty: true if the model reads empty fields as missing values');
  }
  const type = featureType(spec, column);
  if (!fieldHasType(value, type)) {
    const name = featureNames(spec)?.[column];
    throw new PayloadError(source, where, `expected ${type === 'integer' ? 'an integer' : 'a number'}${name ? ` for feature "${name}"` : ''}, found ${JSON.stringify(value)}`);
  }
}

/**
 * With `header: false`, a first row that names the features, or whose every field is text where
 * the spec wants numbers, is a header the model would read as data.
 */
function refuseHeader(row: CsvRow, spec: InputSpec, source: string): void {
  const names = featureNames(spec);
  const isNames = names !== undefined && row.fields.every((f, i) => f.trim() === names[i]);
  const typed = row.fields.map((f, i) => ({ f, type: featureType(spec, i) })).filter(({ f, type }) => type !== 'string' && f.trim() !== '');
  const allText = typed.length > 0 && typed.every(({ f, type }) => !fieldHasType(f, type));
  if (isNames || allText) {
    throw new PayloadError(source, { row: 1 }, `looks like a header row (${row.fields.slice(0, 3).join(',')}${row.fields.length > 3 ? ',…' : ''}), and endpoint.input.header is false`, 'remove the header row; the model reads every row as data');
  }
}

/** With `header: true`, the first row must name the features, when their names are known. */
function checkHeader(row: CsvRow, spec: InputSpec, source: string): void {
  const names = featureNames(spec);
  if (!names) return;
  row.fields.forEach((f, i) => {
    if (f.trim() !== names[i]) throw new PayloadError(source, { row: 1, column: i + 1 }, `header names ${JSON.stringify(f)}, expected ${JSON.stringify(names[i])} (endpoint.input.features)`);
  });
}
