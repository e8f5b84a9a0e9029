import { ConfigError, UsageError } from '../core/errors.js';
import type { Config } from '../core/schema.js';
import type { ModelInfo, ModelSpec } from '../services/sagemaker.js';
import { resolveModelSource, type ModelSourceJobs, type ModelSourceRef } from './model-source.js';

/** Where update-endpoint's new model comes from, as the flags say; `latest` picks the stack's newest completed job. */
export interface UpdateModelFlags {
  modelData?: string;
  image?: string;
  trainingJob?: string;
  tuningJob?: string;
}

/** Refuses contradictory sources before any request. */
export function checkModelSource(source: UpdateModelFlags): void {
  const given = [source.modelData && '--model-data', source.trainingJob && '--from-training-job', source.tuningJob && '--from-tuning-job'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} both name the model artifact: give one`);
  if (source.modelData !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(source.modelData)) {
    throw new UsageError(`--model-data: expected an S3 URI such as s3://bucket/model.tar.gz, found "${source.modelData}"`);
  }
}

/**
 * The new model: the flags first, then the job's artifact (resolved by {@link resolveModelSource},
 * the one job resolver deploy shares), then the config, then what the live model has (so
 * `--model-data` alone changes only the artifact). A job's image comes after the configured
 * `model.image`: the job says what was trained, the config how to serve it.
 */
export async function resolveModel(
  config: Config,
  live: ModelInfo | undefined,
  source: UpdateModelFlags,
  jobs: ModelSourceJobs | undefined,
  stack: string,
): Promise<Omit<ModelSpec, 'name'>> {
  const ref = jobRef(source);
  const artifact = ref && jobs ? await resolveModelSource(jobs, stack, ref) : undefined;
  const image = source.image ?? config.model?.image ?? (artifact?.image || undefined) ?? config.training?.image ?? live?.image;
  if (!image) throw new ConfigError('model.image: update-endpoint needs a container image (--image, model.image or training.image), found nothing');
  const role = config.role ?? live?.executionRoleArn;
  if (!role) throw new ConfigError('role: update-endpoint needs the execution role SageMaker assumes to run the model, found nothing');
  const modelDataUrl = source.modelData ?? artifact?.modelDataUrl ?? config.model?.modelData ?? live?.modelDataUrl;
  const environment = config.model?.environment ?? live?.environment;
  return {
    image,
    executionRoleArn: role,
    ...(modelDataUrl ? { modelDataUrl } : {}),
    ...(environment && Object.keys(environment).length > 0 ? { environment } : {}),
  };
}

function jobRef(source: UpdateModelFlags): ModelSourceRef | undefined {
  if (source.trainingJob !== undefined) return { trainingJob: source.trainingJob };
  if (source.tuningJob !== undefined) return { tuningJob: source.tuningJob };
  return undefined;
}
