import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileBounded, readLimit, readStreamBounded } from '../../../src/payload/read.js';
import { MAX_PAYLOAD_BYTES } from '../../../src/payload/size.js';
import { PayloadError } from '../../../src/payload/errors.js';

/** An endless stream of `chunk`, counting what was taken from it. */
function endless(chunk: Buffer): AsyncIterable<Buffer> & { taken: number } {
  const source = {
    taken: 0,
    async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
      for (;;) {
        source.taken += chunk.byteLength;
        yield await Promise.resolve(chunk);
      }
    },
  };
  return source;
}

describe('bounded payload reads', () => {
  it.each(['realtime', 'serverless'] as const)('stops an endless %s stream within one chunk past the limit, and refuses it', async (kind) => {
    const chunk = Buffer.alloc(64 * 1024, 0x31);
    const stream = endless(chunk);
    await expect(readStreamBounded(stream, 'stdin', kind)).rejects.toThrow(PayloadError);
    expect(stream.taken).toBeLessThanOrEqual(readLimit(kind) + chunk.byteLength);
    await expect(readStreamBounded(endless(chunk), 'stdin', kind)).rejects.toThrow(
      `stdin: more than ${MAX_PAYLOAD_BYTES[kind] / (1024 * 1024)} MB, the most a ${kind === 'serverless' ? 'serverless' : 'real-time'} endpoint accepts`,
    );
  });

  it('reads a stream exactly at the limit (the limit plus a byte-order mark), and refuses one byte more', async () => {
    const at = Buffer.alloc(readLimit('serverless'), 0x31);
    expect((await readStreamBounded([at], 'stdin', 'serverless')).byteLength).toBe(at.byteLength);
    await expect(readStreamBounded([at, Buffer.from('1')], 'stdin', 'serverless')).rejects.toThrow(PayloadError);
  });

  it('refuses /dev/zero having read one byte past the limit', async () => {
    await expect(readFileBounded('/dev/zero', 'realtime')).rejects.toThrow('/dev/zero: more than 6 MB');
  });

  it('reads a file at the limit whole, and refuses one a byte larger', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-read-'));
    try {
      const file = path.join(dir, 'rows.csv');
      fs.writeFileSync(file, Buffer.alloc(readLimit('serverless'), 0x31));
      expect((await readFileBounded(file, 'serverless')).byteLength).toBe(readLimit('serverless'));
      fs.appendFileSync(file, '1');
      await expect(readFileBounded(file, 'serverless')).rejects.toThrow(
        `${file}: 4.00 MB (${readLimit('serverless') + 1} bytes) is over the 4 MB a serverless endpoint accepts`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
