import type { CommandContext } from '../../core/context.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { mapLimit } from '../../core/concurrency.js';
import { counted } from '../../core/plural.js';
import { assertStackName, names } from '../../core/names.js';
import { joinKey, s3UriOf } from '../../core/s3-uri.js';
import { runCommand, type GlobalOptions } from '../../cli/runner.js';
import type { ObjectInfo, S3Service } from '../../services/s3.js';
import { ServiceFactory } from '../../services/factory.js';
import { captureHourPrefix, hourFolders, parseCaptureLine } from './capture.js';
import { liveFeatures } from './compare.js';
import { forEachLine } from './lines.js';
import { OutputAccumulator } from './outputs.js';
import type { DriftResult, VariantReport } from './types.js';
import { rowsOfPayload } from './rows.js';
import { monitoringSettings, STATISTICS_FILE, type MonitoringSettings } from './settings.js';
import { statisticsFileSchema, type StatisticsFile } from './statistics.js';
import type { DriftFlags } from './cli.js';
import { parseDriftFlags } from './flags.js';
import { renderDrift } from './report.js';

/** The S3 calls drift makes. */
export type DriftS3 = Pick<S3Service, 'listFolders' | 'listObjects' | 'read' | 'readText'>;

export interface DriftOptions {
  stack: string;
  /** The window: captured traffic of the last `sinceMs`. */
  sinceMs: number;
  /** Read at most this many records per variant, newest files first. */
  maxRecords?: number;
  /** Capture files read at once. */
  concurrency: number;
}

/** statistics.json is one document per stack; this bounds its read. */
const MAX_STATISTICS_BYTES = 64 * 1024 * 1024;
/** A capture record holds a request and its answer (each up to 6 MB, base64 a third more). */
const MAX_RECORD_BYTES = 20 * 1024 * 1024;

/**
 * Compares the traffic captured in the window with the stack's baseline, feature by feature and
 * variant by variant. Capture files are streamed (bounded concurrency, one line at a time) into
 * fixed-size counts over the baseline's bins, so memory stays flat however much was captured.
 */
export async function drift(ctx: CommandContext, s3: DriftS3, options: DriftOptions): Promise<DriftResult> {
  assertStackName(options.stack);
  const settings = monitoringSettings(ctx, options.stack, 'drift');
  const stats = await readBaseline(s3, settings);
  const to = ctx.clock.now().getTime();
  const from = to - options.sinceMs;
  const endpoint = names.endpoint(options.stack);
  const endpointPrefix = `${joinKey(settings.capture.key, endpoint)}/`;
  const variants = (await s3.listFolders(settings.capture.bucket, endpointPrefix)).sort();
  if (variants.length === 0) ctx.logger.warn(`no captured traffic under ${s3UriOf({ bucket: settings.capture.bucket, key: endpointPrefix })}`);
  const reports: VariantReport[] = [];
  for (const variant of variants) reports.push(await driftOfVariant(ctx, s3, settings, stats, { ...options, endpoint, variant, from, to }));
  const drifted = reports.flatMap((v) => v.features.filter((f) => f.verdict === 'drift').map((f) => ({ variant: v.variant, feature: f.name })));
  const warned = reports.some((v) => v.features.some((f) => f.verdict === 'warn'));
  return {
    stack: options.stack,
    window: { since: formatSince(options.sinceMs), from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    baseline: s3UriOf({ bucket: settings.baselineFolder.bucket, key: joinKey(settings.baselineFolder.key, STATISTICS_FILE) }),
    variants: reports,
    drifted,
    verdict: drifted.length > 0 ? 'drift' : warned ? 'warn' : 'ok',
  };
}

async function readBaseline(s3: DriftS3, settings: MonitoringSettings): Promise<StatisticsFile> {
  const folder = settings.baselineFolder;
  const key = joinKey(folder.key, STATISTICS_FILE);
  const uri = s3UriOf({ bucket: folder.bucket, key });
  const text = await s3.readText(folder.bucket, key, MAX_STATISTICS_BYTES);
  if (text === undefined) throw new UsageError(`no baseline at ${uri}`, `run \`sagectl baseline ${settings.stack}\` first`);
  let parsed: StatisticsFile;
  try {
    parsed = statisticsFileSchema.parse(JSON.parse(text));
  } catch {
    throw new UsageError(`${uri} is not a statistics.json sagectl can read`, `run \`sagectl baseline ${settings.stack}\` again`);
  }
  const expected = settings.features.map((f) => f.name).join(',');
  const found = parsed.features.map((f) => f.name).join(',');
  if (expected !== found) {
    throw new UsageError(
      `the baseline's features (${found}) are not endpoint.input.features (${expected})`,
      `run \`sagectl baseline ${settings.stack}\` again after changing the features`,
    );
  }
  return parsed;
}

interface VariantWindow extends DriftOptions {
  endpoint: string;
  variant: string;
  from: number;
  to: number;
}

async function driftOfVariant(ctx: CommandContext, s3: DriftS3, settings: MonitoringSettings, stats: StatisticsFile, w: VariantWindow): Promise<VariantReport> {
  const { bucket } = settings.capture;
  const folders = hourFolders(w.from, w.to);
  const listed = await mapLimit(folders, w.concurrency, (folder) =>
    s3.listObjects(bucket, captureHourPrefix(settings.capture.key, w.endpoint, w.variant, folder)),
  );
  // Newest first: a sample cut short by --max-records is the most recent traffic.
  const files: ObjectInfo[] = listed.flat().sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  const features = liveFeatures(stats);
  const names = settings.features.map((f) => f.name);
  const outputs = new OutputAccumulator();
  const report = { records: 0, rows: 0, unparsable: 0, outsideWindow: 0, sampled: false };
  const full = (): boolean => w.maxRecords !== undefined && report.records >= w.maxRecords;
  const onLine = (line: string): boolean => {
    if (line.trim() === '') return true;
    if (full()) {
      report.sampled = true;
      return false;
    }
    try {
      const record = parseCaptureLine(line);
      if (record.time !== undefined && (record.time < w.from || record.time > w.to)) {
        report.outsideWindow++;
        return true;
      }
      report.records++;
      if (record.input) {
        for (const row of rowsOfPayload(record.input.text, record.input.contentType, names)) {
          report.rows++;
          for (let i = 0; i < features.length; i++) features[i]!.add(row[i]);
        }
      }
      if (record.output) outputs.add(record.output);
    } catch {
      report.unparsable++;
    }
    return true;
  };
  await mapLimit(files, w.concurrency, async (file) => {
    if (full()) {
      report.sampled = true;
      return;
    }
    const seen = await forEachLine(await s3.read(bucket, file.key), onLine, MAX_RECORD_BYTES);
    report.unparsable += seen.tooLong;
  });
  if (report.unparsable > 0) ctx.logger.warn(`variant ${w.variant}: ${counted(report.unparsable, 'captured record')} did not parse and were skipped`);
  return { variant: w.variant, files: files.length, ...report, features: features.map((f) => f.report(settings.thresholds)), outputs: outputs.summaries() };
}

function formatSince(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** Exit 7 when any feature of any variant drifted (DESIGN.md's exit codes; `sagectl drift || notify` in cron). */
export function driftExitCode(r: DriftResult): ExitCode {
  return r.verdict === 'drift' ? ExitCode.Drift : ExitCode.Ok;
}

/** CLI entry. The stack comes from the argument, else `--stack` / the config's `name`. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: DriftFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: async (ctx) => {
      const name = stack ?? ctx.config.name;
      if (name === undefined) throw new UsageError('no stack: name one (`sagectl drift churn-xgb`), pass --stack, or run where sagectl.yaml names it');
      const options = parseDriftFlags(flags);
      monitoringSettings(ctx, name, 'drift');
      return drift(ctx, await new ServiceFactory(ctx.clientOptions).s3(), { stack: name, ...options });
    },
    render: renderDrift,
    exitCode: driftExitCode,
  });
}
