import type { GitInfo, Tags } from '../../core/tags.js';

/**
 * A model version's lineage, kept in its CustomerMetadataProperties (the part of a model
 * package meant for free-form key-value facts) so `versions` reads it with the one
 * DescribeModelPackage it makes anyway.
 */
export interface Lineage {
  trainingJob?: string;
  trainingJobArn?: string;
  tuningJob?: string;
  hyperparameters: Record<string, string>;
  metrics: Record<string, number>;
  git?: GitInfo;
  sagectlVersion: string;
}

/** The metadata keys sagectl writes; hyperparameters and metrics are prefixed `hp:` and `metric:`. */
const LineageKey = {
  TrainingJob: 'sagectl:training-job',
  TrainingJobArn: 'sagectl:training-job-arn',
  TuningJob: 'sagectl:tuning-job',
  GitCommit: 'sagectl:git-commit',
  GitDirty: 'sagectl:git-dirty',
  Version: 'sagectl:version',
} as const;

const HP = 'hp:';
const METRIC = 'metric:';

/**
 * CustomerMetadataProperties: at most 50 entries; keys 1–128 and values 1–256 characters of
 * letters, digits, spaces and `_.:/=+-@`
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackage.html).
 */
const MAX_ENTRIES = 50;
const MAX_KEY = 128;
const MAX_VALUE = 256;
const NOT_ALLOWED = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** Fits a string into the metadata alphabet and length; empty stays empty (and is then left out). */
function fit(text: string, max: number): string {
  return text.replace(NOT_ALLOWED, '_').slice(0, max);
}

/**
 * The CustomerMetadataProperties of a version: sagectl's own keys first, then metrics, then
 * hyperparameters, so that when the 50-entry limit bites, it is hyperparameters that are dropped
 * (they stay readable on the training job the version names).
 */
export function lineageMetadata(lineage: Lineage): Record<string, string> {
  const entries: [string, string][] = [[LineageKey.Version, lineage.sagectlVersion]];
  if (lineage.trainingJob) entries.push([LineageKey.TrainingJob, lineage.trainingJob]);
  if (lineage.trainingJobArn) entries.push([LineageKey.TrainingJobArn, lineage.trainingJobArn]);
  if (lineage.tuningJob) entries.push([LineageKey.TuningJob, lineage.tuningJob]);
  if (lineage.git) entries.push([LineageKey.GitCommit, lineage.git.commit], [LineageKey.GitDirty, String(lineage.git.dirty)]);
  for (const [k, v] of Object.entries(lineage.metrics)) entries.push([METRIC + k, String(v)]);
  for (const [k, v] of Object.entries(lineage.hyperparameters)) entries.push([HP + k, v]);
  const metadata: Record<string, string> = {};
  for (const [k, v] of entries) {
    const key = fit(k, MAX_KEY);
    const value = fit(v, MAX_VALUE);
    if (key === '' || value === '' || key in metadata) continue;
    if (Object.keys(metadata).length === MAX_ENTRIES) break;
    metadata[key] = value;
  }
  return metadata;
}

/** Reads the lineage back from a version's metadata; what is missing (a version registered by hand) is left out. */
export function readLineage(metadata: Record<string, string>): Omit<Lineage, 'sagectlVersion'> & { sagectlVersion?: string } {
  const hyperparameters: Record<string, string> = {};
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (k.startsWith(HP)) hyperparameters[k.slice(HP.length)] = v;
    else if (k.startsWith(METRIC) && Number.isFinite(Number(v))) metrics[k.slice(METRIC.length)] = Number(v);
  }
  const commit = metadata[LineageKey.GitCommit];
  return {
    ...(metadata[LineageKey.TrainingJob] ? { trainingJob: metadata[LineageKey.TrainingJob] } : {}),
    ...(metadata[LineageKey.TrainingJobArn] ? { trainingJobArn: metadata[LineageKey.TrainingJobArn] } : {}),
    ...(metadata[LineageKey.TuningJob] ? { tuningJob: metadata[LineageKey.TuningJob] } : {}),
    ...(commit ? { git: { commit, dirty: metadata[LineageKey.GitDirty] === 'true' } } : {}),
    ...(metadata[LineageKey.Version] ? { sagectlVersion: metadata[LineageKey.Version] } : {}),
    hyperparameters,
    metrics,
  };
}

/** The tags of a version: the stack's, plus the job it came from (tag values allow the same alphabet). */
export function versionPackageTags(stackTags: Tags, lineage: Lineage): Tags {
  return {
    ...stackTags,
    ...(lineage.trainingJob ? { [LineageKey.TrainingJob]: fit(lineage.trainingJob, MAX_VALUE) } : {}),
  };
}
