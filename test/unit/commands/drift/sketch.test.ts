import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuantileSketch, quantilesOf, shareAtOrBelow } from '../../../../src/commands/drift/sketch.js';
import { psi } from '../../../../src/commands/drift/compare.js';

const exactRank = (sorted: number[], value: number): number => {
  let n = 0;
  for (const v of sorted) if (v <= value) n++;
  return n / sorted.length;
};

describe('QuantileSketch', () => {
  it("keeps every value's weight: the weights sum to the count", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 3000 }), fc.integer({ min: 2, max: 64 }), (values, k) => {
        const sketch = new QuantileSketch(k);
        for (const v of values) sketch.add(v);
        expect(sketch.weighted().reduce((s, i) => s + i.weight, 0)).toBe(values.length);
        expect(sketch.count).toBe(values.length);
      }),
    );
  });

  it('finds deciles within its rank-error bound, in bounded memory', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 20_000 }), (values) => {
        const k = 128;
        const sketch = new QuantileSketch(k);
        for (const v of values) sketch.add(v);
        const items = sketch.weighted();
        const levels = Math.max(1, Math.ceil(Math.log2(values.length / k)) + 1);
        expect(items.length).toBeLessThanOrEqual(k * levels);
        const sorted = [...values].sort((a, b) => a - b);
        const bound = levels / k + 1 / values.length;
        for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) {
          const [estimate] = quantilesOf(items, [q])!;
          // The estimate's true rank brackets q within the bound (ties make the rank a range).
          const below = sorted.filter((v) => v < estimate!).length / sorted.length;
          const atOrBelow = exactRank(sorted, estimate!);
          expect(below).toBeLessThanOrEqual(q + bound);
          expect(atOrBelow).toBeGreaterThanOrEqual(q - bound);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic and survives the round trip through statistics.json', () => {
    const a = new QuantileSketch(16);
    const b = new QuantileSketch(16);
    for (let i = 0; i < 1000; i++) {
      a.add((i * 7919) % 1009);
      b.add((i * 7919) % 1009);
    }
    expect(a.toData()).toEqual(b.toData());
    const back = QuantileSketch.fromData(a.toData(), 16);
    expect(back.count).toBe(1000);
    expect(back.weighted()).toEqual(a.weighted());
    expect(shareAtOrBelow(back.weighted(), 1008)).toBe(1);
  });
});

describe('psi', () => {
  it('is 0 for the same distribution, and grows with the shift (known value)', () => {
    expect(psi([0.5, 0.5], [0.5, 0.5])).toBe(0);
    // (0.7 − 0.5)·ln(0.7/0.5) + (0.3 − 0.5)·ln(0.3/0.5)
    expect(psi([0.5, 0.5], [0.7, 0.3])).toBeCloseTo(0.2 * Math.log(1.4) - 0.2 * Math.log(0.6), 12);
  });

  it('stays finite when a bin is empty on one side', () => {
    expect(Number.isFinite(psi([1, 0], [0, 1]))).toBe(true);
  });
});
