import type { Config } from '../../core/schema.js';
import { ConfigError } from '../../core/errors.js';
import { DEFAULT_VARIANT } from '../../core/names.js';
import type { EndpointConfigInfo, EndpointConfigSettings, ModelInfo, VariantSpec } from '../../services/sagemaker.js';
import { sameData, sameModel, toDataCaptureConfig } from '../endpoint/next-config.js';

/** The model a variant runs, without its name (generated per deploy). */
export interface DesiredModel {
  image: string;
  modelDataUrl?: string;
  executionRoleArn: string;
  environment?: Record<string, string>;
  /** `--model-version`: the registered version (model package) the model is created from; it names the image and artifact. */
  modelPackageArn?: string;
}

/** One production variant and its model. */
export interface DesiredVariant {
  model: DesiredModel;
  /** The variant without its model name, which is generated per deploy. */
  variant: Omit<VariantSpec, 'modelName'>;
  /** Set when the variant runs the config's `model` (it names no model of its own): a job's model, or a registered version, replaces it. */
  sharedModel?: true;
}

/** What `deploy` converges the stack to, read from the config. */
export interface DesiredEndpoint {
  stack: string;
  /** `AllTraffic` alone, unless `endpoint.variants` names several. */
  variants: DesiredVariant[];
  /** Settings beside the variants (data capture). */
  settings: EndpointConfigSettings;
}

/**
 * Reads the desired endpoint from the config, naming the config path of anything missing.
 * `model.image` falls back to `training.image`, as DESIGN.md describes; each of
 * `endpoint.variants` falls back to `model` and to the endpoint's instance type and count.
 * With `imageFromJob` (--from-training-job / --from-tuning-job / --model-version) the image and
 * artifact of the variants that have no model of their own come from the job ({@link withJobModel})
 * or the registered version ({@link withVersionModel}) instead.
 */
export function desiredEndpoint(config: Config, source = 'config', imageFromJob = false): DesiredEndpoint {
  const missing = (path: string, what: string): ConfigError => new ConfigError(`${source}: ${path}: ${what}`);
  const stack = config.name;
  if (stack === undefined) throw missing('name', 'no stack name: set `name:` in the config or pass --stack');
  if (config.role === undefined) throw missing('role', 'deploy needs the execution role SageMaker assumes to run the model (an IAM role ARN), found nothing');
  const role = config.role;
  const endpoint = config.endpoint ?? {};
  const modelOf = (path: string, own: Config['model']): DesiredModel => {
    const image = own?.image ?? config.model?.image ?? config.training?.image ?? (imageFromJob && own === undefined ? '' : undefined);
    if (image === undefined) throw missing(path, 'deploy needs a container image (model.image, or training.image), found nothing');
    const modelData = own?.modelData ?? config.model?.modelData;
    const environment = own?.environment ?? config.model?.environment;
    return {
      image,
      executionRoleArn: role,
      ...(modelData !== undefined ? { modelDataUrl: modelData } : {}),
      ...(environment !== undefined && Object.keys(environment).length > 0 ? { environment } : {}),
    };
  };
  const capacity = (
    path: string,
    own: { instanceType?: string; instanceCount?: number; serverless?: VariantSpec['serverless'] },
  ): Omit<VariantSpec, 'modelName' | 'variantName'> => {
    const serverless = own.serverless ?? (own.instanceType === undefined ? endpoint.serverless : undefined);
    if (serverless) return { serverless };
    const instanceType = own.instanceType ?? endpoint.instanceType;
    if (instanceType === undefined) throw missing(path, 'deploy needs endpoint.instanceType (e.g. ml.m5.large) or endpoint.serverless, found nothing');
    return { instanceType, initialInstanceCount: own.instanceCount ?? endpoint.instanceCount ?? 1 };
  };
  const variants: DesiredVariant[] = endpoint.variants
    ? endpoint.variants.map((v, i) => ({
        model: modelOf(`endpoint.variants[${i}].model.image`, v.model),
        variant: { variantName: v.name, ...capacity(`endpoint.variants[${i}].instanceType`, v), initialVariantWeight: v.weight ?? 1 },
        ...(v.model === undefined ? { sharedModel: true as const } : {}),
      }))
    : [
        {
          model: modelOf('model.image', undefined),
          variant: { variantName: DEFAULT_VARIANT, ...capacity('endpoint.instanceType', {}), initialVariantWeight: 1 },
          sharedModel: true,
        },
      ];
  return { stack, variants, settings: endpoint.dataCapture ? { DataCaptureConfig: toDataCaptureConfig(endpoint.dataCapture) } : {} };
}

/**
 * The desired endpoint with a training job's image and artifact (--from-training-job /
 * --from-tuning-job) in every variant that runs the config's `model`; a variant with a model of
 * its own keeps it.
 */
export function withJobModel(desired: DesiredEndpoint, job: { image: string; modelDataUrl: string }): DesiredEndpoint {
  return {
    ...desired,
    variants: desired.variants.map((d) => (d.sharedModel ? { ...d, model: { ...d.model, image: job.image, modelDataUrl: job.modelDataUrl } } : d)),
  };
}

/**
 * The desired endpoint with a registered version's model (--model-version) in every variant that
 * runs the config's `model`: the container names the package, whose image and artifact SageMaker
 * uses, so the config's artifact is dropped. A variant with a model of its own keeps it.
 */
export function withVersionModel(desired: DesiredEndpoint, version: { image: string; modelPackageArn: string }): DesiredEndpoint {
  return {
    ...desired,
    variants: desired.variants.map((d) => {
      if (!d.sharedModel) return d;
      const { modelDataUrl: _artifact, ...rest } = d.model;
      return { ...d, model: { ...rest, image: version.image, modelPackageArn: version.modelPackageArn } };
    }),
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
  if (live.config.variants.length !== desired.variants.length) return false;
  const sameCapture = sameData(live.config.settings.DataCaptureConfig, desired.settings.DataCaptureConfig);
  return (
    sameCapture &&
    desired.variants.every(
      (want, i) => sameVariant(live.config.variants[i], want.variant) && live.models[i] !== undefined && sameModel(live.models[i], want.model),
    )
  );
}

function sameVariant(variant: VariantSpec | undefined, want: Omit<VariantSpec, 'modelName'>): boolean {
  if (!variant) return false;
  return (
    variant.variantName === want.variantName &&
    (variant.initialVariantWeight ?? 1) === (want.initialVariantWeight ?? 1) &&
    (want.serverless
      ? variant.serverless?.memoryMB === want.serverless.memoryMB && variant.serverless.maxConcurrency === want.serverless.maxConcurrency
      : variant.serverless === undefined && variant.instanceType === want.instanceType && (variant.initialInstanceCount ?? 1) === want.initialInstanceCount)
  );
}
