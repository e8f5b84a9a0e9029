import * as z from 'zod';
import { QuantileSketch } from './sketch.js';

/**
 * Per-feature statistics of a data set, in the shape of Model Monitor's `statistics.json` and
 * `constraints.json`
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-byoc-statistics.html,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-byoc-constraints.html), so the
 * baseline `sagectl baseline` writes can be handed to a Model Monitor schedule unchanged.
 */

/** Model Monitor's inferred types: whole numbers, other numbers, text. */
export type InferredType = 'Integral' | 'Fractional' | 'String';

/** One feature of the rows: its name and how its values are read. */
export interface FeatureSpec {
  name: string;
  type: InferredType;
}

/** Categories kept per feature; the rest are counted together (bounded memory on free text). */
const MAX_CATEGORIES = 1000;
/** Equal-width histogram buckets in `distribution.kll.buckets`, as Model Monitor writes 10. */
const HISTOGRAM_BUCKETS = 10;
const SKETCH_K = 512;

/** A value as it comes out of a row: CSV text, a JSON value, or nothing. */
export type RawValue = string | number | boolean | null | undefined;

/** A number from a raw value; NaN when it is missing or not a number (counted as missing, as Model Monitor does). */
export function numberOf(raw: RawValue): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string' || raw === '') return Number.NaN;
  // Number('') is 0 and Number(' ') too: the empty case is handled above, the rest parse strictly.
  const n = Number(raw);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** The text of a categorical value; undefined when missing. */
export function categoryOf(raw: RawValue): string | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  return String(raw);
}

/** Counts, moments, extremes and a quantile sketch of one numeric feature. */
export class NumericAccumulator {
  present = 0;
  missing = 0;
  sum = 0;
  private mean = 0;
  private m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly sketch = new QuantileSketch(SKETCH_K);

  add(raw: RawValue): void {
    const x = numberOf(raw);
    if (Number.isNaN(x)) {
      this.missing++;
      return;
    }
    this.present++;
    this.sum += x;
    // Welford's update: a stable variance in one pass.
    const delta = x - this.mean;
    this.mean += delta / this.present;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.sketch.add(x);
  }

  get stdDev(): number {
    return this.present > 0 ? Math.sqrt(this.m2 / this.present) : 0;
  }

  get average(): number {
    return this.mean;
  }
}

/** Counts of each category (at most {@link MAX_CATEGORIES}, the rest together). */
export class CategoricalAccumulator {
  present = 0;
  missing = 0;
  readonly counts = new Map<string, number>();
  other = 0;

  add(raw: RawValue): void {
    const value = categoryOf(raw);
    if (value === undefined) {
      this.missing++;
      return;
    }
    this.present++;
    const seen = this.counts.get(value);
    if (seen !== undefined) this.counts.set(value, seen + 1);
    else if (this.counts.size < MAX_CATEGORIES) this.counts.set(value, 1);
    else this.other++;
  }
}

export type Accumulator = NumericAccumulator | CategoricalAccumulator;

/** An accumulator for each feature, fed one row at a time. */
export class DatasetAccumulator {
  readonly accumulators: Accumulator[];
  rows = 0;

  constructor(readonly features: readonly FeatureSpec[]) {
    this.accumulators = features.map((f) => (f.type === 'String' ? new CategoricalAccumulator() : new NumericAccumulator()));
  }

  /** One row: its values in feature order (a short row leaves the rest missing). */
  addRow(values: readonly RawValue[]): void {
    this.rows++;
    const accumulators = this.accumulators;
    for (let i = 0; i < accumulators.length; i++) accumulators[i]!.add(values[i]);
  }
}

// ---- the files -----------------------------------------------------------------------------

const common = z.object({ num_present: z.number(), num_missing: z.number() });
const numericalStatistics = z.object({
  common,
  mean: z.number(),
  sum: z.number(),
  std_dev: z.number(),
  min: z.number(),
  max: z.number(),
  distribution: z.object({
    kll: z.object({
      buckets: z.array(z.object({ lower_bound: z.number(), upper_bound: z.number(), count: z.number() })),
      sketch: z.object({ parameters: z.object({ c: z.number(), k: z.number() }), data: z.array(z.array(z.number())) }),
    }),
  }),
});
const stringStatistics = z.object({
  common,
  distinct_count: z.number(),
  distribution: z.object({ categorical: z.object({ buckets: z.array(z.object({ value: z.string(), count: z.number() })) }) }),
});
const featureStatistics = z.object({
  name: z.string(),
  inferred_type: z.enum(['Integral', 'Fractional', 'String']),
  numerical_statistics: numericalStatistics.optional(),
  string_statistics: stringStatistics.optional(),
});
/** The schema of a statistics.json sagectl reads back (Model Monitor's own files pass it too). */
export const statisticsFileSchema = z.object({
  version: z.number(),
  dataset: z.object({ item_count: z.number() }),
  features: z.array(featureStatistics),
});
export type StatisticsFile = z.infer<typeof statisticsFileSchema>;
export type FeatureStatistics = z.infer<typeof featureStatistics>;

/** statistics.json for what was accumulated. */
export function statisticsFile(data: Pick<DatasetAccumulator, 'rows' | 'features' | 'accumulators'>): StatisticsFile {
  return {
    version: 0.0,
    dataset: { item_count: data.rows },
    features: data.features.map((f, i) => featureStatisticsOf(f, data.accumulators[i]!)),
  };
}

function featureStatisticsOf(feature: FeatureSpec, acc: Accumulator): FeatureStatistics {
  if (acc instanceof CategoricalAccumulator) {
    const buckets = [...acc.counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      name: feature.name,
      inferred_type: 'String',
      string_statistics: {
        common: { num_present: acc.present, num_missing: acc.missing },
        distinct_count: acc.counts.size + (acc.other > 0 ? 1 : 0),
        distribution: { categorical: { buckets } },
      },
    };
  }
  const empty = acc.present === 0;
  return {
    name: feature.name,
    inferred_type: feature.type,
    numerical_statistics: {
      common: { num_present: acc.present, num_missing: acc.missing },
      mean: empty ? 0 : acc.average,
      sum: acc.sum,
      std_dev: acc.stdDev,
      min: empty ? 0 : acc.min,
      max: empty ? 0 : acc.max,
      distribution: {
        kll: {
          buckets: empty ? [] : histogram(acc),
          sketch: { parameters: { c: 1, k: acc.sketch.k }, data: acc.sketch.toData() },
        },
      },
    },
  };
}

/** Equal-width buckets between min and max, counted from the sketch (as Model Monitor's KLL buckets are). */
function histogram(acc: NumericAccumulator): Array<{ lower_bound: number; upper_bound: number; count: number }> {
  const width = (acc.max - acc.min) / HISTOGRAM_BUCKETS;
  const buckets = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => ({
    lower_bound: acc.min + i * width,
    upper_bound: i === HISTOGRAM_BUCKETS - 1 ? acc.max : acc.min + (i + 1) * width,
    count: 0,
  }));
  for (const { value, weight } of acc.sketch.weighted()) {
    const i = width === 0 ? 0 : Math.min(HISTOGRAM_BUCKETS - 1, Math.floor((value - acc.min) / width));
    buckets[i]!.count += weight;
  }
  return buckets;
}

/** constraints.json: what Model Monitor checks each hour, suggested from the statistics as its baselining job does. */
export function constraintsFile(stats: StatisticsFile, comparisonThreshold: number): unknown {
  return {
    version: 0.0,
    features: stats.features.map((f) => {
      const c = f.numerical_statistics?.common ?? f.string_statistics?.common;
      const total = c ? c.num_present + c.num_missing : 0;
      return {
        name: f.name,
        inferred_type: f.inferred_type,
        completeness: total === 0 ? 0 : (c?.num_present ?? 0) / total,
        ...(f.numerical_statistics ? { num_constraints: { is_non_negative: f.numerical_statistics.min >= 0 } } : {}),
        ...(f.string_statistics ? { string_constraints: { domains: f.string_statistics.distribution.categorical.buckets.map((b) => b.value) } } : {}),
      };
    }),
    monitoring_config: {
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 1.0,
      domain_content_threshold: 1.0,
      distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: comparisonThreshold, comparison_method: 'Robust' },
    },
  };
}
