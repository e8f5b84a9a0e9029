import { Writable } from 'node:stream';

/** A writable stream that keeps everything written to it, for stdout/stderr checks. */
export interface MemoryStream extends Writable {
  text(): string;
}

export function memoryStream(): MemoryStream {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  }) as MemoryStream;
  stream.text = () => chunks.join('');
  return stream;
}
