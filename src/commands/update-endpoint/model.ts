import { ConfigError, UsageError } from '../../core/errors.js';
import { flagBySchema, s3Uri, type Config } from '../../core/schema.js';
import type { ModelInfo, ModelSpec } from '../../services/sagemaker.js';
import type { VersionInfo } from '../../services/registry.js';
import { resolveModelSource, type ModelSourceJobs, type ModelSourceRef } from '../model/source.js';
import { modelFromVersion, resolveVersion, type VersionRef, type VersionRegistry } from '../model/version.js';

/** Where update-endpoint's new model comes from, as the flags say; `latest` picks the stack's newest completed job. */
export interface NewModelSource {
  modelData?: string;
  image?: string;
  trainingJob?: string;
  tuningJob?: string;
  /** `--model-version N|latest-approved` (or `--rollback --to-version N`): a registered version of the stack. */
  version?: VersionRef;
  /** The flag that named the version, for messages. */
  versionFlag?: string;
  /** `--allow-unapproved`: put a version live that is not Approved. */
  allowUnapproved?: boolean;
}

/** Refuses contradictory sources before any request. */
export function checkModelSource(source: NewModelSource): void {
  const versionFlag = source.version !== undefined ? (source.versionFlag ?? '--model-version') : undefined;
  const given = [source.modelData && '--model-data', source.trainingJob && '--from-training-job', source.tuningJob && '--from-tuning-job', versionFlag].filter(
    Boolean,
  );
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} both name the model artifact: give one`);
  if (versionFlag && source.image !== undefined) throw new UsageError(`${versionFlag} takes the image from the registered version: it goes without --image`);
  if (source.allowUnapproved && versionFlag === undefined) throw new UsageError('--allow-unapproved goes with --model-version or --to-version');
  if (source.modelData !== undefined) flagBySchema(s3Uri, source.modelData, source.modelData, '--model-data');
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
  source: NewModelSource,
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

/**
 * The new model and, with `--model-version` / `--to-version`, the registered version it comes
 * from: resolved (and refused unless Approved, exit 2) before anything is created. A version's
 * model names its package (image and artifact come from it); the role and environment come from
 * the config, then the live model, as for any other model.
 */
export async function resolveNextModel(
  config: Config,
  live: ModelInfo | undefined,
  source: NewModelSource,
  sources: { jobs?: ModelSourceJobs | undefined; registry?: VersionRegistry | undefined },
  stack: string,
): Promise<{ model: Omit<ModelSpec, 'name'>; version?: VersionInfo }> {
  if (source.version === undefined) return { model: await resolveModel(config, live, source, sources.jobs, stack) };
  if (!sources.registry) throw new Error(`${source.versionFlag ?? '--model-version'} needs the model registry`);
  const version = await resolveVersion(sources.registry, stack, source.version, {
    allowUnapproved: Boolean(source.allowUnapproved),
    flag: source.versionFlag ?? '--model-version',
  });
  const role = config.role ?? live?.executionRoleArn;
  if (!role) throw new ConfigError('role: update-endpoint needs the execution role SageMaker assumes to run the model, found nothing');
  const environment = config.model?.environment ?? live?.environment;
  return {
    model: { ...modelFromVersion(version), executionRoleArn: role, ...(environment && Object.keys(environment).length > 0 ? { environment } : {}) },
    version,
  };
}

function jobRef(source: NewModelSource): ModelSourceRef | undefined {
  if (source.trainingJob !== undefined) return { trainingJob: source.trainingJob };
  if (source.tuningJob !== undefined) return { tuningJob: source.tuningJob };
  return undefined;
}
