import type { CreateEndpointConfigInput, ProductionVariant } from '@aws-sdk/client-sagemaker';

/**
 * Production variants and endpoint-config settings, between SageMaker's shapes and sagectl's.
 * What sagectl does not model is carried verbatim, so a config rebuilt from a live one loses nothing.
 */

/** Serverless capacity of a variant. */
export interface ServerlessSpec {
  memoryMB: number;
  maxConcurrency: number;
  provisionedConcurrency?: number;
}

/** A production variant as sagectl sees it. */
export interface VariantSpec {
  variantName: string;
  modelName: string;
  instanceType?: string;
  initialInstanceCount?: number;
  initialVariantWeight?: number;
  serverless?: ServerlessSpec;
  /**
   * Variant settings sagectl does not model (volume size, startup timeouts, routing, managed
   * scaling…), kept verbatim from the live config so an update carries them over.
   */
  passthrough?: VariantPassthrough;
}

/** The fields of a production variant that {@link VariantSpec} names itself. */
type ModelledVariantField = 'VariantName' | 'ModelName' | 'InstanceType' | 'InitialInstanceCount' | 'InitialVariantWeight' | 'ServerlessConfig';
export type VariantPassthrough = Omit<ProductionVariant, ModelledVariantField>;
const MODELLED_VARIANT_FIELDS: ReadonlySet<string> = new Set<ModelledVariantField>([
  'VariantName',
  'ModelName',
  'InstanceType',
  'InitialInstanceCount',
  'InitialVariantWeight',
  'ServerlessConfig',
]);

/**
 * The endpoint-config settings beside the variants: data capture, KMS key, async inference,
 * explainer, shadow variants, VPC, network isolation, metrics. sagectl sets data capture itself
 * and passes the rest through verbatim, so an update never drops a setting the user made
 * (the SageMaker Python SDK drops serverless config and data capture on update).
 */
export type EndpointConfigSettings = Pick<
  CreateEndpointConfigInput,
  | 'DataCaptureConfig'
  | 'KmsKeyId'
  | 'AsyncInferenceConfig'
  | 'ExplainerConfig'
  | 'ShadowProductionVariants'
  | 'ExecutionRoleArn'
  | 'VpcConfig'
  | 'EnableNetworkIsolation'
  | 'MetricsConfig'
>;
const SETTINGS_KEYS = [
  'DataCaptureConfig',
  'KmsKeyId',
  'AsyncInferenceConfig',
  'ExplainerConfig',
  'ShadowProductionVariants',
  'ExecutionRoleArn',
  'VpcConfig',
  'EnableNetworkIsolation',
  'MetricsConfig',
] as const satisfies readonly (keyof EndpointConfigSettings)[];

/** The settings of a config (or of a Describe output), without undefined fields. */
export function pickSettings(source: EndpointConfigSettings): EndpointConfigSettings {
  const settings: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) {
    const value: unknown = source[key];
    // An empty object is no setting (some emulators report `DataCaptureConfig: {}` for none).
    if (value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)) continue;
    settings[key] = value;
  }
  return settings;
}

/** SageMaker's ProductionVariant for a variant. */
export function toProductionVariant(v: VariantSpec): ProductionVariant {
  return {
    ...v.passthrough,
    VariantName: v.variantName,
    ModelName: v.modelName,
    ...(v.serverless
      ? {
          ServerlessConfig: {
            MemorySizeInMB: v.serverless.memoryMB,
            MaxConcurrency: v.serverless.maxConcurrency,
            ...(v.serverless.provisionedConcurrency !== undefined ? { ProvisionedConcurrency: v.serverless.provisionedConcurrency } : {}),
          },
        }
      : { InstanceType: v.instanceType as ProductionVariant['InstanceType'], InitialInstanceCount: v.initialInstanceCount ?? 1 }),
    InitialVariantWeight: v.initialVariantWeight ?? 1,
  };
}

/** A variant from SageMaker's ProductionVariant. */
export function fromProductionVariant(v: ProductionVariant): VariantSpec {
  const passthrough = Object.fromEntries(
    Object.entries(v).filter(([key, value]) => !MODELLED_VARIANT_FIELDS.has(key) && value !== undefined),
  ) as VariantPassthrough;
  return {
    ...(Object.keys(passthrough).length > 0 ? { passthrough } : {}),
    variantName: v.VariantName ?? '',
    modelName: v.ModelName ?? '',
    ...(v.InstanceType ? { instanceType: v.InstanceType } : {}),
    ...(v.InitialInstanceCount !== undefined ? { initialInstanceCount: v.InitialInstanceCount } : {}),
    ...(v.InitialVariantWeight !== undefined ? { initialVariantWeight: v.InitialVariantWeight } : {}),
    ...(v.ServerlessConfig?.MemorySizeInMB !== undefined
      ? {
          serverless: {
            memoryMB: v.ServerlessConfig.MemorySizeInMB,
            maxConcurrency: v.ServerlessConfig.MaxConcurrency ?? 1,
            ...(v.ServerlessConfig.ProvisionedConcurrency !== undefined ? { provisionedConcurrency: v.ServerlessConfig.ProvisionedConcurrency } : {}),
          },
        }
      : {}),
  };
}
