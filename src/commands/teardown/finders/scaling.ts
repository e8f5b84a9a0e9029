import { isManaged } from '../../../core/tags.js';
import { names } from '../../../core/names.js';
import { variantResourceId } from '../../../core/names.js';
import type { DeleteOutcome, SageMakerService } from '../../../services/sagemaker.js';
import type { ScalingApi } from '../../endpoint/scaling.js';
import type { ResourceFinder, StackResource } from '../../stack/resources.js';

/**
 * The stack's autoscaling part: its endpoint's variants registered with Application Auto Scaling.
 * Teardown deregisters them before deleting the endpoint (AWS does it on DeleteEndpoint only with
 * the DeregisterScalableTarget permission). A target belongs to the stack when the endpoint it
 * scales is managed by sagectl for the stack, or is gone (an orphan scales nothing).
 */
export class ScalingResourceFinder implements ResourceFinder {
  readonly kinds = ['scalable-target'] as const;

  constructor(
    private readonly scaling: ScalingApi,
    private readonly sagemaker: Pick<SageMakerService, 'describeEndpoint' | 'listTags'>,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const endpointName = names.endpoint(stack);
    const variants = await this.scaling.registeredVariants(endpointName);
    if (variants.length === 0) return [];
    const endpoint = await this.sagemaker.describeEndpoint(endpointName);
    // A target carries no tags of its own here: it has the endpoint's (protection included).
    const tags = endpoint ? await this.sagemaker.listTags(endpoint.arn) : {};
    const managed = endpoint === undefined || isManaged(tags, stack);
    return variants.map((variant) => ({
      stack,
      kind: 'scalable-target' as const,
      name: variantResourceId(endpointName, variant),
      arn: variantResourceId(endpointName, variant),
      managed,
      tags,
    }));
  }

  delete(resource: StackResource): Promise<DeleteOutcome> {
    const [, endpoint = '', , variant = ''] = resource.name.split('/');
    return this.scaling.deregister(endpoint, variant);
  }
}
