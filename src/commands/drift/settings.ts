import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { joinKey, parseS3Uri, type S3Location } from '../../core/s3-uri.js';
import type { Config } from '../../core/schema.js';
import { configFor } from '../stack/config.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './compare.js';
import { featureLayout } from './rows.js';
import type { FeatureSpec } from './statistics.js';

/** Where the training data is and how to read it. */
export interface BaselineData {
  location: S3Location;
  format: 'csv' | 'jsonl';
  header: boolean;
  label?: string | number;
}

/** What baseline, drift and monitor read from the stack's config. */
export interface MonitoringSettings {
  stack: string;
  features: FeatureSpec[];
  /** `endpoint.dataCapture.s3Uri`. */
  capture: S3Location;
  /** Where statistics.json and constraints.json live: `baseline/<stack>/` beside the capture prefix. */
  baselineFolder: S3Location;
  /** Where Model Monitor's hourly reports go (`sagectl monitor`): `monitoring-reports/<stack>/` beside the capture prefix. */
  reportsFolder: S3Location;
  thresholds: Thresholds;
  /** Undefined when monitoring.baseline is not set (drift needs only the files). */
  data?: BaselineData;
}

export const STATISTICS_FILE = 'statistics.json';
export const CONSTRAINTS_FILE = 'constraints.json';
/** The model's answers in a reference window (`sagectl baseline --outputs-since`), in statistics.json's shape. */
export const OUTPUT_STATISTICS_FILE = 'output-statistics.json';

/**
 * The monitoring settings of `stack`, from its own config (a drift check compares the stack's
 * rows with the stack's baseline: another stack's file cannot describe them). Refuses, before any
 * request, a config without the keys the command needs.
 */
export function monitoringSettings(ctx: Pick<CommandContext, 'config'>, stack: string, command: string): MonitoringSettings {
  const config = configFor(ctx, stack);
  if (!config) {
    throw new UsageError(
      `sagectl ${command} needs ${stack}'s own config (its features, capture and baseline), and the config here is not ${stack}'s`,
      `run it where sagectl.yaml names ${stack}, or pass --stack ${stack} with that file`,
    );
  }
  const capture = config.endpoint?.dataCapture?.s3Uri;
  if (capture === undefined) {
    throw new UsageError(
      `endpoint.dataCapture is not set: sagectl ${command} reads and writes beside the captured traffic`,
      'set endpoint.dataCapture (s3Uri, percent) and run sagectl deploy so the endpoint captures requests',
    );
  }
  const captureAt = parseS3Uri(capture);
  const parent = captureAt.key.replace(/\/+$/, '').split('/').slice(0, -1).join('/');
  const data = baselineData(config);
  return {
    stack,
    features: featureLayout(config.endpoint?.input),
    capture: captureAt,
    baselineFolder: { bucket: captureAt.bucket, key: joinKey(parent, 'baseline', stack) },
    reportsFolder: { bucket: captureAt.bucket, key: joinKey(parent, 'monitoring-reports', stack) },
    thresholds: { ...DEFAULT_THRESHOLDS, ...config.monitoring?.thresholds },
    ...(data ? { data } : {}),
  };
}

function baselineData(config: Config): BaselineData | undefined {
  const source = config.monitoring?.baseline;
  if (source === undefined) return undefined;
  const form = typeof source === 'string' ? { s3Uri: source } : source;
  const uri = form.s3Uri === 'training' ? trainChannel(config) : form.s3Uri;
  const location = parseS3Uri(uri);
  const format = 'format' in form && form.format ? form.format : /\.jsonl?$/i.test(location.key) ? 'jsonl' : 'csv';
  const label = 'label' in form ? form.label : undefined;
  const header = 'header' in form && form.header === true;
  if (typeof label === 'string' && format === 'csv' && !header) {
    throw new UsageError(
      `monitoring.baseline.label: a column named "${label}" needs a header row to find it`,
      'set monitoring.baseline.header: true, or give the label column as its 0-based index',
    );
  }
  return { location, format, header, ...(label !== undefined ? { label } : {}) };
}

/** `training`: the train channel of training.inputs, the data `sagectl train` gives the training job. */
function trainChannel(config: Config): string {
  const channel = config.training?.inputs?.['train'];
  if (channel === undefined) {
    throw new UsageError(
      "monitoring.baseline is 'training', but training.inputs has no train channel",
      'set training.inputs.train, or give monitoring.baseline as the S3 URI of the training data',
    );
  }
  return typeof channel === 'string' ? channel : channel.s3Uri;
}
