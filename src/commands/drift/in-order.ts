/**
 * Reads `items` one after another while the next ones' requests are already out: at most
 * `concurrency` opened at once, the one being consumed included, and a single body consumed at a
 * time.
 *
 * Why not a pool of `concurrency` readers each consuming its own body: interleaved bodies each
 * wait while the others are parsed, so their network chunks outlive two young-generation
 * collections and are promoted, and their (external) buffers are then freed only by a full
 * collection, which V8 runs late. At a million captured records that held about 25 MB more
 * than one reader did (issue 14's "flat memory"). An opened body that is not read yet holds only
 * what its stream buffers before it pauses the socket.
 *
 * `consume` returns false to stop: the bodies opened ahead are then closed unread.
 */
export async function forEachInOrder<T, B>(
  items: readonly T[],
  concurrency: number,
  open: (item: T) => Promise<B>,
  consume: (body: B, item: T) => Promise<boolean>,
): Promise<void> {
  const ahead: Array<{ item: T; body: Promise<B> }> = [];
  let next = 0;
  const start = (): { item: T; body: Promise<B> } => {
    const item = items[next++]!;
    const body = open(item);
    // Awaited in turn below; until then a failure must not count as unhandled.
    body.catch(() => undefined);
    return { item, body };
  };
  try {
    for (;;) {
      const current = ahead.shift() ?? (next < items.length ? start() : undefined);
      if (!current) return;
      while (next < items.length && ahead.length < concurrency - 1) ahead.push(start());
      if (!(await consume(await current.body, current.item))) return;
    }
  } finally {
    for (const { body } of ahead) void body.then(close, () => undefined);
  }
}

/** Closes a body nobody will read (a Node stream is destroyed; another async iterable is returned). */
function close(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const stream = body as { destroy?: () => void; [Symbol.asyncIterator]?: () => AsyncIterator<unknown> };
  if (typeof stream.destroy === 'function') stream.destroy();
  else void stream[Symbol.asyncIterator]?.().return?.();
}
