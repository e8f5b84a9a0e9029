import type {
  AlgorithmSpecification,
  Channel,
  CreateHyperParameterTuningJobRequest,
  CreateTrainingJobRequest,
  CreateTransformJobRequest,
  HyperParameterTrainingJobDefinition,
  ParameterRanges,
} from '@aws-sdk/client-sagemaker';
import type { ChannelSection, Config, TrainingSection, TuningSection } from '../../core/schema.js';
import { ConfigError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { toTagList, type Tags } from '../../core/tags.js';

// Request shapes built from the config, as pure functions: the unit tests check them field by
// field, and the commands send them as they are. Missing fields are config errors naming the path.

/** SageMaker's default MaxRuntimeInSeconds (one day) when `training.maxRuntime` is not set. */
const DEFAULT_MAX_RUNTIME_S = 86_400;
/** The SageMaker Python SDK's default training volume. */
const DEFAULT_VOLUME_GB = 30;

const seconds = (text: string, path: string): number => Math.round(parseDuration(text, path) / 1000);

/** Hyperparameters go to AWS as strings: `5` → "5", `true` → "true". */
function stringifyHyperparameters(h: Record<string, string | number | boolean> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]));
}

function channels(inputs: Record<string, ChannelSection>): Channel[] {
  return Object.entries(inputs).map(([name, c]) => {
    const spec = typeof c === 'string' ? { s3Uri: c } : c;
    return {
      ChannelName: name,
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: spec.s3Uri, S3DataDistributionType: spec.distribution ?? 'FullyReplicated' } },
      ...(spec.contentType ? { ContentType: spec.contentType } : {}),
      ...(spec.inputMode ? { InputMode: spec.inputMode } : {}),
    };
  });
}

/** The parts a training job and a tuning job's training definition share. */
function trainingDefinition(
  config: Config,
  source: string,
): Omit<HyperParameterTrainingJobDefinition, 'StaticHyperParameters'> & { training: TrainingSection } {
  const missing = (path: string, what: string): ConfigError => new ConfigError(`${source}: ${path}: ${what}`);
  const t = config.training;
  if (t === undefined) throw missing('training', 'no training section: add `training:` with image, instanceType, inputs and outputPath');
  if (t.image === undefined) throw missing('training.image', 'expected the training container image URI, found nothing');
  const role = t.role ?? config.role;
  if (role === undefined) throw missing('role', 'expected the execution role SageMaker assumes to train (role, or training.role), found nothing');
  if (t.instanceType === undefined) throw missing('training.instanceType', 'expected an instance type such as ml.m5.xlarge, found nothing');
  if (t.outputPath === undefined) throw missing('training.outputPath', 'expected the S3 URI where SageMaker writes the model artifact, found nothing');
  const algorithm: AlgorithmSpecification = {
    TrainingImage: t.image,
    TrainingInputMode: 'File',
    ...(t.metricDefinitions?.length ? { MetricDefinitions: t.metricDefinitions.map((m) => ({ Name: m.name, Regex: m.regex })) } : {}),
  };
  const maxRuntime = t.maxRuntime ? seconds(t.maxRuntime, 'training.maxRuntime') : DEFAULT_MAX_RUNTIME_S;
  return {
    training: t,
    AlgorithmSpecification: algorithm,
    RoleArn: role,
    ...(t.inputs && Object.keys(t.inputs).length > 0 ? { InputDataConfig: channels(t.inputs) } : {}),
    OutputDataConfig: { S3OutputPath: t.outputPath },
    ResourceConfig: {
      InstanceType: t.instanceType as NonNullable<HyperParameterTrainingJobDefinition['ResourceConfig']>['InstanceType'],
      InstanceCount: t.instanceCount ?? 1,
      VolumeSizeInGB: t.volumeSizeGB ?? DEFAULT_VOLUME_GB,
    },
    StoppingCondition: { MaxRuntimeInSeconds: maxRuntime, ...(t.spot ? { MaxWaitTimeInSeconds: seconds(t.spot.maxWait, 'training.spot.maxWait') } : {}) },
    ...(t.spot ? { EnableManagedSpotTraining: true } : {}),
    ...(t.spot?.checkpointS3Uri ? { CheckpointConfig: { S3Uri: t.spot.checkpointS3Uri } } : {}),
    ...(t.environment && Object.keys(t.environment).length > 0 ? { Environment: t.environment } : {}),
  };
}

/** The CreateTrainingJob request for the config's `training` section. */
export function trainingRequest(config: Config, name: string, tags: Tags, source = 'config'): CreateTrainingJobRequest {
  const { training, ...definition } = trainingDefinition(config, source);
  const hyperparameters = stringifyHyperparameters(training.hyperparameters);
  return {
    TrainingJobName: name,
    ...definition,
    ...(Object.keys(hyperparameters).length > 0 ? { HyperParameters: hyperparameters } : {}),
    Tags: toTagList(tags),
  };
}

function parameterRanges(ranges: TuningSection['ranges']): ParameterRanges {
  const out: Required<Pick<ParameterRanges, 'ContinuousParameterRanges' | 'IntegerParameterRanges' | 'CategoricalParameterRanges'>> = {
    ContinuousParameterRanges: [],
    IntegerParameterRanges: [],
    CategoricalParameterRanges: [],
  };
  for (const [name, r] of Object.entries(ranges)) {
    if ('values' in r) out.CategoricalParameterRanges.push({ Name: name, Values: r.values.map(String) });
    else {
      const range = { Name: name, MinValue: String(r.min), MaxValue: String(r.max), ScalingType: r.scaling ?? 'Auto' };
      (r.type === 'integer' ? out.IntegerParameterRanges : out.ContinuousParameterRanges).push(range);
    }
  }
  return Object.fromEntries(Object.entries(out).filter(([, list]) => list.length > 0));
}

/**
 * The CreateHyperParameterTuningJob request: the `tuning` section, with the training
 * definition and the static hyperparameters (those not tuned) taken from `training`.
 */
export function tuningRequest(config: Config, name: string, tags: Tags, source = 'config'): CreateHyperParameterTuningJobRequest {
  const tuning = config.tuning;
  if (tuning === undefined) throw new ConfigError(`${source}: tuning: no tuning section: add \`tuning:\` with objective and ranges`);
  const { training, ...definition } = trainingDefinition(config, source);
  const tuned = new Set(Object.keys(tuning.ranges));
  const fixed = stringifyHyperparameters(Object.fromEntries(Object.entries(training.hyperparameters ?? {}).filter(([k]) => !tuned.has(k))));
  const strategy = tuning.strategy ?? 'Bayesian';
  return {
    HyperParameterTuningJobName: name,
    HyperParameterTuningJobConfig: {
      Strategy: strategy,
      HyperParameterTuningJobObjective: { Type: tuning.objective.type, MetricName: tuning.objective.metric },
      // Grid runs every combination, so AWS refuses MaxNumberOfTrainingJobs unless given.
      ResourceLimits: {
        ...(strategy !== 'Grid' || tuning.maxJobs !== undefined ? { MaxNumberOfTrainingJobs: tuning.maxJobs ?? 10 } : {}),
        MaxParallelTrainingJobs: tuning.maxParallelJobs ?? 1,
      },
      ParameterRanges: parameterRanges(tuning.ranges),
      ...(tuning.earlyStopping ? { TrainingJobEarlyStoppingType: tuning.earlyStopping } : {}),
    },
    TrainingJobDefinition: { ...definition, ...(Object.keys(fixed).length > 0 ? { StaticHyperParameters: fixed } : {}) },
    Tags: toTagList(tags),
  };
}

/** The CreateTransformJob request for the config's `transform` section and a model. */
export function transformRequest(config: Config, name: string, modelName: string, tags: Tags, source = 'config'): CreateTransformJobRequest {
  const missing = (path: string, what: string): ConfigError => new ConfigError(`${source}: ${path}: ${what}`);
  const t = config.transform;
  if (t === undefined) throw missing('transform', 'no transform section: add `transform:` with input, output and instanceType');
  if (t.input === undefined) throw missing('transform.input', 'expected the S3 URI of the input, found nothing');
  if (t.output === undefined) throw missing('transform.output', 'expected the S3 URI where SageMaker writes the results, found nothing');
  if (t.instanceType === undefined) throw missing('transform.instanceType', 'expected an instance type such as ml.m5.large, found nothing');
  return {
    TransformJobName: name,
    ModelName: modelName,
    ...(t.maxPayloadMB !== undefined ? { MaxPayloadInMB: t.maxPayloadMB } : {}),
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: t.input } },
      ...(t.contentType ? { ContentType: t.contentType } : {}),
      ...(t.splitType ? { SplitType: t.splitType } : {}),
    },
    // Split by line in, assembled by line out: one output line per input record.
    TransformOutput: { S3OutputPath: t.output, ...(t.splitType === 'Line' ? { AssembleWith: 'Line' } : {}) },
    TransformResources: { InstanceType: t.instanceType, InstanceCount: t.instanceCount ?? 1 },
    Tags: toTagList(tags),
  } as CreateTransformJobRequest;
}
