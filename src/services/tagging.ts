import { ResourceGroupsTaggingAPIClient, paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { translateAwsError } from '../core/aws-errors.js';
import { fromTagList, MANAGED_BY_VALUE, TagKey, type Tags } from '../core/tags.js';

/** A tagged resource: its ARN and all its tags. */
export interface TaggedResource {
  arn: string;
  tags: Tags;
}

/** The SageMaker resource types a stack holds, as the tagging API names them. */
export const SAGEMAKER_RESOURCE_TYPES = ['sagemaker:endpoint', 'sagemaker:endpoint-config', 'sagemaker:model'] as const;

/**
 * The Resource Groups Tagging API: every resource sagectl manages in the region, with its tags,
 * in a few paginated calls, instead of one ListTags per resource. Used for fleet-wide selection;
 * a single named stack is still found service by service (see stack-resources.ts), which sees a
 * resource the moment it exists.
 */
export class TaggingService {
  constructor(
    private readonly client: ResourceGroupsTaggingAPIClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): TaggingService {
    return new TaggingService(new ResourceGroupsTaggingAPIClient(clientConfig(options)), options.logger);
  }

  /** Every resource of `types` tagged `sagectl:managed-by=sagectl` (all pages). */
  async managedResources(types: readonly string[] = SAGEMAKER_RESOURCE_TYPES): Promise<TaggedResource[]> {
    const found: TaggedResource[] = [];
    try {
      const pages = paginateGetResources(
        { client: this.client },
        { TagFilters: [{ Key: TagKey.ManagedBy, Values: [MANAGED_BY_VALUE] }], ResourceTypeFilters: [...types], ResourcesPerPage: 100 },
      );
      for await (const page of pages) {
        for (const r of page.ResourceTagMappingList ?? []) {
          if (r.ResourceARN) found.push({ arn: r.ResourceARN, tags: fromTagList(r.Tags) });
        }
      }
    } catch (error) {
      throw translateAwsError('GetResources', error);
    }
    this.logger.debug(`${found.length} managed resources`);
    return found;
  }
}
