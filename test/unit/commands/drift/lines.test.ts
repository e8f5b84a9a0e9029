import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachLine } from '../../../../src/commands/drift/lines.js';

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncIterable<Uint8Array> {
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(at, cut);
    at = cut;
  }
  yield bytes.subarray(at);
}

describe('forEachLine', () => {
  it('gives the same lines however the bytes are cut into chunks (multi-byte characters too)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, ''))), fc.array(fc.nat()), async (lines, cuts) => {
        const text = lines.map((l) => `${l}\n`).join('');
        const seen: string[] = [];
        await forEachLine(chunked(Buffer.from(text), cuts), (l) => void seen.push(l), 1 << 20);
        expect(seen).toEqual(lines);
      }),
    );
  });

  it('strips CR of CRLF however the chunks cut the line that spans them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.string().map((s) => s.replace(/[\r\n]/g, '')),
            fc.boolean(),
          ),
        ),
        fc.array(fc.nat()),
        async (lines, cuts) => {
          const text = lines.map(([l, crlf]) => `${l}${crlf ? '\r\n' : '\n'}`).join('');
          const seen: string[] = [];
          await forEachLine(chunked(Buffer.from(text), cuts), (l) => void seen.push(l), 1 << 20);
          expect(seen).toEqual(lines.map(([l]) => l));
        },
      ),
    );
  });

  it('strips CR of CRLF and passes a last line without a line break', async () => {
    const seen: string[] = [];
    await forEachLine(chunked(Buffer.from('a\r\nb\nc'), [2]), (l) => void seen.push(l), 100);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('skips and counts a line longer than the limit, and goes on after it', async () => {
    const seen: string[] = [];
    const long = 'x'.repeat(50);
    const count = await forEachLine(chunked(Buffer.from(`a\n${long}\nb\n`), [3, 10, 20, 30, 40]), (l) => void seen.push(l), 8);
    expect(seen).toEqual(['a', 'b']);
    expect(count).toEqual({ lines: 2, tooLong: 1 });
  });

  it('stops when the callback says so', async () => {
    const seen: string[] = [];
    await forEachLine(
      chunked(Buffer.from('a\nb\nc\n'), []),
      (l) => {
        seen.push(l);
        return l !== 'b';
      },
      100,
    );
    expect(seen).toEqual(['a', 'b']);
  });
});
