/**
 * Pearson's chi-square test of homogeneity for two samples of one categorical feature, and the
 * chi-square distribution's upper tail it needs.
 *
 * Why not a library: the well-kept one (stdlib's chi-square CDF) brings about 200 packages and a
 * native-addon loader for one function; jStat is a 200 KB bundle last released years ago. The
 * upper tail is the regularized upper incomplete gamma function Q(k/2, x/2), computed here as
 * Numerical Recipes does (a series below a + 1, Lentz's continued fraction above, both in log
 * space so large statistics and many degrees of freedom neither overflow nor lose the tail), and
 * tested against the closed forms that exist for every whole number of degrees of freedom.
 */

/** ln Γ(x) for x > 0: Lanczos' approximation (g = 7, n = 9), about 15 significant digits. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the approximation in the range where it is accurate.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < c.length; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;
/** Lentz's method replaces a zero denominator by this, as Numerical Recipes does. */
const TINY = 1e-300;

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x ≥ 0. */
export function upperGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // P(a, x) by its series; Q = 1 − P is accurate here because P is not close to 1.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return Math.max(0, 1 - Math.exp(logPrefix + Math.log(sum)));
  }
  // Q(a, x) by its continued fraction (modified Lentz), which converges fast for x ≥ a + 1.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.min(1, Math.exp(logPrefix + Math.log(h)));
}

/** P(X ≥ statistic) for X chi-square distributed with `df` degrees of freedom. */
export function chiSquareSurvival(statistic: number, df: number): number {
  if (df <= 0) return 1;
  if (!(statistic > 0)) return 1;
  return upperGamma(df / 2, statistic / 2);
}

/** A chi-square test's statistic, degrees of freedom and p-value. */
export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * Whether two samples' counts over the same categories come from one distribution (Pearson's
 * test of homogeneity on the 2 × k table). Categories neither sample saw are left out, so a
 * category only one sample has is a real difference rather than a division by zero; the
 * baseline is a sample too, which is why this is not a goodness-of-fit test against its shares.
 * Undefined when either sample is empty or fewer than two categories were seen.
 */
export function chiSquareHomogeneity(a: ArrayLike<number>, b: ArrayLike<number>): ChiSquareResult | undefined {
  let totalA = 0;
  let totalB = 0;
  for (let i = 0; i < a.length; i++) {
    totalA += a[i]!;
    totalB += b[i]!;
  }
  if (totalA === 0 || totalB === 0) return undefined;
  const total = totalA + totalB;
  let statistic = 0;
  let seen = 0;
  for (let i = 0; i < a.length; i++) {
    const column = a[i]! + b[i]!;
    if (column === 0) continue;
    seen++;
    const expectedA = (column * totalA) / total;
    const expectedB = (column * totalB) / total;
    statistic += (a[i]! - expectedA) ** 2 / expectedA + (b[i]! - expectedB) ** 2 / expectedB;
  }
  if (seen < 2) return undefined;
  const df = seen - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}
