import { isManaged } from '../../../core/tags.js';
import type { RegistryService } from '../../../services/registry.js';
import type { DeleteOutcome, SageMakerService } from '../../../services/sagemaker.js';
import { belongsTo, type ResourceFinder, type StackResource } from '../../stack/resources.js';

/**
 * The stack's model package group and its versions, for `teardown --include-versions` only:
 * versions are the stack's history (what was live last Tuesday), so a plain teardown keeps
 * them and bulk teardown never reaches them. Versions go before the group, which AWS refuses
 * to delete while it holds any.
 */
export class RegistryResourceFinder implements ResourceFinder {
  readonly kinds = ['model-package', 'model-package-group'] as const;

  constructor(
    private readonly registry: Pick<RegistryService, 'describeGroup' | 'listVersions' | 'deleteVersion' | 'deleteGroup'>,
    private readonly sagemaker: Pick<SageMakerService, 'listTags'>,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const groupArn = await this.registry.describeGroup(stack);
    if (groupArn === undefined) return [];
    const tags = await this.sagemaker.listTags(groupArn);
    // A group of this name that sagectl did not create for the stack is left alone entirely.
    if (!belongsTo(tags, stack)) return [];
    const managed = isManaged(tags, stack);
    const versions = await this.registry.listVersions(stack);
    return [
      ...versions.map((v): StackResource => ({
        stack,
        kind: 'model-package',
        name: `${stack}/${v.version}`,
        arn: v.arn,
        managed,
        tags,
        ...(v.creationTime ? { createdAt: v.creationTime } : {}),
      })),
      { stack, kind: 'model-package-group', name: stack, arn: groupArn, managed, tags },
    ];
  }

  delete(resource: StackResource): Promise<DeleteOutcome> {
    if (resource.kind === 'model-package') return this.registry.deleteVersion(resource.arn);
    if (resource.kind === 'model-package-group') return this.registry.deleteGroup(resource.name);
    throw new Error(`the registry finder does not delete ${resource.kind}`);
  }
}
