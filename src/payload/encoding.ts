import { PayloadError } from './errors.js';

const BOM = [0xef, 0xbb, 0xbf] as const;

/** A payload decoded as UTF-8 text. */
export interface DecodedText {
  text: string;
  /** The bytes to send: the input without its byte-order mark. */
  bytes: Uint8Array;
  bomStripped: boolean;
}

/**
 * Decodes a text payload: invalid UTF-8 and NUL bytes are refused with their byte offset in the
 * input; a UTF-8 byte-order mark is removed from the start (model containers parse it as part
 * of the first field: `\ufeff5.1` is not a number) and refused anywhere else.
 */
export function decodeUtf8(input: Uint8Array, source: string): DecodedText {
  const invalid = firstInvalidUtf8(input);
  if (invalid >= 0) {
    throw new PayloadError(
      source,
      { offset: invalid },
      `not valid UTF-8 (byte 0x${hex(input[invalid] ?? 0)})`,
      'save the file as UTF-8, or pass the real --content-type of binary data',
    );
  }
  const nul = input.indexOf(0);
  if (nul >= 0) throw new PayloadError(source, { offset: nul }, 'NUL byte in a text payload', 'a text payload cannot hold NUL bytes: is this a binary file?');
  const bomStripped = BOM.every((b, i) => input[i] === b);
  const bytes = bomStripped ? input.subarray(BOM.length) : input;
  const innerBom = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Buffer.from(BOM));
  if (innerBom >= 0) {
    throw new PayloadError(
      source,
      { offset: innerBom + (bomStripped ? BOM.length : 0) },
      'a byte-order mark (U+FEFF) inside the payload: the model reads it as part of a value',
      'were files with byte-order marks joined (`cat a.csv b.csv`)? Save them as UTF-8 without BOM, or remove it from each before joining',
    );
  }
  return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), bytes, bomStripped };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence, or -1.
 * Follows the Unicode table of well-formed sequences (no overlong forms, no surrogates, nothing
 * above U+10FFFF): https://www.unicode.org/versions/Unicode15.0.0/ch03.pdf, table 3-7.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const shape = sequenceShape(lead);
    if (!shape) return i;
    for (let k = 1; k <= shape.trailing; k++) {
      const next = bytes[i + k];
      const [lo, hi] = k === 1 ? [shape.lo, shape.hi] : [0x80, 0xbf];
      if (next === undefined || next < lo || next > hi) return i;
    }
    i += shape.trailing + 1;
  }
  return -1;
}

/** For a lead byte: how many continuation bytes follow, and the range the first one must fall in. */
function sequenceShape(lead: number): { trailing: number; lo: number; hi: number } | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { trailing: 1, lo: 0x80, hi: 0xbf };
  if (lead === 0xe0) return { trailing: 2, lo: 0xa0, hi: 0xbf };
  if (lead === 0xed) return { trailing: 2, lo: 0x80, hi: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { trailing: 2, lo: 0x80, hi: 0xbf };
  if (lead === 0xf0) return { trailing: 3, lo: 0x90, hi: 0xbf };
  if (lead === 0xf4) return { trailing: 3, lo: 0x80, hi: 0x8f };
  if (lead >= 0xf1 && lead <= 0xf3) return { trailing: 3, lo: 0x80, hi: 0xbf };
  return undefined;
}
