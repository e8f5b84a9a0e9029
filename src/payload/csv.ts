import { PayloadError } from './errors.js';
import { trimAsciiWhitespace } from './whitespace.js';
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
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const newline = text.indexOf('\n', i);
    const end = newline === -1 ? text.length : newline;
    const record = text.slice(i, end > i && text[end - 1] === '\r' ? end - 1 : end);
    if (!record.includes('"')) {
      // The common case, a record without quotes, is split in one call.
      rows.push({ fields: record.split(','), line });
      i = end + 1;
      line++;
      continue;
    }
    const quoted = parseQuotedRecord(text, i, line, rows.length + 1, source);
    rows.push({ fields: quoted.fields, line });
    i = quoted.next;
    line = quoted.nextLine;
  }
  return rows;
}

/** Reads one record that holds quotes (and so may span lines), from `start`; returns its fields and where the next one starts. */
function parseQuotedRecord(text: string, start: number, line: number, row: number, source: string): { fields: string[]; next: number; nextLine: number } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let quoteLine = line;
  let at = line;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') at++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = at;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      fields.push(field);
      return { fields, next: c === '\r' ? i + 2 : i + 1, nextLine: at + 1 };
    } else field += c;
  }
  if (quoted) throw new PayloadError(source, { row, line: quoteLine }, 'a quoted field is never closed (missing ")');
  fields.push(field);
  return { fields, next: text.length, nextLine: at + 1 };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
// What numeric parsers (XGBoost, NumPy, pandas) also read as a number: missing or infinite values.
const SPECIAL_NUMBER = /^[+-]?(nan|inf|infinity)$/i;

/** Whether a CSV field is a value of the type. */
function fieldHasType(value: string, type: FeatureType): boolean {
  const v = trimAsciiWhitespace(value);
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
  // Types resolved once: a 6 MB payload has about a million fields, so the loop stays plain.
  const width = expected ?? rows.reduce((most, r) => Math.max(most, r.fields.length), 0);
  const types = Array.from({ length: width }, (_, i) => featureType(spec, i));
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as CsvRow;
    const at = (): { row: number; line?: number } => ({ row: index + 1, ...(row.line !== index + 1 ? { line: row.line } : {}) });
    const { fields } = row;
    if (fields.length === 1 && fields[0] === '') throw new PayloadError(source, at(), 'blank row', 'remove blank lines from the payload');
    if (expected !== undefined && fields.length !== expected) {
      throw new PayloadError(source, at(), `${fields.length} ${fields.length === 1 ? 'field' : 'fields'}, expected ${expected} (endpoint.input.features)`);
    }
    if (index === 0 && spec.header) {
      checkHeader(row, spec, source);
      continue;
    }
    if (index === 0) refuseHeader(row, spec, source);
    for (let column = 0; column < fields.length; column++) {
      const value = fields[column] as string;
      const type = types[column] ?? 'number';
      if (type === 'string' && value !== '') continue;
      if (trimAsciiWhitespace(value) === '') {
        if (spec.allowEmpty) continue;
        throw new PayloadError(
          source,
          { ...at(), column: column + 1 },
          'empty field',
          'fill it in, or set endpoint.input.allowEmpty: true if the model reads empty fields as missing values',
        );
      }
      if (!fieldHasType(value, type)) {
        const name = featureNames(spec)?.[column];
        throw new PayloadError(
          source,
          { ...at(), column: column + 1 },
          `expected ${type === 'integer' ? 'an integer' : 'a number'}${name ? ` for feature "${name}"` : ''}, found ${JSON.stringify(value)}`,
        );
      }
    }
  }
}

/**
 * With `header: false`, a first row that names the features, or whose every field is text where
 * the spec wants numbers, is a header the model would read as data.
 */
function refuseHeader(row: CsvRow, spec: InputSpec, source: string): void {
  const names = featureNames(spec);
  const isNames = names !== undefined && row.fields.every((f, i) => trimAsciiWhitespace(f) === names[i]);
  const typed = row.fields.map((f, i) => ({ f, type: featureType(spec, i) })).filter(({ f, type }) => type !== 'string' && trimAsciiWhitespace(f) !== '');
  const allText = typed.length > 0 && typed.every(({ f, type }) => !fieldHasType(f, type));
  if (isNames || allText) {
    throw new PayloadError(
      source,
      { row: 1 },
      `looks like a header row (${row.fields.slice(0, 3).join(',')}${row.fields.length > 3 ? ',…' : ''}), and endpoint.input.header is false`,
      'remove the header row; the model reads every row as data',
    );
  }
}

/** With `header: true`, the first row must name the features, when their names are known. */
function checkHeader(row: CsvRow, spec: InputSpec, source: string): void {
  const names = featureNames(spec);
  if (!names) return;
  row.fields.forEach((f, i) => {
    if (trimAsciiWhitespace(f) !== names[i])
      throw new PayloadError(
        source,
        { row: 1, column: i + 1 },
        `header names ${JSON.stringify(f)}, expected ${JSON.stringify(names[i])} (endpoint.input.features)`,
      );
  });
}
