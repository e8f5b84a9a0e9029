import { UsageError } from '../../core/errors.js';

/**
 * What InvokeEndpoint's header parameters may hold, checked before anything is sent: a value
 * Node cannot put in a header (a line break, a control character) would otherwise fail inside
 * the SDK as if AWS had refused it. Limits from the InvokeEndpoint API reference
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html):
 * ContentType, Accept and CustomAttributes at most 1024 US-ASCII characters (CustomAttributes
 * "visible", RFC 7230 section 3.2.6), TargetVariant a variant name.
 */
export interface InvokeHeaders {
  contentType?: string;
  accept?: string;
  variant?: string;
  customAttributes?: string;
}

const HEADER_MAX = 1024;
// Visible US-ASCII plus space and tab: what an HTTP field value may hold, and ASCII as AWS asks.
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAMETER = `\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"]*")`;
/** One media type, `type/subtype` with parameters: a request body has exactly one. */
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(${PARAMETER})*\\s*$`);
/** Accept may list several, with wildcards and q-values. */
const MEDIA_RANGE_LIST = new RegExp(`^${TOKEN}/${TOKEN}(${PARAMETER})*(\\s*,\\s*${TOKEN}/${TOKEN}(${PARAMETER})*)*\\s*$`);
// A production variant name (CreateEndpointConfig's VariantName).
const VARIANT = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Refuses (exit 2) any header value AWS or HTTP would not carry as given, naming the flag and the first bad character. */
export function checkInvokeHeaders(headers: InvokeHeaders, contentTypeFrom = '--content-type'): void {
  const { contentType, accept, variant, customAttributes } = headers;
  if (contentType !== undefined) {
    checkFieldValue(contentTypeFrom, contentType);
    if (!MEDIA_TYPE.test(contentType)) {
      const several = contentType.includes(',') ? ' (one type: a request body has exactly one)' : '';
      throw new UsageError(`${contentTypeFrom}: expected one MIME type such as text/csv or application/json${several}, found "${contentType}"`);
    }
  }
  if (accept !== undefined) {
    checkFieldValue('--accept', accept);
    if (!MEDIA_RANGE_LIST.test(accept)) throw new UsageError(`--accept: expected MIME types such as application/json or text/csv, */*, found "${accept}"`);
  }
  if (variant !== undefined) {
    checkFieldValue('--variant', variant);
    if (!VARIANT.test(variant)) throw new UsageError(`--variant: expected a production variant name (letters, digits and -, at most 63), found "${variant}"`);
  }
  if (customAttributes !== undefined) checkFieldValue('--custom-attributes', customAttributes);
}

function checkFieldValue(flag: string, value: string): void {
  if (value.length > HEADER_MAX) throw new UsageError(`${flag}: at most ${HEADER_MAX} characters, found ${value.length}`);
  if (FIELD_VALUE.test(value)) return;
  const at = [...value].findIndex((c) => !FIELD_VALUE.test(c));
  const bad = [...value][at] ?? '';
  throw new UsageError(
    `${flag}: character ${at + 1} is ${describe(bad)}, which an HTTP header cannot carry (visible US-ASCII, space and tab only), in ${JSON.stringify(value)}`,
  );
}

function describe(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === '\r') return `a carriage return (${hex})`;
  if (c === '\n') return `a line feed (${hex})`;
  return code < 0x20 || code === 0x7f ? `a control character (${hex})` : `"${c}" (${hex})`;
}
