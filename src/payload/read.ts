import { open } from 'node:fs/promises';
import { PayloadError } from './errors.js';
import { MAX_PAYLOAD_BYTES, checkSize, formatBytes, type EndpointKind } from './size.js';

/** A UTF-8 byte-order mark, which validation removes before it checks the size (payload/encoding.ts). */
const BOM_BYTES = 3;

/**
 * How many bytes of a payload are worth reading: the endpoint's limit, plus a byte-order mark
 * that validation will remove. One byte more proves the payload too large, so a reader never
 * holds more than this plus one chunk, whatever it is fed (`/dev/zero`, an endless pipe).
 */
export function readLimit(kind: EndpointKind): number {
  return MAX_PAYLOAD_BYTES[kind] + BOM_BYTES;
}

/** Reads a stream up to `readLimit(kind)` bytes; past that, stops reading and refuses it (exit 2). */
export async function readStreamBounded(
  stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  source: string,
  kind: EndpointKind,
): Promise<Uint8Array> {
  const limit = readLimit(kind);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.byteLength;
    if (total > limit) throw tooLarge(source, kind);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Reads a file up to `readLimit(kind)` bytes; past that, refuses it: a regular file with its size,
 * unread, anything else (`/dev/zero`, a FIFO) once one byte past the limit has been read.
 */
export async function readFileBounded(path: string, kind: EndpointKind): Promise<Uint8Array> {
  const limit = readLimit(kind);
  const handle = await open(path, 'r');
  try {
    // A regular file says its size: refuse it with that size, without reading it.
    const stat = await handle.stat();
    if (stat.isFile() && stat.size > limit) checkSize(stat.size, kind, path);
    const buffer = Buffer.alloc(limit + 1);
    let total = 0;
    while (total < buffer.byteLength) {
      const { bytesRead } = await handle.read(buffer, total, buffer.byteLength - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > limit) throw tooLarge(path, kind);
    return buffer.subarray(0, total);
  } finally {
    await handle.close();
  }
}

function tooLarge(source: string, kind: EndpointKind): PayloadError {
  const limit = MAX_PAYLOAD_BYTES[kind];
  return new PayloadError(
    source,
    {},
    `more than ${formatBytes(limit)}, the most a ${kind === 'serverless' ? 'serverless' : 'real-time'} endpoint accepts (reading stopped there)`,
    'split the payload into smaller requests, or use batch transform or asynchronous inference for large inputs',
  );
}
