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
}

export const DEFAULT_THRESHOLDS: Thresholds = { psiWarn: 0.1, psiDrift: 0.25, missing: 0.05, outOfRange: 0.05 };

/**
 * Fewer present live values than this and a feature's PSI is noise, not drift: with b bins and
 * n values drawn from the baseline itself PSI averages about (b − 1) / n, 0.09 at n = 100 with
 * deciles. Such a feature is reported `too-few`, never `drift`.
 */
const MIN_LIVE_VALUES = 100;

const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;
/** A bin with no values counts as this share, so PSI stays finite (the usual convention). */
const EMPTY_SHARE = 1e-4;

export type Verdict = 'ok' | 'warn' | 'drift' | 'too-few';

/** One feature's comparison, as the table and the JSON document show it. */
export interface FeatureReport {
  name: string;
  kind: 'numeric' | 'categorical';
  baseline: Summary;
  live: Summary;
  psi?: number;
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

/** A live feature's counts over the baseline's bins: fixed size, whatever the traffic. */
export interface LiveFeature {
  add(raw: RawValue): void;
  report(thresholds: Thresholds): FeatureReport;
}

/** Live accumulators for every feature of the baseline. */
export function liveFeatures(baseline: StatisticsFile): LiveFeature[] {
  return baseline.features.map((f) => (f.string_statistics ? new LiveCategorical(f) : new LiveNumeric(f)));
}

class LiveNumeric implements LiveFeature {
  /** Upper edges of the bins but the last (values at or below an edge fall in its bin). */
  private readonly edges: number[];
  private readonly expected: number[];
  private readonly counts: Float64Array;
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
  }

  report(thresholds: Thresholds): FeatureReport {
    const stats = this.feature.numerical_statistics;
    const baselineCount = stats ? stats.common.num_present + stats.common.num_missing : 0;
    const liveCount = this.present + this.missing;
    const live: Summary = {
      count: liveCount,
      missingRate: liveCount === 0 ? 0 : this.missing / liveCount,
      ...(this.present > 0 ? { mean: this.sum / this.present, min: this.min, max: this.max, outOfRange: this.outside / this.present } : {}),
    };
    const baseline: Summary = {
      count: baselineCount,
      missingRate: baselineCount === 0 ? 0 : (stats?.common.num_missing ?? 0) / baselineCount,
      ...(stats && stats.common.num_present > 0 ? { mean: stats.mean, min: stats.min, max: stats.max } : {}),
    };
    const actual = Array.from(this.counts, (c) => (this.present === 0 ? 0 : c / this.present));
    return judge(this.feature.name, 'numeric', baseline, live, this.present, psi(this.expected, actual), thresholds);
  }
}

class LiveCategorical implements LiveFeature {
  private readonly index = new Map<string, number>();
  private readonly expected: number[];
  private readonly counts: Float64Array;
  private present = 0;
  private missing = 0;

  constructor(private readonly feature: FeatureStatistics) {
    const buckets = feature.string_statistics?.distribution.categorical.buckets ?? [];
    const total = feature.string_statistics?.common.num_present ?? 0;
    buckets.forEach((b, i) => this.index.set(b.value, i));
    const known = buckets.reduce((s, b) => s + b.count, 0);
    // The last bin: every value the baseline did not list (new categories, or the baseline's overflow).
    this.expected = [...buckets.map((b) => (total === 0 ? 0 : b.count / total)), total === 0 ? 0 : (total - known) / total];
    this.counts = new Float64Array(buckets.length + 1);
  }

  add(raw: RawValue): void {
    const value = categoryOf(raw);
    if (value === undefined) {
      this.missing++;
      return;
    }
    this.present++;
    this.counts[this.index.get(value) ?? this.counts.length - 1]!++;
  }

  report(thresholds: Thresholds): FeatureReport {
    const stats = this.feature.string_statistics;
    const baselineCount = stats ? stats.common.num_present + stats.common.num_missing : 0;
    const liveCount = this.present + this.missing;
    let top = -1;
    this.counts.forEach((c, i) => {
      if (c > 0 && (top < 0 || c > this.counts[top]!)) top = i;
    });
    const names = [...this.index.keys()];
    const live: Summary = {
      count: liveCount,
      missingRate: liveCount === 0 ? 0 : this.missing / liveCount,
      ...(top >= 0 ? { top: names[top] ?? '(other)' } : {}),
    };
    const firstBucket = stats?.distribution.categorical.buckets[0];
    const baseline: Summary = {
      count: baselineCount,
      missingRate: baselineCount === 0 ? 0 : (stats?.common.num_missing ?? 0) / baselineCount,
      ...(firstBucket ? { top: firstBucket.value } : {}),
    };
    const actual = Array.from(this.counts, (c) => (this.present === 0 ? 0 : c / this.present));
    return judge(this.feature.name, 'categorical', baseline, live, this.present, psi(this.expected, actual), thresholds);
  }
}

function judge(name: string, kind: FeatureReport['kind'], baseline: Summary, live: Summary, present: number, index: number, t: Thresholds): FeatureReport {
  const rounded = Math.round(index * 10_000) / 10_000;
  const base = { name, kind, baseline, live, psi: rounded };
  if (present < MIN_LIVE_VALUES && live.missingRate - baseline.missingRate <= t.missing) {
    return { ...base, verdict: 'too-few', reasons: [`${present} live values, fewer than ${MIN_LIVE_VALUES}: PSI would be noise`] };
  }
  const drift: string[] = [];
  if (present >= MIN_LIVE_VALUES && index >= t.psiDrift) drift.push(`PSI ${rounded} ≥ ${t.psiDrift}`);
  if (live.missingRate - baseline.missingRate > t.missing)
    drift.push(`missing ${percent(live.missingRate)}, baseline ${percent(baseline.missingRate)} (more than ${percent(t.missing)} up)`);
  if (present >= MIN_LIVE_VALUES && (live.outOfRange ?? 0) > t.outOfRange)
    drift.push(`${percent(live.outOfRange ?? 0)} outside the baseline's range ${baseline.min}–${baseline.max}`);
  if (drift.length > 0) return { ...base, verdict: 'drift', reasons: drift };
  if (index >= t.psiWarn) return { ...base, verdict: 'warn', reasons: [`PSI ${rounded} ≥ ${t.psiWarn}`] };
  return { ...base, verdict: 'ok', reasons: [] };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
