import { describe, expect, it } from 'vitest';
import { lazyService } from '../../../src/services/lazy.js';

class Counter {
  total = 0;
  async add(n: number, m: number): Promise<number> {
    this.total += n + m;
    return this.total;
  }
}

describe('lazyService', () => {
  it('builds the service on the first call only, and forwards arguments and `this`', async () => {
    let builds = 0;
    const lazy = lazyService(async () => {
      builds += 1;
      return new Counter();
    });
    expect(builds).toBe(0);
    expect(await lazy.add(1, 2)).toBe(3);
    expect(await Promise.all([lazy.add(1, 0), lazy.add(0, 1)])).toEqual([4, 5]);
    expect(builds).toBe(1);
  });

  it('is not a thenable, so awaiting it builds nothing', async () => {
    let builds = 0;
    const lazy = lazyService(async () => {
      builds += 1;
      return new Counter();
    });
    // What `await` does with a value: look for a callable `then`.
    expect(typeof (lazy as unknown as { then?: unknown }).then).toBe('undefined');
    expect(await Promise.resolve(lazy)).toBe(lazy);
    expect(builds).toBe(0);
  });

  it('a failure to build (no credentials, say) is the failure of the call', async () => {
    const lazy = lazyService<Counter>(() => Promise.reject(new Error('no region')));
    await expect(lazy.add(1, 1)).rejects.toThrow('no region');
  });
});
