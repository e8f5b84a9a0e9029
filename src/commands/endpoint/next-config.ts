import type { DataCaptureConfig } from '@aws-sdk/client-sagemaker';
import type { DataCaptureSection } from '../../core/schema.js';
import { TagKey, type Tags } from '../../core/tags.js';
import type { EndpointConfigInfo, EndpointConfigSettings, EndpointInfo, ModelSpec, VariantSpec } from '../../services/sagemaker.js';

/**
 * The next endpoint config, built from the live one: every setting the user did not change is
 * carried over (serverless config, data capture, KMS key, async inference, variant instance
 * types, tags…). The SageMaker Python SDK and MLflow rebuild the config from scratch on update
 * and drop some of these; the unit tests pin each one.
 */

/**
 * The live config's variants with the weights and instance counts the endpoint has now:
 * `--weights`, `--instances` and autoscaling change those in place without a new config, so the
 * config's initial values may be stale, and a new config must not undo them.
 */
export function liveVariants(endpoint: EndpointInfo, config: EndpointConfigInfo): VariantSpec[] {
  const now = new Map(endpoint.variants.map((v) => [v.variantName, v]));
  return config.variants.map((v) => {
    const live = now.get(v.variantName);
    if (!live) return v;
    const count = live.desiredInstanceCount ?? live.currentInstanceCount;
    return {
      ...v,
      ...(live.currentWeight !== undefined ? { initialVariantWeight: live.currentWeight } : {}),
      ...(!v.serverless && count !== undefined ? { initialInstanceCount: count } : {}),
    };
  });
}

/** The variants with one variant's model replaced. */
export function withModel(variants: VariantSpec[], variantName: string, modelName: string): VariantSpec[] {
  return variants.map((v) => (v.variantName === variantName ? { ...v, modelName } : v));
}

/** The settings of the next config: the live ones, with `endpoint.dataCapture` when the config sets it. */
export function nextSettings(live: EndpointConfigSettings, dataCapture: DataCaptureSection | undefined): EndpointConfigSettings {
  return dataCapture ? { ...live, DataCaptureConfig: toDataCaptureConfig(dataCapture) } : { ...live };
}

/** SageMaker's DataCaptureConfig for `endpoint.dataCapture` (input and output captured unless told). */
export function toDataCaptureConfig(section: DataCaptureSection): DataCaptureConfig {
  const modes = section.captureContent ?? ['input', 'output'];
  return {
    EnableCapture: true,
    InitialSamplingPercentage: section.percent,
    DestinationS3Uri: section.s3Uri,
    CaptureOptions: modes.map((m) => ({ CaptureMode: m === 'input' ? 'Input' : 'Output' })),
    ...(section.kmsKeyId ? { KmsKeyId: section.kmsKeyId } : {}),
  };
}

/**
 * The tags of a resource that replaces `live`: the user's tags it carried (set outside sagectl or
 * by an older config) with sagectl's and the config's on top. `aws:` tags are AWS's own.
 */
export function nextTags(live: Tags, stackTags: Tags): Tags {
  const carried = Object.fromEntries(Object.entries(live).filter(([k]) => !/^aws:/i.test(k) && !k.startsWith(`${TagKey.Stack.split(':')[0]}:`)));
  return { ...carried, ...stackTags };
}

/**
 * Whether two models run the same thing (image and artifact, or the registered version's package;
 * role, environment). A model from a package is its package: SageMaker takes the image and
 * artifact from it.
 */
export function sameModel(a: Omit<ModelSpec, 'name'>, b: Omit<ModelSpec, 'name'>): boolean {
  const envA = a.environment ?? {};
  const envB = b.environment ?? {};
  const sameSource =
    a.modelPackageArn !== undefined || b.modelPackageArn !== undefined
      ? a.modelPackageArn === b.modelPackageArn
      : a.image === b.image && a.modelDataUrl === b.modelDataUrl;
  return (
    sameSource &&
    a.executionRoleArn === b.executionRoleArn &&
    Object.keys(envA).length === Object.keys(envB).length &&
    Object.keys(envA).every((k) => envA[k] === envB[k])
  );
}

/** Whether two settings values are equal as data (key order ignored: AWS need not echo ours). */
export function sameData(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
