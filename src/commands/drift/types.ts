import type { FeatureReport } from './compare.js';
import type { OutputSummary } from './outputs.js';

// The drift report's shape, apart from the workflow so that its renderer (report.ts) and the
// workflow (index.ts) do not import each other.

/** One variant's comparison with the baseline. */
export interface VariantReport {
  variant: string;
  files: number;
  records: number;
  rows: number;
  /** Records or payloads that did not parse: counted, never fatal. */
  unparsable: number;
  /** Records in the window's hour folders but outside the window itself. */
  outsideWindow: number;
  /** `--max-records` stopped the read before every file of the window was read. */
  sampled: boolean;
  features: FeatureReport[];
  outputs: OutputSummary[];
}

export interface DriftResult {
  stack: string;
  window: { since: string; from: string; to: string };
  baseline: string;
  variants: VariantReport[];
  /** Every feature with verdict `drift`, by variant. */
  drifted: Array<{ variant: string; feature: string }>;
  verdict: 'ok' | 'warn' | 'drift';
}
