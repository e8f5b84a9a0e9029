import type { Config } from '../core/schema.js';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_VARIANT } from '../core/names.js';
import type { EndpointConfigInfo, ModelInfo, VariantSpec } from '../services/sagemaker.js';

/** What `deploy` converges the stack to, read from the config. */
export interface DesiredEndpoint {
  stack: string;
  model: {
    image: string;
    modelDataUrl?: string;
    executionRoleArn: string;
    environment?: Record<string, string>;
    /** `--version`: the registered version the model is created from. */
    modelPackageArn?: string;
  };
  /** The variant without its model name, which is generated per deploy. */
  variant: Omit<VariantSpec, 'modelName'>;
}

/**
 * Reads the desired endpoint from the config, naming the config path of anything missing.
 * `model.image` falls back to `training.image`, as DESIGN.md describes. With `imageFromJob`
 * (--from-training-job / --from-tuning-job) the image and artifact come from the job instead.
 */
export function desiredEndpoint(config: Config, source = 'config', imageFromJob = false): DesiredEndpoint {
  const missing = (path: string, what: string): ConfigError => new ConfigError(`${source}: ${path}: ${what}`);
  const stack = config.name;
  if (stack === undefined) throw missing('name', 'no stack name: set `name:` in the config or pass --stack');
  const image = config.model?.image ?? config.training?.image ?? (imageFromJob ? '' : undefined);
  if (image === undefined) throw missing('model.image', 'deploy needs a container image (model.image, or training.image), found nothing');
  if (config.role === undefined) throw missing('role', 'deploy needs the execution role SageMaker assumes to run the model (an IAM role ARN), found nothing');
  const endpoint = config.endpoint;
  if (endpoint?.serverless === undefined && endpoint?.instanceType === undefined) {
    throw missing('endpoint.instanceType', 'deploy needs endpoint.instanceType (e.g. ml.m5.large) or endpoint.serverless, found nothing');
  }
  return {
    stack,
    model: {
      image,
      executionRoleArn: config.role,
      ...(config.model?.modelData !== undefined ? { modelDataUrl: config.model.modelData } : {}),
      ...(config.model?.environment !== undefined && Object.keys(config.model.environment).length > 0 ? { environment: config.model.environment } : {}),
    },
    variant: endpoint.serverless
      ? { variantName: DEFAULT_VARIANT, serverless: endpoint.serverless, initialVariantWeight: 1 }
      : { variantName: DEFAULT_VARIANT, instanceType: endpoint.instanceType, initialInstanceCount: endpoint.instanceCount ?? 1, initialVariantWeight: 1 },
  };
}

/** What the endpoint runs now: its config and the model of each variant (undefined where gone). */
export interface LiveEndpoint {
  config: EndpointConfigInfo;
  models: (ModelInfo | undefined)[];
}

/**
 * Whether the live endpoint already runs the desired spec, so that a re-run with an identical
 * config changes nothing. Compared field by field on what SageMaker reports, not on a stored hash,
 * so a change made outside sagectl is seen and undone.
 */
export function runsDesired(live: LiveEndpoint, desired: DesiredEndpoint): boolean {
  const [variant, ...others] = live.config.variants;
  const [model] = live.models;
  if (variant === undefined || others.length > 0 || model === undefined) return false;
  const want = desired.variant;
  const sameVariant =
    variant.variantName === want.variantName &&
    (variant.initialVariantWeight ?? 1) === (want.initialVariantWeight ?? 1) &&
    (want.serverless
      ? variant.serverless?.memoryMB === want.serverless.memoryMB && variant.serverless.maxConcurrency === want.serverless.maxConcurrency
      : variant.serverless === undefined && variant.instanceType === want.instanceType && (variant.initialInstanceCount ?? 1) === want.initialInstanceCount);
  // A model from a version is its package: the image and artifact are the package's.
  const sameSource = desired.model.modelPackageArn
    ? model.modelPackageArn === desired.model.modelPackageArn
    : model.modelPackageArn === undefined && model.image === desired.model.image && model.modelDataUrl === desired.model.modelDataUrl;
  const sameModel =
    sameSource &&
    model.executionRoleArn === desired.model.executionRoleArn &&
    sameRecord(model.environment, desired.model.environment);
  return sameVariant && sameModel;
}

function sameRecord(a: Record<string, string> = {}, b: Record<string, string> = {}): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
