import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { counted } from '../../core/plural.js';
import { joinKey, s3UriOf } from '../../core/s3-uri.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { parseCsv } from '../../payload/csv.js';
import type { S3Service } from '../../services/s3.js';
import { ServiceFactory } from '../../services/factory.js';
import { formatDuration } from '../../core/duration.js';
import { parseBaselineFlags } from './flags.js';
import { assertStackName, names } from '../../core/names.js';
import type { BaselineFlags } from './cli.js';
import { forEachLine } from './lines.js';
import { OutputBaselineAccumulator } from './outputs.js';
import { capturedVariants, readCapture } from './read-capture.js';
import { jsonRow } from './rows.js';
import { CONSTRAINTS_FILE, monitoringSettings, OUTPUT_STATISTICS_FILE, STATISTICS_FILE, type BaselineData, type MonitoringSettings } from './settings.js';
import { constraintsFile, DatasetAccumulator, statisticsFile, type FeatureSpec, type RawValue } from './statistics.js';

/** The S3 calls baseline makes (listFolders and a capture read only for the output baseline). */
export type BaselineS3 = Pick<S3Service, 'listObjects' | 'read' | 'write' | 'listFolders'>;

export interface BaselineOptions {
  /** Also take the answers captured in the last `outputsSinceMs` as the output baseline. */
  outputsSinceMs?: number;
}

/** Capture files requested at once for the output baseline (as drift's default). */
const CAPTURE_CONCURRENCY = 4;

/** A training row longer than this is skipped and counted: no CSV row of features is near it. */
const MAX_ROW_BYTES = 1024 * 1024;

export interface BaselineResult {
  stack: string;
  /** The objects read. */
  sources: string[];
  rows: number;
  /** Lines that did not parse (or were too long): counted, never fatal. */
  unparsable: number;
  statistics: string;
  constraints: string;
  /** The output baseline, when one was asked for (`--outputs-since`): where it went, or why not. */
  outputs?: { since: string; records: number; rows: number; written: string | null; columns: Array<{ name: string; type: string }> };
  features: Array<{ name: string; type: string; present: number; missing: number; mean?: number; min?: number; max?: number; top?: string }>;
}

/**
 * Streams the stack's training data once (monitoring.baseline) and writes per-feature statistics
 * and suggested constraints, in Model Monitor's format, to `baseline/<stack>/` beside the capture
 * prefix. Files are read one after another so the same data always gives the same file.
 */
export async function baseline(ctx: CommandContext, s3: BaselineS3, stack: string, options: BaselineOptions = {}): Promise<BaselineResult> {
  assertStackName(stack);
  const settings = monitoringSettings(ctx, stack, 'baseline');
  const data = settings.data;
  if (!data) {
    throw new UsageError('monitoring.baseline is not set: nothing to compute the baseline from', 'set monitoring.baseline to the S3 URI of the training data');
  }
  const objects = (await s3.listObjects(data.location.bucket, data.location.key)).filter((o) => o.size > 0 && !o.key.endsWith('/'));
  if (objects.length === 0)
    throw new UsageError(`monitoring.baseline: no data under ${s3UriOf(data.location)}`, 'check the URI, or upload the training data there');
  const acc = new DatasetAccumulator(settings.features);
  let unparsable = 0;
  for (const object of objects) {
    ctx.logger.info(`reading s3://${data.location.bucket}/${object.key} (${object.size} bytes)`);
    const reader = rowReader(data, settings.features);
    const seen = await forEachLine(
      await s3.read(data.location.bucket, object.key),
      (line) => {
        if (line.trim() === '') return;
        try {
          const row = reader(line);
          if (row) acc.addRow(row);
        } catch {
          unparsable++;
        }
      },
      MAX_ROW_BYTES,
    );
    unparsable += seen.tooLong;
  }
  if (unparsable > 0) ctx.logger.warn(`${counted(unparsable, 'line')} of the training data did not parse and were skipped`);
  const stats = statisticsFile(acc);
  const folder = settings.baselineFolder;
  const statisticsKey = joinKey(folder.key, STATISTICS_FILE);
  const constraintsKey = joinKey(folder.key, CONSTRAINTS_FILE);
  await s3.write(folder.bucket, statisticsKey, JSON.stringify(stats), 'application/json');
  await s3.write(folder.bucket, constraintsKey, JSON.stringify(constraintsFile(stats, settings.thresholds.psiWarn), null, 2), 'application/json');
  const outputs = options.outputsSinceMs !== undefined ? await outputBaseline(ctx, s3, settings, options.outputsSinceMs) : undefined;
  return {
    stack,
    ...(outputs ? { outputs } : {}),
    sources: objects.map((o) => `s3://${data.location.bucket}/${o.key}`),
    rows: acc.rows,
    unparsable,
    statistics: s3UriOf({ bucket: folder.bucket, key: statisticsKey }),
    constraints: s3UriOf({ bucket: folder.bucket, key: constraintsKey }),
    features: stats.features.map((f) => {
      const n = f.numerical_statistics;
      const s = f.string_statistics;
      const common = n?.common ?? s?.common ?? { num_present: 0, num_missing: 0 };
      return {
        name: f.name,
        type: f.inferred_type,
        present: common.num_present,
        missing: common.num_missing,
        ...(n && common.num_present > 0 ? { mean: n.mean, min: n.min, max: n.max } : {}),
        ...(s?.distribution.categorical.buckets[0] ? { top: s.distribution.categorical.buckets[0].value } : {}),
      };
    }),
  };
}

/**
 * The output baseline: the answers every variant gave in the last `sinceMs`, column by column, in
 * statistics.json's shape (output-statistics.json beside the baseline). Taken from captured
 * traffic rather than by sending the training data to the endpoint: such requests would be
 * captured too, and drift would then read them as live traffic. Nothing is written when the
 * window holds no answers (a warning says so).
 */
async function outputBaseline(
  ctx: CommandContext,
  s3: BaselineS3,
  settings: MonitoringSettings,
  sinceMs: number,
): Promise<NonNullable<BaselineResult['outputs']>> {
  const to = ctx.clock.now().getTime();
  const endpoint = names.endpoint(settings.stack);
  const acc = new OutputBaselineAccumulator();
  let records = 0;
  for (const variant of await capturedVariants(s3, settings.capture, endpoint)) {
    const seen = await readCapture(s3, settings.capture, { endpoint, variant, from: to - sinceMs, to, concurrency: CAPTURE_CONCURRENCY }, (record) => {
      if (record.output) acc.add(record.output);
    });
    records += seen.records;
    if (seen.unparsable > 0) ctx.logger.warn(`variant ${variant}: ${counted(seen.unparsable, 'captured record')} did not parse and were skipped`);
  }
  const since = formatDuration(sinceMs);
  const columns = acc.columns();
  if (acc.rows === 0) {
    ctx.logger.warn(`no captured answers in the last ${since}: no output baseline written (drift summarises outputs without judging them)`);
    return { since, records, rows: 0, written: null, columns: [] };
  }
  const stats = statisticsFile({ rows: acc.rows, features: columns.map((c) => c.spec), accumulators: columns.map((c) => c.accumulator) });
  const key = joinKey(settings.baselineFolder.key, OUTPUT_STATISTICS_FILE);
  await s3.write(settings.baselineFolder.bucket, key, JSON.stringify(stats), 'application/json');
  return {
    since,
    records,
    rows: acc.rows,
    written: s3UriOf({ bucket: settings.baselineFolder.bucket, key }),
    columns: columns.map((c) => ({ name: c.spec.name, type: c.spec.type })),
  };
}

/**
 * A reader of one file's lines into rows in feature order: CSV (a header row first with
 * `header: true`, the label column dropped) or JSON Lines (objects by feature name, arrays by
 * position). Returns undefined for the header line.
 */
function rowReader(data: BaselineData, features: readonly FeatureSpec[]): (line: string) => RawValue[] | undefined {
  const names = features.map((f) => f.name);
  if (data.format === 'jsonl') {
    const labelIndex = typeof data.label === 'number' ? data.label : -1;
    return (line) => {
      const value = JSON.parse(line) as unknown;
      const row = jsonRow(value, names);
      return Array.isArray(value) && labelIndex >= 0 ? row.filter((_, i) => i !== labelIndex) : row;
    };
  }
  let columns: number[] | undefined = data.header ? undefined : positional(features.length, typeof data.label === 'number' ? data.label : -1);
  return (line) => {
    const fields = parseCsv(`${line}\n`, 'training data')[0]?.fields ?? [];
    if (!columns) {
      columns = fromHeader(fields, names, data.label);
      return undefined;
    }
    const picked = columns;
    return picked.map((c) => fields[c]);
  };
}

/** Feature i is column i, or i + 1 past the label column. */
function positional(count: number, label: number): number[] {
  return Array.from({ length: count }, (_, i) => (label >= 0 && i >= label ? i + 1 : i));
}

/** Columns from a header row: by feature name when the header names them all, else by position without the label. */
function fromHeader(header: string[], names: readonly string[], label: string | number | undefined): number[] {
  const trimmed = header.map((h) => h.trim());
  const labelIndex = typeof label === 'number' ? label : label !== undefined ? trimmed.indexOf(label) : -1;
  if (typeof label === 'string' && labelIndex < 0) throw new UsageError(`monitoring.baseline.label: the header row has no column "${label}"`);
  if (names.every((n) => trimmed.includes(n))) return names.map((n) => trimmed.indexOf(n));
  return positional(names.length, labelIndex);
}

/** The text table. */
function renderBaseline(r: BaselineResult): string {
  const lines = [
    `baseline of ${r.stack}: ${counted(r.rows, 'row')} from ${counted(r.sources.length, 'object')}${r.unparsable > 0 ? `, ${r.unparsable} unparsable lines skipped` : ''}`,
    ...r.features.map(
      (f) =>
        `  ${f.name.padEnd(20)} ${f.type.padEnd(10)} present ${f.present}, missing ${f.missing}` +
        (f.mean !== undefined ? `, mean ${round(f.mean)}, range ${round(f.min!)}–${round(f.max!)}` : '') +
        (f.top !== undefined ? `, most often "${f.top}"` : ''),
    ),
    `statistics: ${r.statistics}`,
    `constraints: ${r.constraints}`,
  ];
  if (r.outputs) {
    const o = r.outputs;
    lines.push(
      o.written !== null
        ? `output baseline: ${o.written} (${counted(o.rows, 'answer')} of the last ${o.since}: ${o.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`
        : `output baseline: none written, no captured answers in the last ${o.since}`,
    );
  }
  return lines.join('\n');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** CLI entry. The stack comes from the argument, else `--stack` / the config's `name`. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: BaselineFlags = {}): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: async (ctx) => {
      const name = stack ?? ctx.config.name;
      if (name === undefined) throw new UsageError('no stack: name one (`sagectl baseline churn-xgb`), pass --stack, or run where sagectl.yaml names it');
      // Settings are checked before the SDK is loaded: a config error answers at once.
      const options: BaselineOptions = parseBaselineFlags(flags);
      monitoringSettings(ctx, name, 'baseline');
      return baseline(ctx, await new ServiceFactory(ctx.clientOptions).s3(), name, options);
    },
    render: renderBaseline,
  });
}
