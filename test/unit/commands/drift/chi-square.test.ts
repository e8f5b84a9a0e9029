import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chiSquareHomogeneity, chiSquareSurvival, logGamma, upperGamma } from '../../../../src/commands/drift/chi-square.js';

/** Q(m, y) for whole m, in closed form: e^−y Σ_{i<m} y^i / i!. */
function evenDfSurvival(df: number, x: number): number {
  const y = x / 2;
  let term = Math.exp(-y);
  let sum = term;
  for (let i = 1; i < df / 2; i++) {
    term *= y / i;
    sum += term;
  }
  return sum;
}

const close = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative + 1e-300);
};

describe('chi-square survival function', () => {
  it('gives the textbook critical values their tail probability', () => {
    // The 95th and 99th percentiles of chi-square tables.
    for (const [df, x, p] of [
      [1, 3.841458820694124, 0.05],
      [1, 6.634896601021213, 0.01],
      [10, 18.307038053275146, 0.05],
      [100, 124.34211340400407, 0.05],
    ] as const) {
      close(chiSquareSurvival(x, df), p, 1e-9);
    }
  });

  it('matches the closed form for odd degrees of freedom (erfc plus a finite sum, computed independently)', () => {
    for (const [df, x, p] of [
      [1, 0.5, 0.4795001221869535],
      [1, 20, 7.744216431044074e-6],
      [1, 60, 9.485737571073843e-15],
      [3, 1, 0.8012519569012009],
      [3, 7.814727903251178, 0.050000000000000044],
      [5, 11.070497693516351, 0.05000000000000003],
      [7, 2, 0.9598403687301015],
      [11, 30, 0.001584595257306605],
      [25, 10, 0.9966526407337386],
      [51, 80, 0.005851324693766094],
      [99, 150, 0.0007204453957169471],
      [199, 140, 0.9994798484971148],
    ] as const) {
      close(chiSquareSurvival(x, df), p, 1e-9);
    }
  });

  it('matches the closed form for every even number of degrees of freedom, tails included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 1e-6, max: 1000, noNaN: true }), (half, x) => {
        close(chiSquareSurvival(x, 2 * half), evenDfSurvival(2 * half, x), 1e-9);
      }),
    );
  });

  it('falls as the statistic grows, from 1 at 0 toward 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (df, x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const p = chiSquareSurvival(lo, df);
          const q = chiSquareSurvival(hi, df);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(q).toBeLessThanOrEqual(p + 1e-12);
        },
      ),
    );
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(upperGamma(2, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('computes ln Γ to about 13 digits, small arguments included', () => {
    close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-13);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    close(logGamma(10), Math.log(362880), 1e-13);
    close(logGamma(0.1), 2.2527126517342055, 1e-13);
    close(logGamma(171.5), 709.1431630309282, 1e-13);
  });
});

describe('chi-square test of homogeneity', () => {
  it('computes the textbook 2 × 3 example', () => {
    // 2 × 3 table: expected counts from the margins; statistic by hand.
    const r = chiSquareHomogeneity([10, 20, 30], [20, 20, 20])!;
    const total = 120;
    const columns = [30, 40, 50];
    let expected = 0;
    [10, 20, 30].forEach((o, i) => (expected += (o - (columns[i]! * 60) / total) ** 2 / ((columns[i]! * 60) / total)));
    [20, 20, 20].forEach((o, i) => (expected += (o - (columns[i]! * 60) / total) ** 2 / ((columns[i]! * 60) / total)));
    close(r.statistic, expected, 1e-12);
    expect(r.df).toBe(2);
    close(r.pValue, Math.exp(-expected / 2), 1e-9);
  });

  it('finds no difference between proportional samples, whatever their sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 30 }), fc.integer({ min: 1, max: 50 }), (counts, scale) => {
        fc.pre(counts.filter((c) => c > 0).length >= 2);
        const r = chiSquareHomogeneity(
          counts,
          counts.map((c) => c * scale),
        )!;
        expect(r.statistic).toBeLessThan(1e-9);
        expect(r.pValue).toBeGreaterThan(0.999);
      }),
    );
  });

  it('leaves out categories neither sample saw, and needs two categories and two samples', () => {
    expect(chiSquareHomogeneity([5, 0, 5], [5, 0, 5])!.df).toBe(1);
    expect(chiSquareHomogeneity([5, 0], [5, 0])).toBeUndefined();
    expect(chiSquareHomogeneity([0, 0], [5, 5])).toBeUndefined();
  });

  it('calls a category only the live sample has a difference', () => {
    const r = chiSquareHomogeneity([500, 500, 0], [400, 400, 200])!;
    expect(r.pValue).toBeLessThan(1e-10);
  });
});
