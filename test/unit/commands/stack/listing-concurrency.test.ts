import { describe, expect, it } from 'vitest';
import { managedStackNames, type StackLister } from '../../../../src/commands/stack/listing.js';
import { DEFAULT_CONCURRENCY } from '../../../../src/core/concurrency.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A lister whose ListTags calls stay open until released, counting how many are in flight at once. */
function slowLister(count: number): StackLister & { inFlight: number; maxInFlight: number; release(): void } {
  const pending: (() => void)[] = [];
  const lister = {
    inFlight: 0,
    maxInFlight: 0,
    release: () => pending.splice(0).forEach((resolve) => resolve()),
    listEndpoints: () =>
      Promise.resolve(
        Array.from({ length: count }, (_, i) => ({ name: `ep-${String(i).padStart(2, '0')}`, arn: `arn:aws:sagemaker:us-east-1:1:endpoint/ep-${i}` })),
      ),
    listTags: async (arn: string) => {
      lister.inFlight += 1;
      lister.maxInFlight = Math.max(lister.maxInFlight, lister.inFlight);
      await new Promise<void>((resolve) => pending.push(resolve));
      lister.inFlight -= 1;
      const i = Number(arn.split('-').pop());
      return i % 2 === 0 ? { 'sagectl:managed-by': 'sagectl', 'sagectl:stack': `stack-${String(i).padStart(2, '0')}` } : {};
    },
  };
  return lister as unknown as StackLister & typeof lister;
}

describe('managedStackNames', () => {
  it('reads the tags of many endpoints side by side, but never more than DEFAULT_CONCURRENCY at once (ListTags is throttled per account)', async () => {
    const lister = slowLister(3 * DEFAULT_CONCURRENCY + 1);
    const names = managedStackNames(lister);
    while (lister.inFlight > 0 || lister.maxInFlight === 0) {
      await tick();
      if (lister.inFlight > 0) lister.release();
    }
    const result = await names;
    expect(lister.maxInFlight).toBe(DEFAULT_CONCURRENCY);
    expect(DEFAULT_CONCURRENCY).toBeGreaterThan(1);
    expect(result).toHaveLength(Math.ceil((3 * DEFAULT_CONCURRENCY + 1) / 2));
    expect(result).toEqual([...result].sort());
    expect(result[0]).toBe('stack-00');
  });
});
