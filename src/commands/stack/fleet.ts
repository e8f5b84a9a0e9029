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

/**
 * Listings of what a stack may hold besides an endpoint, configs and models: its notebook
 * instance (`sagectl notebook up`) and its monitoring schedule (`sagectl monitor enable`), so a
 * stack that has only those is still part of the fleet. Each is read only when the fleet's tags
 * show a resource of its kind.
 */
export interface FleetListings {
  listNotebookInstances?: () => Promise<ResourceSummary[]>;
  listMonitoringSchedules?: () => Promise<ResourceSummary[]>;
}

/**
 * The types whose tags place a resource in a stack of the fleet (spelled here, not imported from
 * the tagging service's module: importing it would load its SDK client before a flag is checked).
 */
const FLEET_TYPES = [
  'sagemaker:endpoint',
  'sagemaker:endpoint-config',
  'sagemaker:model',
  'sagemaker:notebook-instance',
  'sagemaker:monitoring-schedule',
] as const;

/** `endpoint`, `endpoint-config`, `model`, `notebook-instance`…, from a SageMaker ARN (`arn:aws:sagemaker:r:a:endpoint/name`). */
function sageMakerKindOf(arn: string): string | undefined {
  return /^arn:[^:]+:sagemaker:[^:]*:[^:]*:([a-z-]+)\//.exec(arn)?.[1];
}

/**
 * Every managed stack in the region, in a handful of paginated calls whatever the fleet's size:
 * the tagging API gives each managed resource's tags (so its stack), and one listing per kind
 * gives endpoint status and creation times. Only resources tagged `sagectl:managed-by=sagectl`
 * are ever seen here.
 */
export async function fleetInventory(tagging: FleetTagging, sagemaker: FleetSageMaker, more: FleetListings = {}): Promise<StackSummary[]> {
  const [tagged, endpoints, configs, models] = await Promise.all([
    tagging.managedResources(FLEET_TYPES),
    sagemaker.listEndpoints(),
    sagemaker.listEndpointConfigs(),
    sagemaker.listModels(),
  ]);
  const holds = (kind: string): boolean => tagged.some((r) => sageMakerKindOf(r.arn) === kind);
  const [notebooks, schedules] = await Promise.all([
    more.listNotebookInstances && holds('notebook-instance') ? more.listNotebookInstances() : [],
    more.listMonitoringSchedules && holds('monitoring-schedule') ? more.listMonitoringSchedules() : [],
  ]);
  // ARNs are compared without case: SageMaker lowercases names in some ARNs and not in others.
  const listed = new Map<string, ResourceSummary>([...endpoints, ...configs, ...models, ...notebooks, ...schedules].map((r) => [r.arn.toLowerCase(), r]));
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
