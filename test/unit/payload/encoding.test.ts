import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeUtf8, firstInvalidUtf8 } from '../../../src/payload/encoding.js';
import { PayloadError } from '../../../src/payload/errors.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

function refusal(input: Uint8Array): PayloadError {
  try {
    decodeUtf8(input, 'rows.csv');
  } catch (error) {
    if (error instanceof PayloadError) return error;
    throw error;
  }
  throw new Error('expected a PayloadError');
}

describe('decodeUtf8', () => {
  it('decodes UTF-8 text, multi-byte characters included', () => {
    expect(decodeUtf8(bytes('1,2,café,日本,🙂\n'), 'x').text).toBe('1,2,café,日本,🙂\n');
  });

  it.each([
    ['a stray continuation byte', bytes('1,2,', [0x80], '\n'), 4, '0x80'],
    ['a Latin-1 byte (é saved as ISO-8859-1)', bytes('5.1,caf', [0xe9], ',3\n'), 7, '0xe9'],
    ['an invalid lead byte', bytes('ab', [0xff]), 2, '0xff'],
    ['a truncated sequence at the end', bytes('1,2', [0xe6, 0x97]), 3, '0xe6'],
    ['an overlong encoding of "/"', bytes([0xc0, 0xaf]), 0, '0xc0'],
    ['a UTF-16 surrogate', bytes('x', [0xed, 0xa0, 0x80]), 1, '0xed'],
    ['a code point above U+10FFFF', bytes('xy', [0xf4, 0x90, 0x80, 0x80]), 2, '0xf4'],
  ])('refuses %s with its byte offset', (_what, input, offset, shown) => {
    const error = refusal(input);
    expect(error.location).toEqual({ offset });
    expect(error.message).toBe(`rows.csv: byte offset ${offset}: not valid UTF-8 (byte ${shown})`);
    expect(error.exitCode).toBe(2);
  });

  it('refuses a NUL byte with its offset', () => {
    const error = refusal(bytes('1,2', [0], ',3'));
    expect(error.message).toBe('rows.csv: byte offset 3: NUL byte in a text payload');
  });

  it('strips a UTF-8 byte-order mark and says so; offsets stay those of the input', () => {
    const decoded = decodeUtf8(bytes([0xef, 0xbb, 0xbf], '1,2,3\n'), 'x');
    expect(decoded).toMatchObject({ text: '1,2,3\n', bomStripped: true });
    expect(Buffer.from(decoded.bytes).toString()).toBe('1,2,3\n');
    expect(refusal(bytes([0xef, 0xbb, 0xbf], '1', [0xff])).location).toEqual({ offset: 4 });
  });
});

describe('firstInvalidUtf8', () => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const decodes = (b: Uint8Array): boolean => {
    try {
      strict.decode(b);
      return true;
    } catch {
      return false;
    }
  };

  it('agrees with the platform decoder on arbitrary bytes, and the bytes before the offset decode', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(decodes(b));
        if (at >= 0) expect(decodes(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every string the platform encodes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => firstInvalidUtf8(new TextEncoder().encode(s)) === -1));
  });
});
