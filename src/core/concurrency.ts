import pLimit from 'p-limit';

/** Independent AWS calls run concurrently, but never more than this many at once per command. */
export const DEFAULT_CONCURRENCY = 8;

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const limiter = pLimit(Math.max(1, limit));
  return Promise.all(items.map((item) => limiter(() => fn(item))));
}
