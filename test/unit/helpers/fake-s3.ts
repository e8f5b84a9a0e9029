import type { ObjectInfo } from '../../../src/services/s3.js';

/**
 * An in-memory S3 with the calls baseline and drift make. Objects are read back in small chunks
 * (`chunkSize`), so line splitting across chunk boundaries is exercised on every read; `reads`
 * records each GetObject, `peakOpen` the most streams being read at once, and `peakRequested` the
 * most bodies requested and not yet read to the end or closed (`requested` now).
 */
export class FakeS3 {
  readonly objects = new Map<string, Uint8Array>();
  readonly reads: string[] = [];
  readonly written: string[] = [];
  private open = 0;
  peakOpen = 0;
  requested = 0;
  peakRequested = 0;

  constructor(private readonly chunkSize = 7) {}

  put(bucket: string, key: string, body: string | Uint8Array): void {
    this.objects.set(`${bucket}/${key}`, typeof body === 'string' ? Buffer.from(body) : body);
  }

  text(bucket: string, key: string): string | undefined {
    const body = this.objects.get(`${bucket}/${key}`);
    return body ? Buffer.from(body).toString('utf8') : undefined;
  }

  listObjects(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const found = [...this.objects]
      .filter(([k]) => k.startsWith(`${bucket}/${prefix}`))
      .map(([k, v]) => ({ key: k.slice(bucket.length + 1), size: v.byteLength }))
      .sort((a, b) => a.key.localeCompare(b.key));
    return Promise.resolve(found);
  }

  listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders = new Set<string>();
    for (const k of this.objects.keys()) {
      if (!k.startsWith(`${bucket}/${prefix}`)) continue;
      const rest = k.slice(bucket.length + 1 + prefix.length);
      if (rest.includes('/')) folders.add(rest.split('/')[0]!);
    }
    return Promise.resolve([...folders].sort());
  }

  read(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    const body = this.objects.get(`${bucket}/${key}`);
    if (!body) return Promise.reject(Object.assign(new Error(`NoSuchKey ${key}`), { name: 'NoSuchKey' }));
    this.reads.push(key);
    this.requested++;
    this.peakRequested = Math.max(this.peakRequested, this.requested);
    let finished = false;
    const finish = (): void => {
      if (!finished) this.requested--;
      finished = true;
    };
    const stream = this.stream(body);
    // A body closed before its first read never runs the generator's finally: count it here.
    return Promise.resolve({
      [Symbol.asyncIterator]: (): AsyncIterator<Uint8Array> => {
        const inner = stream[Symbol.asyncIterator]();
        return {
          next: async () => {
            const r = await inner.next();
            if (r.done) finish();
            return r;
          },
          return: async (value?: unknown) => {
            finish();
            return (await inner.return?.(value)) ?? { done: true, value: undefined };
          },
        };
      },
    });
  }

  private async *stream(body: Uint8Array): AsyncIterable<Uint8Array> {
    this.open++;
    this.peakOpen = Math.max(this.peakOpen, this.open);
    try {
      for (let i = 0; i < body.byteLength; i += this.chunkSize) {
        await Promise.resolve();
        yield body.subarray(i, i + this.chunkSize);
      }
    } finally {
      this.open--;
    }
  }

  readText(bucket: string, key: string): Promise<string | undefined> {
    return Promise.resolve(this.text(bucket, key));
  }

  write(bucket: string, key: string, body: string): Promise<void> {
    this.written.push(`s3://${bucket}/${key}`);
    this.put(bucket, key, body);
    return Promise.resolve();
  }
}
