import { rowsOfPayload } from './rows.js';
import type { CapturedBody } from './capture.js';
import { numberOf } from './statistics.js';

/** The model's answers, one summary per output column. */
export interface OutputSummary {
  /** `output` for a single value, else `output_0`, `output_1`, …. */
  name: string;
  count: number;
  /** Values that were not numbers (labels, text). */
  nonNumeric: number;
  mean?: number;
  min?: number;
  max?: number;
}

/** Answers of more columns than this are summarised for the first ones only. */
const MAX_OUTPUT_COLUMNS = 10;

/** Fixed-size running summaries of the endpoint's outputs (CSV or JSON answers). */
export class OutputAccumulator {
  private readonly columns: Array<{ count: number; nonNumeric: number; sum: number; min: number; max: number }> = [];
  private width = 0;

  add(body: CapturedBody): void {
    for (const row of rowsOfPayload(body.text, body.contentType, [])) {
      const values = row.length === 1 && Array.isArray(row[0]) ? (row[0] as unknown[]) : row;
      const n = Math.min(values.length, MAX_OUTPUT_COLUMNS);
      this.width = Math.max(this.width, n);
      for (let i = 0; i < n; i++) {
        const c = (this.columns[i] ??= { count: 0, nonNumeric: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY });
        const x = numberOf(values[i] as never);
        c.count++;
        if (Number.isNaN(x)) {
          c.nonNumeric++;
          continue;
        }
        c.sum += x;
        if (x < c.min) c.min = x;
        if (x > c.max) c.max = x;
      }
    }
  }

  summaries(): OutputSummary[] {
    return this.columns.slice(0, this.width).map((c, i) => {
      const numeric = c.count - c.nonNumeric;
      return {
        name: this.width === 1 ? 'output' : `output_${i}`,
        count: c.count,
        nonNumeric: c.nonNumeric,
        ...(numeric > 0 ? { mean: c.sum / numeric, min: c.min, max: c.max } : {}),
      };
    });
  }
}
