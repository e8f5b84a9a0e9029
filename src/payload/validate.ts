import { checkCsv, parseCsv } from './csv.js';
import { decodeUtf8 } from './encoding.js';
import { checkJsonLines, checkJsonRecords, jsonRecords, parseJson } from './json.js';
import { checkSize, type EndpointKind } from './size.js';
import { mediaType, type InputSpec } from './spec.js';

export interface ValidateOptions {
  /** What the payload is called in messages: a file name, `stdin`, `--data`. */
  source: string;
  /** The Content-Type the request will carry. */
  contentType: string;
  /** What the model expects; without it only size and encoding are checked. */
  spec?: InputSpec;
  /** Real-time or serverless: they accept different sizes. */
  endpointKind: EndpointKind;
  /** False for `--no-validate`: skip the checks against the spec, never the size check. */
  schema: boolean;
}

/** A payload that passed: the bytes to send and what the user should know. */
export interface ValidatedPayload {
  body: Uint8Array;
  warnings: string[];
}

const JSON_TYPES = new Set(['application/json', 'text/json']);
const JSON_LINES_TYPES = new Set(['application/jsonlines', 'application/jsonl', 'application/x-jsonlines', 'application/json-lines']);

/** Whether a content type carries text, so its encoding can be checked; images, NumPy arrays and protobuf are bytes. */
export function isTextContentType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type.startsWith('text/') || JSON_TYPES.has(type) || JSON_LINES_TYPES.has(type) || type.endsWith('+json') || /charset=utf-?8/i.test(contentType);
}

/**
 * Checks a payload before it is sent, in the order a failure would be cheapest to explain: size
 * (always), encoding (always, for text content types), then the spec's checks (CSV rows and
 * fields, JSON syntax, keys and types) unless `schema` is false. Throws a PayloadError (exit 2)
 * naming the place; returns the bytes to send otherwise.
 */
export function validatePayload(input: Uint8Array, options: ValidateOptions): ValidatedPayload {
  const { source, contentType, spec } = options;
  const warnings: string[] = [];
  if (!isTextContentType(contentType)) {
    checkSize(input.byteLength, options.endpointKind, source);
    return { body: input, warnings };
  }
  const decoded = decodeUtf8(input, source);
  if (decoded.bomStripped) warnings.push(`${source}: removed a UTF-8 byte-order mark from the start of the payload`);
  checkSize(decoded.bytes.byteLength, options.endpointKind, source);
  if (options.schema) checkText(decoded.text, contentType, spec, source);
  return { body: decoded.bytes, warnings };
}

function checkText(text: string, contentType: string, spec: InputSpec | undefined, source: string): void {
  const type = mediaType(contentType);
  // Without declared features there is nothing to check rows against, only the syntax.
  const rules = spec?.features !== undefined ? spec : undefined;
  if (type === 'text/csv') {
    const rows = parseCsv(text, source);
    if (rules) checkCsv(rows, rules, source);
  } else if (JSON_TYPES.has(type) || type.endsWith('+json')) {
    const value = parseJson(text, source);
    if (rules) checkJsonRecords(jsonRecords(value, rules), rules, source);
  } else if (JSON_LINES_TYPES.has(type)) {
    checkJsonLines(text, rules, source);
  }
}
