import { ConfigError, ResourceFailedError, UsageError } from '../core/errors.js';
import { resourceName } from '../core/names.js';
import type { Config } from '../core/schema.js';
import type { ModelInfo, ModelSpec } from '../services/sagemaker.js';
import type { SageMakerJobs } from '../services/sagemaker-jobs.js';

/** Where the new model comes from, as the flags say; `latest` picks the stack's newest completed job. */
export interface ModelSource {
  modelData?: string;
  image?: string;
  trainingJob?: string;
  tuningJob?: string;
}

export type JobsReader = Pick<SageMakerJobs, 'trainingArtifact' | 'bestTrainingJob' | 'latestTrainingJob' | 'latestTuningJob'>;

/** Refuses contradictory sources before any request. */
export function checkModelSource(source: ModelSource): void {
  const given = [source.modelData && '--model-data', source.trainingJob && '--from-training-job', source.tuningJob && '--from-tuning-job'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} both name the model artifact: give one`);
  if (source.modelData !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(source.modelData)) {
    throw new UsageError(`--model-data: expected an S3 URI such as s3://bucket/model.tar.gz, found "${source.modelData}"`);
  }
}

/**
 * The new model: the flags first, then the job's artifact, then the config, then what the live
 * model has (so `--model-data` alone changes only the artifact).
 */
export async function resolveModel(config: Config, live: ModelInfo | undefined, source: ModelSource, jobs: JobsReader | undefined, stack: string): Promise<Omit<ModelSpec, 'name'>> {
  const artifact = await jobArtifact(source, jobs, stack);
  const trainingImage = typeof config.training?.['image'] === 'string' ? config.training['image'] : undefined;
  const image = source.image ?? config.model?.image ?? artifact?.trainingImage ?? trainingImage ?? live?.image;
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

async function jobArtifact(source: ModelSource, jobs: JobsReader | undefined, stack: string): Promise<{ modelDataUrl?: string; trainingImage?: string } | undefined> {
  if (!jobs || (source.trainingJob === undefined && source.tuningJob === undefined)) return undefined;
  let trainingJob = source.trainingJob;
  if (trainingJob === 'latest') {
    trainingJob = await jobs.latestTrainingJob(`${stack}-`);
    if (!trainingJob) throw new UsageError(`--from-training-job latest: stack ${stack} has no completed training job`, 'run `sagectl train` first, or name the job');
  }
  if (source.tuningJob !== undefined) {
    // Tuning job names stop at 32 characters, so the stack part may be shortened (DESIGN.md "Names").
    const prefix = resourceName(stack, ['0'.repeat(14)], 32).slice(0, -14);
    const tuningJob = source.tuningJob === 'latest' ? await jobs.latestTuningJob(prefix) : source.tuningJob;
    if (!tuningJob) throw new UsageError(`--from-tuning-job latest: stack ${stack} has no completed tuning job`, 'run `sagectl tune` first, or name the job');
    const best = await jobs.bestTrainingJob(tuningJob);
    if (best === undefined) throw new UsageError(`--from-tuning-job: there is no tuning job ${tuningJob}`);
    if (best === '') throw new ResourceFailedError(`tuning job ${tuningJob} has no best training job (yet)`);
    trainingJob = best;
  }
  if (trainingJob === undefined) return undefined;
  const artifact = await jobs.trainingArtifact(trainingJob);
  if (!artifact) throw new UsageError(`--from-training-job: there is no training job ${trainingJob}`);
  if (artifact.status !== 'Completed' || !artifact.modelDataUrl) throw new ResourceFailedError(`training job ${trainingJob} is ${artifact.status}: it has no model artifact to deploy`);
  return artifact;
}
