/**
 * Trims what CSV readers (pandas, NumPy) and JSON (RFC 8259 section 2) take for whitespace:
 * space, tab, CR and LF, and nothing else. `String.prototype.trim` also removes U+FEFF (a
 * byte-order mark), U+3000, U+2028 and the other Unicode spaces, so a field such as
 * `\uFEFF5.1` would pass as the number 5.1 and reach a model that cannot parse it.
 */
export function trimAsciiWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isAsciiWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isAsciiWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
