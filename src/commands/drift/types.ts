import type { FeatureReport, PairReport } from './compare.js';
import type { CaptureCount } from './read-capture.js';

// The drift report's shape, apart from the workflow so that its renderer (report.ts) and the
// workflow (index.ts) do not import each other.

/** One variant's comparison with the baseline. */
export interface VariantReport extends CaptureCount {
  variant: string;
  rows: number;
  features: FeatureReport[];
  /** The model's answers column by column: judged against the output baseline, or `no-baseline` without one. */
  outputs: FeatureReport[];
}

/** Two variants' live traffic and answers compared with each other (an A/B test): `b` on `a`'s bins. */
export interface VariantComparison {
  a: string;
  b: string;
  features: PairReport[];
  outputs: PairReport[];
}

export interface DriftResult {
  stack: string;
  window: { since: string; from: string; to: string };
  baseline: string;
  /** The output baseline (`sagectl baseline --outputs-since`), or null when there is none: outputs are then summarised, not judged. */
  outputBaseline: string | null;
  variants: VariantReport[];
  /** With several variants, every pair of them. */
  comparisons: VariantComparison[];
  /** Every feature (or output, `output: true`) with verdict `drift`, by variant. */
  drifted: Array<{ variant: string; feature: string; output?: true }>;
  verdict: 'ok' | 'warn' | 'drift';
}
