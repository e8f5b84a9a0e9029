import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../src/core/concurrency.js';

/** Resolvers that let a test finish calls in any order. */
function controlled(): { started: number[]; finish(item: number): void; fn(item: number): Promise<string> } {
  const started: number[] = [];
  const resolvers = new Map<number, () => void>();
  return {
    started,
    finish: (item) => resolvers.get(item)?.(),
    fn: (item) =>
      new Promise<string>((resolve) => {
        started.push(item);
        resolvers.set(item, () => resolve(`r${item}`));
      }),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and starts the next as one finishes', async () => {
    const c = controlled();
    const done = mapLimit([1, 2, 3, 4, 5], 2, c.fn);
    await tick();
    expect(c.started).toEqual([1, 2]);
    c.finish(2);
    await tick();
    expect(c.started).toEqual([1, 2, 3]);
    c.finish(1);
    c.finish(3);
    await tick();
    expect(c.started).toEqual([1, 2, 3, 4, 5]);
    c.finish(5);
    c.finish(4);
    expect(await done).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('keeps the input order whatever order the calls finish in', async () => {
    const delays = [30, 5, 20, 1, 10];
    const result = await mapLimit(delays, 3, (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms * 2), ms)));
    expect(result).toEqual([60, 10, 40, 2, 20]);
  });

  it.each([0, -3])('treats a limit of %d as 1', async (limit) => {
    const c = controlled();
    const done = mapLimit([1, 2, 3], limit, c.fn);
    await tick();
    expect(c.started).toEqual([1]);
    c.finish(1);
    await tick();
    expect(c.started).toEqual([1, 2]);
    c.finish(2);
    await tick();
    c.finish(3);
    expect(await done).toEqual(['r1', 'r2', 'r3']);
  });

  it('gives an empty list for no items without calling fn', async () => {
    let calls = 0;
    expect(await mapLimit([], 4, async () => ++calls)).toEqual([]);
    expect(calls).toBe(0);
  });

  it('rejects with the first failure', async () => {
    const failure = new Error('DeleteEndpoint failed');
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw failure;
        return n;
      }),
    ).rejects.toBe(failure);
  });
});
