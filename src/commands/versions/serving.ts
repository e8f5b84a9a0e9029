import type { SageMakerService } from '../../services/sagemaker.js';
import { names } from '../../core/names.js';

/** The SageMaker calls finding what an endpoint serves make. */
export type ServingSageMaker = Pick<SageMakerService, 'describeEndpoint' | 'describeEndpointConfig' | 'describeModel'>;

/** One variant of the stack's endpoint and the registered version its model was created from. */
export interface ServingVariant {
  variant: string;
  model: string;
  /** The model package the model's container names (undefined for a model made from an image and artifact). */
  packageArn?: string;
}

/**
 * What the stack's endpoint serves now, variant by variant: read from the endpoint's current
 * config and each model's container (ModelPackageName), so it is true whoever deployed it.
 * No endpoint, no rows.
 */
export async function servingVersions(sagemaker: ServingSageMaker, stack: string): Promise<ServingVariant[]> {
  const endpoint = await sagemaker.describeEndpoint(names.endpoint(stack));
  if (!endpoint?.configName) return [];
  const config = await sagemaker.describeEndpointConfig(endpoint.configName);
  if (!config) return [];
  return Promise.all(
    config.variants.map(async (v): Promise<ServingVariant> => {
      const model = await sagemaker.describeModel(v.modelName);
      return { variant: v.variantName, model: v.modelName, ...(model?.modelPackageArn ? { packageArn: model.modelPackageArn } : {}) };
    }),
  );
}

/** Whether a variant serves the package `arn` (ARNs compared without case: SageMaker lowercases some). */
export function serves(variant: ServingVariant, arn: string): boolean {
  return variant.packageArn !== undefined && variant.packageArn.toLowerCase() === arn.toLowerCase();
}
