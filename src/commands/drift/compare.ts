import { chiSquareHomogeneity, type ChiSquareResult } from './chi-square.js';
import { QuantileSketch, shareAtOrBelow, quantilesOf } from './sketch.js';
import { categoryOf, numberOf, type FeatureStatistics, type RawValue, type StatisticsFile } from './statistics.js';

/** When a feature has drifted (monitoring.thresholds, with these defaults). */
export interface Thresholds {
  psiWarn: number;
  psiDrift: number;
  /** How much the share of missing values may grow over the baseline's. */
  missing: number;
  /** The share of live values outside the baseline's min–max that counts as drift. */
  outOfRange: number;
  /**
   * Categories: a PSI past psiDrift is drift only when the chi-square test's p-value is at most
   * this (the shift is not chance); otherwise it is a warning. 1 lets PSI decide alone.
   */
  chiSquareP: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { psiWarn: 0.1, psiDrift: 0.25, missing: 0.05, outOfRange: 0.05, chiSquareP: 0.01 };

/**
 * Fewer present live values than this and a feature's PSI is noise, not drift: with b bins and
 * n values drawn from the baseline itself PSI averages about (b − 1) / n, 0.09 at n = 100 with
 * deciles. Such a feature is reported `too-few`, never `drift`.
 */
const MIN_LIVE_VALUES = 100;

const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;
/** A bin with no values counts as this share, so PSI stays finite (the usual convention). */
const EMPTY_SHARE = 1e-4;

/** `no-baseline`: a model output with no output baseline to compare with (live summary only). */
export type Verdict = 'ok' | 'warn' | 'drift' | 'too-few' | 'no-baseline';

/** One feature's (or model output's) comparison, as the table and the JSON document show it. */
export interface FeatureReport {
  name: string;
  kind: 'numeric' | 'categorical';
  baseline: Summary;
  live: Summary;
  psi?: number;
  /** Categories: Pearson's test of homogeneity between the baseline's counts and the live ones. */
  chiSquare?: ChiSquareResult;
  verdict: Verdict;
  /** Why the verdict is not `ok`. */
  reasons: string[];
}

/** A side's summary: counts and, for numbers, mean and range; for categories, the commonest. */
export interface Summary {
  count: number;
  missingRate: number;
  mean?: number;
  min?: number;
  max?: number;
  /** Live only: the share of values outside the baseline's min–max. */
  outOfRange?: number;
  top?: string;
}

/** Population stability index of two distributions over the same bins (shares summing to 1). */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, EMPTY_SHARE);
    const a = Math.max(actual[i]!, EMPTY_SHARE);
    total += (a - e) * Math.log(a / e);
  }
  return total;
}

/** A live side's values as a variant-to-variant comparison reads them: a quantile sketch or category counts. */
export type Distribution = { kind: 'numeric'; items: Array<{ value: number; weight: number }> } | { kind: 'categorical'; counts: ReadonlyMap<string, number> };

/** A live feature's counts over the baseline's bins: fixed size, whatever the traffic. */
export interface LiveFeature {
  readonly kind: FeatureReport['kind'];
  add(raw: RawValue): void;
  report(thresholds: Thresholds): FeatureReport;
  /** Its live values, to compare a variant with another. */
  distribution(): Distribution;
}

/** Live accumulators for every feature of the baseline. */
export function liveFeatures(baseline: StatisticsFile): LiveFeature[] {
  return baseline.features.map((f) => liveFeature(f));
}

/** A live accumulator for one column: compared with `feature`'s baseline statistics, or, without them, summarised only. */
export function liveFeature(feature: FeatureStatistics): LiveFeature {
  return feature.string_statistics ? new LiveCategorical(feature) : new LiveNumeric(feature);
}

/** Live values of a column with no baseline (a model output before `baseline --outputs-since`): numbers or categories. */
export function unbaselinedFeature(name: string, kind: FeatureReport['kind']): LiveFeature {
  return kind === 'categorical' ? new LiveCategorical({ name, inferred_type: 'String' }) : new LiveNumeric({ name, inferred_type: 'Fractional' });
}

/** Categories a live feature keeps apart (beyond the baseline's); the rest are counted together, as the baseline does. */
const MAX_LIVE_CATEGORIES = 1000;

class LiveNumeric implements LiveFeature {
  readonly kind = 'numeric';
  /** Upper edges of the bins but the last (values at or below an edge fall in its bin). */
  private readonly edges: number[];
  private readonly expected: number[];
  private readonly counts: Float64Array;
  /** The live values' quantiles, for the comparison of variants (the baseline's bins may not fit them). */
  private readonly sketch = new QuantileSketch(256);
  private present = 0;
  private missing = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private outside = 0;
  private readonly low: number;
  private readonly high: number;

  constructor(private readonly feature: FeatureStatistics) {
    const stats = feature.numerical_statistics;
    const items = stats ? QuantileSketch.fromData(stats.distribution.kll.sketch.data).weighted() : [];
    // Deciles, without repeats: a feature with few distinct values (0/1) gets fewer, wider bins.
    this.edges = [...new Set(quantilesOf(items, DECILES) ?? [])];
    const below = this.edges.map((e) => shareAtOrBelow(items, e));
    this.expected = [...below, 1].map((share, i) => share - (i === 0 ? 0 : below[i - 1]!));
    this.counts = new Float64Array(this.edges.length + 1);
    this.low = stats?.min ?? Number.NEGATIVE_INFINITY;
    this.high = stats?.max ?? Number.POSITIVE_INFINITY;
  }

  add(raw: RawValue): void {
    const x = numberOf(raw);
    if (Number.isNaN(x)) {
      this.missing++;
      return;
    }
    this.present++;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x < this.low || x > this.high) this.outside++;
    // Nine edges at most: a linear scan beats a binary search at this size.
    const edges = this.edges;
    let bin = 0;
    while (bin < edges.length && x > edges[bin]!) bin++;
    this.counts[bin]!++;
    this.sketch.add(x);
  }

  report(thresholds: Thresholds): FeatureReport {
    const stats = this.feature.numerical_statistics;
    const liveCount = this.present + this.missing;
    const live: Summary = {
      count: liveCount,
      missingRate: liveCount === 0 ? 0 : this.missing / liveCount,
      ...(this.present > 0
        ? { mean: this.sum / this.present, min: this.min, max: this.max, ...(stats ? { outOfRange: this.outside / this.present } : {}) }
        : {}),
    };
    if (!stats) return unbaselined(this.feature.name, this.kind, live);
    const baselineCount = stats.common.num_present + stats.common.num_missing;
    const baseline: Summary = {
      count: baselineCount,
      missingRate: baselineCount === 0 ? 0 : stats.common.num_missing / baselineCount,
      ...(stats.common.num_present > 0 ? { mean: stats.mean, min: stats.min, max: stats.max } : {}),
    };
    const actual = Array.from(this.counts, (c) => (this.present === 0 ? 0 : c / this.present));
    return judge({ name: this.feature.name, kind: this.kind, baseline, live, present: this.present, psi: psi(this.expected, actual) }, thresholds);
  }

  distribution(): Distribution {
    return { kind: 'numeric', items: this.sketch.weighted() };
  }
}

class LiveCategorical implements LiveFeature {
  readonly kind = 'categorical';
  private readonly index = new Map<string, number>();
  /** The baseline's categories come first, in its order; categories it did not list follow. */
  private readonly names: string[];
  private readonly known: number;
  private readonly expected: number[];
  private readonly baselineCounts: number[];
  private readonly counts: number[];
  /** Live values of categories past {@link MAX_LIVE_CATEGORIES} new ones. */
  private overflow = 0;
  private present = 0;
  private missing = 0;

  constructor(private readonly feature: FeatureStatistics) {
    const buckets = feature.string_statistics?.distribution.categorical.buckets ?? [];
    const total = feature.string_statistics?.common.num_present ?? 0;
    buckets.forEach((b, i) => this.index.set(b.value, i));
    this.names = buckets.map((b) => b.value);
    this.known = buckets.length;
    const listed = buckets.reduce((s, b) => s + b.count, 0);
    // The last bin: every value the baseline did not list (new categories, or the baseline's overflow).
    this.baselineCounts = [...buckets.map((b) => b.count), total - listed];
    this.expected = this.baselineCounts.map((c) => (total === 0 ? 0 : c / total));
    this.counts = new Array<number>(buckets.length).fill(0);
  }

  add(raw: RawValue): void {
    const value = categoryOf(raw);
    if (value === undefined) {
      this.missing++;
      return;
    }
    this.present++;
    const at = this.index.get(value);
    if (at !== undefined) this.counts[at]!++;
    else if (this.names.length - this.known < MAX_LIVE_CATEGORIES) {
      this.index.set(value, this.names.length);
      this.names.push(value);
      this.counts.push(1);
    } else this.overflow++;
  }

  /** The live counts over the baseline's bins: its categories, then everything else together. */
  private overBaselineBins(): number[] {
    const bins = this.counts.slice(0, this.known);
    let rest = this.overflow;
    for (let i = this.known; i < this.counts.length; i++) rest += this.counts[i]!;
    bins.push(rest);
    return bins;
  }

  report(thresholds: Thresholds): FeatureReport {
    const stats = this.feature.string_statistics;
    const liveCount = this.present + this.missing;
    let top = -1;
    this.counts.forEach((c, i) => {
      if (c > 0 && (top < 0 || c > this.counts[top]!)) top = i;
    });
    const live: Summary = {
      count: liveCount,
      missingRate: liveCount === 0 ? 0 : this.missing / liveCount,
      ...(top >= 0 ? { top: this.names[top]! } : {}),
    };
    if (!stats) return unbaselined(this.feature.name, this.kind, live);
    const baselineCount = stats.common.num_present + stats.common.num_missing;
    const firstBucket = stats.distribution.categorical.buckets[0];
    const baseline: Summary = {
      count: baselineCount,
      missingRate: baselineCount === 0 ? 0 : stats.common.num_missing / baselineCount,
      ...(firstBucket ? { top: firstBucket.value } : {}),
    };
    const bins = this.overBaselineBins();
    const actual = bins.map((c) => (this.present === 0 ? 0 : c / this.present));
    const test = chiSquareHomogeneity(this.baselineCounts, bins);
    return judge(
      {
        name: this.feature.name,
        kind: this.kind,
        baseline,
        live,
        present: this.present,
        psi: psi(this.expected, actual),
        ...(test ? { chiSquare: test } : {}),
      },
      thresholds,
    );
  }

  distribution(): Distribution {
    const counts = new Map<string, number>();
    this.names.forEach((name, i) => {
      if (this.counts[i]! > 0) counts.set(name, this.counts[i]!);
    });
    if (this.overflow > 0) counts.set('(other)', this.overflow);
    return { kind: 'categorical', counts };
  }
}

function unbaselined(name: string, kind: FeatureReport['kind'], live: Summary): FeatureReport {
  return { name, kind, baseline: { count: 0, missingRate: 0 }, live, verdict: 'no-baseline', reasons: ['no output baseline to compare with'] };
}

interface Comparison {
  name: string;
  kind: FeatureReport['kind'];
  baseline: Summary;
  live: Summary;
  present: number;
  psi: number;
  chiSquare?: ChiSquareResult;
}

/**
 * The verdict: `too-few` under {@link MIN_LIVE_VALUES} live values (unless the missing share
 * alone is drift); `drift` for a PSI past psiDrift (for categories, when the chi-square test also
 * says the shift is not chance), missing values up by more than `missing`, or more than
 * `outOfRange` outside the baseline's range; `warn` for a PSI past psiWarn (or past psiDrift with
 * a chi-square p-value above chiSquareP); else `ok`.
 */
function judge(c: Comparison, t: Thresholds): FeatureReport {
  const rounded = round4(c.psi);
  const base: FeatureReport = {
    name: c.name,
    kind: c.kind,
    baseline: c.baseline,
    live: c.live,
    psi: rounded,
    ...(c.chiSquare ? { chiSquare: roundedTest(c.chiSquare) } : {}),
    verdict: 'ok',
    reasons: [],
  };
  const { baseline, live, present } = c;
  if (present < MIN_LIVE_VALUES && live.missingRate - baseline.missingRate <= t.missing) {
    return { ...base, verdict: 'too-few', reasons: [`${present} live values, fewer than ${MIN_LIVE_VALUES}: PSI would be noise`] };
  }
  const drift: string[] = [];
  const warn: string[] = [];
  if (present >= MIN_LIVE_VALUES && c.psi >= t.psiDrift) {
    if (!c.chiSquare || c.chiSquare.pValue <= t.chiSquareP)
      drift.push(`PSI ${rounded} ≥ ${t.psiDrift}${c.chiSquare ? `, chi-square p ${formatP(c.chiSquare.pValue)}` : ''}`);
    else warn.push(`PSI ${rounded} ≥ ${t.psiDrift}, but chi-square p ${formatP(c.chiSquare.pValue)} > ${t.chiSquareP}: may be chance`);
  }
  if (live.missingRate - baseline.missingRate > t.missing)
    drift.push(`missing ${percent(live.missingRate)}, baseline ${percent(baseline.missingRate)} (more than ${percent(t.missing)} up)`);
  if (present >= MIN_LIVE_VALUES && (live.outOfRange ?? 0) > t.outOfRange)
    drift.push(`${percent(live.outOfRange ?? 0)} outside the baseline's range ${baseline.min}–${baseline.max}`);
  if (drift.length > 0) return { ...base, verdict: 'drift', reasons: drift };
  if (warn.length > 0) return { ...base, verdict: 'warn', reasons: warn };
  if (c.psi >= t.psiWarn) return { ...base, verdict: 'warn', reasons: [`PSI ${rounded} ≥ ${t.psiWarn}`] };
  return base;
}

// ---- variant against variant -----------------------------------------------------------------

/** `differs`: the two variants saw (or answered) differently, by the same thresholds as drift. */
export type PairVerdict = 'same' | 'warn' | 'differs' | 'too-few';

/** One column's comparison of two variants' live values. */
export interface PairReport {
  name: string;
  kind: FeatureReport['kind'];
  psi?: number;
  chiSquare?: ChiSquareResult;
  verdict: PairVerdict;
}

/**
 * Compares variant `b`'s live values with variant `a`'s: PSI on `a`'s live deciles (numbers,
 * from the two quantile sketches) or over the categories either saw, with the chi-square test of
 * homogeneity for categories; verdicts by the drift thresholds.
 */
export function comparePair(name: string, a: Distribution, b: Distribution, t: Thresholds): PairReport {
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    const sizeA = a.items.reduce((s, i) => s + i.weight, 0);
    const sizeB = b.items.reduce((s, i) => s + i.weight, 0);
    if (Math.min(sizeA, sizeB) < MIN_LIVE_VALUES) return { name, kind: 'numeric', verdict: 'too-few' };
    const edges = [...new Set(quantilesOf(a.items, DECILES) ?? [])];
    const shares = (items: typeof a.items): number[] => {
      const below = edges.map((e) => shareAtOrBelow(items, e));
      return [...below, 1].map((share, i) => share - (i === 0 ? 0 : below[i - 1]!));
    };
    const index = psi(shares(a.items), shares(b.items));
    return { name, kind: 'numeric', psi: round4(index), verdict: pairVerdict(index, undefined, t) };
  }
  const countsA = a.kind === 'categorical' ? a.counts : new Map<string, number>();
  const countsB = b.kind === 'categorical' ? b.counts : new Map<string, number>();
  const keys = [...new Set([...countsA.keys(), ...countsB.keys()])];
  const ca = keys.map((k) => countsA.get(k) ?? 0);
  const cb = keys.map((k) => countsB.get(k) ?? 0);
  const sizeA = ca.reduce((s, c) => s + c, 0);
  const sizeB = cb.reduce((s, c) => s + c, 0);
  if (Math.min(sizeA, sizeB) < MIN_LIVE_VALUES) return { name, kind: 'categorical', verdict: 'too-few' };
  const index = psi(
    ca.map((c) => c / sizeA),
    cb.map((c) => c / sizeB),
  );
  const test = chiSquareHomogeneity(ca, cb);
  return { name, kind: 'categorical', psi: round4(index), ...(test ? { chiSquare: roundedTest(test) } : {}), verdict: pairVerdict(index, test, t) };
}

function pairVerdict(index: number, test: ChiSquareResult | undefined, t: Thresholds): PairVerdict {
  if (index >= t.psiDrift) return !test || test.pValue <= t.chiSquareP ? 'differs' : 'warn';
  return index >= t.psiWarn ? 'warn' : 'same';
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function roundedTest(r: ChiSquareResult): ChiSquareResult {
  // Four significant digits: a p-value of 1e-30 stays readable as such.
  return { statistic: round4(r.statistic), df: r.df, pValue: Number(r.pValue.toPrecision(4)) };
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
