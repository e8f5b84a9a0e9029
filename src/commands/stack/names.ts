import { DEFAULT_CONCURRENCY, mapLimit } from '../../core/concurrency.js';
import { isManaged, TagKey } from '../../core/tags.js';
import type { SageMakerService } from '../../services/sagemaker.js';

/** The SageMaker calls needed to list stacks. */
export type StackLister = Pick<SageMakerService, 'listEndpoints' | 'listTags'>;

/** The names of the stacks sagectl manages in the region (endpoints tagged managed-by sagectl), sorted. */
export async function managedStackNames(sagemaker: StackLister): Promise<string[]> {
  const endpoints = await sagemaker.listEndpoints();
  const tagged = await mapLimit(endpoints, DEFAULT_CONCURRENCY, async (e) => ({ e, tags: await sagemaker.listTags(e.arn) }));
  return tagged
    .filter(({ tags }) => isManaged(tags))
    .map(({ e, tags }) => tags[TagKey.Stack] ?? e.name)
    .sort((a, b) => a.localeCompare(b));
}
