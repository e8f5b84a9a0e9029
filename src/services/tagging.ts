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

/** `sagectl notebook up`'s instance and its lifecycle config. */
export const NOTEBOOK_RESOURCE_TYPES = ['sagemaker:notebook-instance', 'sagemaker:notebook-instance-lifecycle-config'] as const;

/** `sagectl monitor enable`'s schedule and the data-quality job definition it runs. */
export const MONITORING_RESOURCE_TYPES = ['sagemaker:monitoring-schedule', 'sagemaker:data-quality-job-definition'] as const;

/**
 * Every type of a stack's resources that the tagging API sees: SageMaker's (notebook and monitoring
 * included), wire-api's function and its log group (`logs` is the whole service: AWS names the type `logs:log-group`, some
 * emulators `logs:loggroup`). IAM roles and API Gateway's usage plans and keys are not all
 * visible to it: teardown reads those from their own services.
 */
export const STACK_RESOURCE_TYPES = [...SAGEMAKER_RESOURCE_TYPES, 'lambda:function', 'logs', ...NOTEBOOK_RESOURCE_TYPES, ...MONITORING_RESOURCE_TYPES] as const;

/**
 * The Resource Groups Tagging API: every resource sagectl manages in the region, with its tags,
 * in a few paginated calls, instead of one ListTags per resource; or every resource of one stack.
 * The tagging API can lag a resource created a moment ago: see stack/inventory.ts for how a run
 * makes up for that.
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
  managedResources(types: readonly string[] = SAGEMAKER_RESOURCE_TYPES): Promise<TaggedResource[]> {
    return this.resources(TagKey.ManagedBy, MANAGED_BY_VALUE, types);
  }

  /** Every resource of `types` tagged `sagectl:stack=<stack>`, managed or not (all pages). */
  stackResources(stack: string, types: readonly string[] = STACK_RESOURCE_TYPES): Promise<TaggedResource[]> {
    return this.resources(TagKey.Stack, stack, types);
  }

  private async resources(key: string, value: string, types: readonly string[]): Promise<TaggedResource[]> {
    const found: TaggedResource[] = [];
    try {
      const pages = paginateGetResources(
        { client: this.client },
        { TagFilters: [{ Key: key, Values: [value] }], ResourceTypeFilters: [...types], ResourcesPerPage: 100 },
      );
      for await (const page of pages) {
        for (const r of page.ResourceTagMappingList ?? []) {
          if (r.ResourceARN) found.push({ arn: r.ResourceARN, tags: fromTagList(r.Tags) });
        }
      }
    } catch (error) {
      throw translateAwsError('GetResources', error);
    }
    this.logger.debug(`${found.length} resources tagged ${key}=${value}`);
    return found;
  }
}
