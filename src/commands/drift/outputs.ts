import type { CapturedBody } from './capture.js';
import { liveFeature, unbaselinedFeature, type FeatureReport, type LiveFeature, type Thresholds } from './compare.js';
import { rowsOfPayload } from './rows.js';
import { CategoricalAccumulator, NumericAccumulator, numberOf, type FeatureSpec, type RawValue, type StatisticsFile } from './statistics.js';

/**
 * The model's answers as columns: a CSV answer is a row of values (one number for a regression,
 * a label, or a list of class probabilities), a JSON one an array or `{"predictions": [...]}` as
 * invoke's payload module reads it. Column i is named `output` when answers have one value,
 * `output_0`, `output_1`, … otherwise; past {@link MAX_OUTPUT_COLUMNS} columns are not read.
 */
const MAX_OUTPUT_COLUMNS = 10;

/** The values of each row of one captured answer. */
function outputRows(body: CapturedBody): RawValue[][] {
  return rowsOfPayload(body.text, body.contentType, []).map((row) => (row.length === 1 && Array.isArray(row[0]) ? (row[0] as RawValue[]) : row));
}

/** The name of column `i` of answers `width` values wide. */
function outputName(i: number, width: number): string {
  return width === 1 ? 'output' : `output_${i}`;
}

/**
 * The live answers of one variant, column by column: compared with the output baseline when
 * there is one (its columns, its types), else summarised, each column read as numbers when its
 * first value is a number and as categories otherwise.
 */
export class LiveOutputs {
  private readonly columns: LiveFeature[];
  private width: number;

  constructor(private readonly baseline: StatisticsFile | undefined) {
    this.columns = baseline ? baseline.features.map((f) => liveFeature(f)) : [];
    this.width = this.columns.length;
  }

  add(body: CapturedBody): void {
    for (const values of outputRows(body)) {
      const n = this.baseline ? this.columns.length : Math.min(values.length, MAX_OUTPUT_COLUMNS);
      for (let i = 0; i < n; i++) {
        let column = this.columns[i];
        if (!column) {
          const first = values[i];
          column = unbaselinedFeature(`output_${i}`, Number.isNaN(numberOf(first)) && first !== undefined && first !== '' ? 'categorical' : 'numeric');
          this.columns[i] = column;
          this.width = Math.max(this.width, i + 1);
        }
        column.add(values[i]);
      }
    }
  }

  /** The columns, named for the answers' width. */
  features(): Array<{ name: string; feature: LiveFeature }> {
    return this.columns.map((feature, i) => ({ name: this.baseline ? this.baseline.features[i]!.name : outputName(i, this.width), feature }));
  }

  reports(thresholds: Thresholds): FeatureReport[] {
    return this.features().map(({ name, feature }) => ({ ...feature.report(thresholds), name }));
  }
}

/**
 * Statistics of the answers of a reference window, for the output baseline: each column is
 * counted both as numbers and as categories, and written as numbers when every present value
 * was one (a regression's value, a probability, a numeric class), else as categories (labels).
 */
export class OutputBaselineAccumulator {
  private readonly numeric: NumericAccumulator[] = [];
  private readonly categorical: CategoricalAccumulator[] = [];
  rows = 0;

  add(body: CapturedBody): void {
    for (const values of outputRows(body)) {
      this.rows++;
      const n = Math.min(values.length, MAX_OUTPUT_COLUMNS);
      for (let i = 0; i < n; i++) {
        (this.numeric[i] ??= new NumericAccumulator()).add(values[i]);
        (this.categorical[i] ??= new CategoricalAccumulator()).add(values[i]);
      }
    }
  }

  /** The columns' names and types, and the accumulator that holds each. */
  columns(): Array<{ spec: FeatureSpec; accumulator: NumericAccumulator | CategoricalAccumulator }> {
    const width = this.numeric.length;
    return this.numeric.map((numbers, i) => {
      const categories = this.categorical[i]!;
      // Present as categories but missing as numbers: some value was text.
      const text = categories.present > numbers.present;
      const name = outputName(i, width);
      return text ? { spec: { name, type: 'String' }, accumulator: categories } : { spec: { name, type: 'Fractional' }, accumulator: numbers };
    });
  }
}
