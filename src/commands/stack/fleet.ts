import { TagKey, type Tags } from '../../core/tags.js';
import { stackOf } from './listing.js';
import type { ResourceSummary, SageMakerService } from '../../services/sagemaker.js';
import type { TaggingService } from '../../services/tagging.js';

/** What fleet-wide selection knows of one managed stack. */
export interface StackSummary {
  stack: string;
  /** The endpoint's tags, else those of the stack's newest resource. */
  tags: Tags;
  /** Some resource of the stack carries `sagectl:protect=true`. */
  protected: boolean;
  endpoint?: { name: string; arn: string; status: string; createdAt?: Date; lastModifiedAt?: Date };
  /** Creation time of the stack's newest resource. */
  newestResourceAt?: Date;
  resourceCount: number;
}

export type FleetSageMaker = Pick<SageMakerService, 'listEndpoints' | 'listEndpointConfigs' | 'listModels'>;
export type FleetTagging = Pick<TaggingService, 'managedResources'>;

/** `endpoint`, `endpoint-config` or `model`, from a SageMaker ARN (`arn:aws:sagemaker:r:a:endpoint/name`). */
function sageMakerKindOf(arn: string): string | undefined {
  return /^arn:[^:]+:sagemaker:[^:]*:[^:]*:([a-z-]+)\//.exec(arn)?.[1];
}

/**
 * Every managed stack in the region, in a handful of paginated calls whatever the fleet's size:
 * the tagging API gives each managed resource's tags (so its stack), and one listing per kind
 * gives endpoint status and creation times. Only resources tagged `sagectl:managed-by=sagectl`
 * are ever seen here.
 */
export async function fleetInventory(tagging: FleetTagging, sagemaker: FleetSageMaker): Promise<StackSummary[]> {
  const [tagged, endpoints, configs, models] = await Promise.all([
    tagging.managedResources(),
    sagemaker.listEndpoints(),
    sagemaker.listEndpointConfigs(),
    sagemaker.listModels(),
  ]);
  // ARNs are compared without case: SageMaker lowercases names in some ARNs and not in others.
  const listed = new Map<string, ResourceSummary>([...endpoints, ...configs, ...models].map((r) => [r.arn.toLowerCase(), r]));
  const byStack = new Map<string, StackSummary>();
  for (const resource of tagged) {
    const stack = stackOf(resource.tags);
    const row = listed.get(resource.arn.toLowerCase());
    if (stack === undefined || row === undefined) continue; // not a stack's, or deleted since it was tagged
    const summary = byStack.get(stack) ?? { stack, tags: resource.tags, protected: false, resourceCount: 0 };
    summary.resourceCount += 1;
    summary.protected ||= resource.tags[TagKey.Protect] === 'true';
    if (row.creationTime && (!summary.newestResourceAt || row.creationTime > summary.newestResourceAt)) {
      summary.newestResourceAt = row.creationTime;
      if (!summary.endpoint) summary.tags = resource.tags;
    }
    if (sageMakerKindOf(resource.arn) === 'endpoint') {
      summary.tags = resource.tags;
      summary.endpoint = {
        name: row.name,
        arn: row.arn,
        status: row.status ?? 'Unknown',
        ...(row.creationTime ? { createdAt: row.creationTime } : {}),
        ...(row.lastModifiedTime ? { lastModifiedAt: row.lastModifiedTime } : {}),
      };
    }
    byStack.set(stack, summary);
  }
  return [...byStack.values()].sort((a, b) => a.stack.localeCompare(b.stack));
}
