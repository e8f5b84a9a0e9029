import { isManaged, type Tags } from '../../../core/tags.js';
import { names } from '../../../core/names.js';
import { variantResourceId } from '../../../core/names.js';
import type { AutoScalingService } from '../../../services/autoscaling.js';
import type { DeleteOutcome, SageMakerService } from '../../../services/sagemaker.js';
import type { ResourceFinder, StackResource } from '../../stack/resources.js';

/**
 * The stack's autoscaling part: its endpoint's variants registered with Application Auto Scaling.
 * Teardown deregisters them before deleting the endpoint (AWS does it on DeleteEndpoint only with
 * the DeregisterScalableTarget permission). A target belongs to the stack when the endpoint it
 * scales is managed by sagectl for the stack, or is gone (an orphan scales nothing).
 *
 * The registered targets are read once per run, for every stack (one paged
 * DescribeScalableTargets answers for the whole fleet); the endpoint's tags come from the run's
 * inventory through `sagemaker.listTags`.
 */
export class ScalingResourceFinder implements ResourceFinder {
  readonly kinds = ['scalable-target'] as const;
  private registered: Promise<Map<string, string[]>> | undefined;

  constructor(
    private readonly scaling: Pick<AutoScalingService, 'registeredVariantsByEndpoint' | 'deregister'>,
    private readonly sagemaker: Pick<SageMakerService, 'describeEndpoint' | 'listTags'>,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const endpointName = names.endpoint(stack);
    this.registered ??= this.scaling.registeredVariantsByEndpoint();
    const variants = (await this.registered).get(endpointName) ?? [];
    if (variants.length === 0) return [];
    const endpoint = await this.sagemaker.describeEndpoint(endpointName);
    // A target carries no tags of its own here: it has the endpoint's (protection included).
    const tags: Tags = endpoint ? await this.sagemaker.listTags(endpoint.arn) : {};
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
