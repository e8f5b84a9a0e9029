import type { CommandContext } from '../../core/context.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { counted } from '../../core/plural.js';
import { assertStackName, names } from '../../core/names.js';
import { joinKey, s3UriOf } from '../../core/s3-uri.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { S3Service } from '../../services/s3.js';
import { ServiceFactory } from '../../services/factory.js';
import { comparePair, liveFeatures, type LiveFeature, type PairReport, type Thresholds } from './compare.js';
import { LiveOutputs } from './outputs.js';
import { capturedVariants, readCapture, type CaptureWindow } from './read-capture.js';
import type { DriftResult, VariantComparison, VariantReport } from './types.js';
import { rowsOfPayload } from './rows.js';
import { monitoringSettings, OUTPUT_STATISTICS_FILE, STATISTICS_FILE, type MonitoringSettings } from './settings.js';
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
  /** Capture files requested at once. */
  concurrency: number;
}

/** statistics.json is one document per stack; this bounds its read. */
const MAX_STATISTICS_BYTES = 64 * 1024 * 1024;

/**
 * Compares the traffic captured in the window with the stack's baseline, feature by feature and
 * variant by variant, the model's answers with the output baseline when there is one, and, with
 * several variants, the variants with each other. Capture files are streamed into fixed-size
 * counts and sketches, so memory stays flat however much was captured.
 */
export async function drift(ctx: CommandContext, s3: DriftS3, options: DriftOptions): Promise<DriftResult> {
  assertStackName(options.stack);
  const settings = monitoringSettings(ctx, options.stack, 'drift');
  const stats = await readBaseline(s3, settings);
  const outputStats = await readOutputBaseline(s3, settings);
  const to = ctx.clock.now().getTime();
  const from = to - options.sinceMs;
  const endpoint = names.endpoint(options.stack);
  const variants = await capturedVariants(s3, settings.capture, endpoint);
  if (variants.length === 0)
    ctx.logger.warn(`no captured traffic under ${s3UriOf({ bucket: settings.capture.bucket, key: `${joinKey(settings.capture.key, endpoint)}/` })}`);
  if (!outputStats) ctx.logger.info(`no output baseline: the model's answers are summarised, not judged (sagectl baseline --outputs-since 24h writes one)`);
  const live: LiveVariant[] = [];
  for (const variant of variants) live.push(await driftOfVariant(ctx, s3, settings, stats, outputStats, { ...options, endpoint, variant, from, to }));
  const reports = live.map((v) => v.report);
  const drifted: DriftResult['drifted'] = reports.flatMap((v) => [
    ...v.features.filter((f) => f.verdict === 'drift').map((f) => ({ variant: v.variant, feature: f.name })),
    ...v.outputs.filter((f) => f.verdict === 'drift').map((f) => ({ variant: v.variant, feature: f.name, output: true as const })),
  ]);
  const warned = reports.some((v) => [...v.features, ...v.outputs].some((f) => f.verdict === 'warn'));
  const folder = settings.baselineFolder;
  return {
    stack: options.stack,
    window: { since: formatSince(options.sinceMs), from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    baseline: s3UriOf({ bucket: folder.bucket, key: joinKey(folder.key, STATISTICS_FILE) }),
    outputBaseline: outputStats ? s3UriOf({ bucket: folder.bucket, key: joinKey(folder.key, OUTPUT_STATISTICS_FILE) }) : null,
    variants: reports,
    comparisons: compareVariants(live, settings.thresholds),
    drifted,
    verdict: drifted.length > 0 ? 'drift' : warned ? 'warn' : 'ok',
  };
}

async function readBaseline(s3: DriftS3, settings: MonitoringSettings): Promise<StatisticsFile> {
  const parsed = await readStatistics(s3, settings, STATISTICS_FILE);
  if (!parsed) {
    const folder = settings.baselineFolder;
    throw new UsageError(
      `no baseline at ${s3UriOf({ bucket: folder.bucket, key: joinKey(folder.key, STATISTICS_FILE) })}`,
      `run \`sagectl baseline ${settings.stack}\` first`,
    );
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

/** The output baseline, when `sagectl baseline --outputs-since` wrote one. */
function readOutputBaseline(s3: DriftS3, settings: MonitoringSettings): Promise<StatisticsFile | undefined> {
  return readStatistics(s3, settings, OUTPUT_STATISTICS_FILE);
}

async function readStatistics(s3: DriftS3, settings: MonitoringSettings, file: string): Promise<StatisticsFile | undefined> {
  const folder = settings.baselineFolder;
  const key = joinKey(folder.key, file);
  const text = await s3.readText(folder.bucket, key, MAX_STATISTICS_BYTES);
  if (text === undefined) return undefined;
  try {
    return statisticsFileSchema.parse(JSON.parse(text));
  } catch {
    throw new UsageError(
      `${s3UriOf({ bucket: folder.bucket, key })} is not a statistics.json sagectl can read`,
      `run \`sagectl baseline ${settings.stack}\` again`,
    );
  }
}

/** A variant's report, and its live values for the comparison of variants. */
interface LiveVariant {
  report: VariantReport;
  features: Array<{ name: string; feature: LiveFeature }>;
  outputs: Array<{ name: string; feature: LiveFeature }>;
}

async function driftOfVariant(
  ctx: CommandContext,
  s3: DriftS3,
  settings: MonitoringSettings,
  stats: StatisticsFile,
  outputStats: StatisticsFile | undefined,
  w: DriftOptions & CaptureWindow,
): Promise<LiveVariant> {
  const features = liveFeatures(stats);
  const names = settings.features.map((f) => f.name);
  const outputs = new LiveOutputs(outputStats);
  let rows = 0;
  const count = await readCapture(s3, settings.capture, w, (record) => {
    if (record.input) {
      for (const row of rowsOfPayload(record.input.text, record.input.contentType, names)) {
        rows++;
        for (let i = 0; i < features.length; i++) features[i]!.add(row[i]);
      }
    }
    if (record.output) outputs.add(record.output);
  });
  if (count.unparsable > 0) ctx.logger.warn(`variant ${w.variant}: ${counted(count.unparsable, 'captured record')} did not parse and were skipped`);
  return {
    report: {
      variant: w.variant,
      ...count,
      rows,
      features: features.map((f) => f.report(settings.thresholds)),
      outputs: outputs.reports(settings.thresholds),
    },
    features: features.map((feature, i) => ({ name: names[i]!, feature })),
    outputs: outputs.features(),
  };
}

/** Every pair of variants (in name order): the second's live values on the first's bins, features and outputs. */
function compareVariants(live: readonly LiveVariant[], thresholds: Thresholds): VariantComparison[] {
  const comparisons: VariantComparison[] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i]!;
      const b = live[j]!;
      const pairs = (left: LiveVariant['features'], right: LiveVariant['features']): PairReport[] =>
        left.flatMap(({ name, feature }) => {
          const other = right.find((r) => r.name === name);
          return other ? [comparePair(name, feature.distribution(), other.feature.distribution(), thresholds)] : [];
        });
      comparisons.push({ a: a.report.variant, b: b.report.variant, features: pairs(a.features, b.features), outputs: pairs(a.outputs, b.outputs) });
    }
  }
  return comparisons;
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
