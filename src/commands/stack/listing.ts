import { DEFAULT_CONCURRENCY, mapLimit } from '../../core/concurrency.js';
import { isManaged, TagKey, type Tags } from '../../core/tags.js';
import type { ResourceSummary, SageMakerService } from '../../services/sagemaker.js';
import { UsageError } from '../../core/errors.js';

/** The SageMaker calls needed to list stacks by their endpoints. */
export type StackLister = Pick<SageMakerService, 'listEndpoints' | 'listTags'>;

/** One managed stack as its endpoint shows it. */
export interface ManagedEndpoint {
  stack: string;
  endpoint: ResourceSummary;
  tags: Tags;
}

/**
 * The stack a resource belongs to, read from its tags: defined only when sagectl manages it
 * (`sagectl:managed-by=sagectl` and a `sagectl:stack` tag). Every listing of stacks asks this.
 */
export function stackOf(tags: Tags): string | undefined {
  return isManaged(tags) ? tags[TagKey.Stack] : undefined;
}

/**
 * The managed stacks in the region that have an endpoint, sorted by stack: one ListEndpoints
 * (narrowed to the endpoint named `stack` when given) and one ListTags per endpoint listed.
 */
export async function managedEndpoints(sagemaker: StackLister, stack?: string): Promise<ManagedEndpoint[]> {
  const listed = await sagemaker.listEndpoints(stack);
  // ListEndpoints matches names containing `stack`: only the endpoint named exactly is that stack's.
  const candidates = stack === undefined ? listed : listed.filter((e) => e.name === stack);
  const tagged = await mapLimit(candidates, DEFAULT_CONCURRENCY, async (endpoint) => ({ endpoint, tags: await sagemaker.listTags(endpoint.arn) }));
  const found: ManagedEndpoint[] = [];
  for (const { endpoint, tags } of tagged) {
    const name = stackOf(tags);
    if (name !== undefined) found.push({ stack: name, endpoint, tags });
  }
  return found.sort((a, b) => a.stack.localeCompare(b.stack));
}

/** The names of the stacks sagectl manages in the region (those with an endpoint), sorted. */
export async function managedStackNames(sagemaker: StackLister): Promise<string[]> {
  return (await managedEndpoints(sagemaker)).map((m) => m.stack);
}

/**
 * "No such stack", with the stacks that do exist so the user sees the typo (exit 2): what `invoke`
 * and `status` say for a stack name sagectl does not manage in the region.
 */
export async function unknownStackError(sagemaker: StackLister, stack: string): Promise<UsageError> {
  const stacks = await managedStackNames(sagemaker);
  const known = stacks.length > 0 ? `stacks that exist: ${stacks.join(', ')}` : 'no stacks managed by sagectl exist in this region';
  return new UsageError(
    `no endpoint for stack ${stack} in this region; ${known}`,
    stacks.length > 0 ? 'pass one of those stacks' : 'deploy it first with `sagectl deploy`',
  );
}
