import { InternalError } from '../../core/errors.js';
import { mapLimit, DEFAULT_CONCURRENCY } from '../../core/concurrency.js';
import { isManaged, TagKey, type Tags } from '../../core/tags.js';
import { names } from '../../core/names.js';
import type { DeleteOutcome, SageMakerService } from '../../services/sagemaker.js';

/**
 * The kinds of resource a stack can hold, in the order teardown deletes them: what serves
 * traffic goes first, what it depends on last. wire-api's public API goes first (its usage plan
 * and key, then the API), then the Lambda function behind it and its logs, then the function's
 * role, then the notebook instance and its lifecycle configuration (the instance first), then the Model Monitor schedule on the endpoint and its job definition (the schedule
 * first: AWS refuses to delete a job definition a schedule uses), then the endpoint's autoscaling
 * targets (they scale its variants, and AWS removes them on DeleteEndpoint only with the
 * DeregisterScalableTarget permission), then the endpoint, its
 * configs and models; last, with `--include-versions` only, the model versions and their group.
 */
export const DELETE_ORDER = [
  'usage-plan',
  'api-key',
  'rest-api',
  'lambda-function',
  'log-group',
  'iam-role',
  'notebook-instance',
  'notebook-lifecycle-config',
  'monitoring-schedule',
  'data-quality-job-definition',
  'scalable-target',
  'endpoint',
  'endpoint-config',
  'model',
  'model-package',
  'model-package-group',
] as const;
export type StackResourceKind = (typeof DELETE_ORDER)[number];

/** One resource found for a stack. */
export interface StackResource {
  stack: string;
  kind: StackResourceKind;
  name: string;
  arn: string;
  /** The service's id when it is not the name (API Gateway's REST APIs, usage plans and keys). */
  id?: string;
  /** Tagged `sagectl:stack=<stack>` and `sagectl:managed-by=sagectl`. */
  managed: boolean;
  /** All the resource's tags (protection, the user's tags). */
  tags: Tags;
  createdAt?: Date;
}

/**
 * Finds a stack's resources of one service by tag, and deletes them. Each AWS service that holds
 * stack resources has one; teardown asks them all, so a new kind of resource slots in by adding
 * a finder, without reshaping teardown.
 */
export interface ResourceFinder {
  /** The kinds this finder finds and deletes. */
  readonly kinds: readonly StackResourceKind[];
  find(stack: string): Promise<StackResource[]>;
  /** Deletes one resource this finder found; one that is already gone is `absent`. */
  delete(resource: StackResource): Promise<DeleteOutcome>;
}

/**
 * Every generated name begins with at least this much of the stack name (names keep the stack's
 * first 37 characters even when shortened to fit 63), so `NameContains` narrows the listing
 * without missing any; the tags then decide what belongs to the stack.
 */
export function discoveryPrefix(stack: string): string {
  return stack.slice(0, 20);
}

/** The SageMaker calls the finder makes. */
export type SageMakerResourceApi = Pick<
  SageMakerService,
  'listEndpoints' | 'listEndpointConfigs' | 'listModels' | 'listTags' | 'deleteEndpoint' | 'deleteEndpointConfig' | 'deleteModel'
>;

/**
 * SageMaker's part of a stack: the endpoint named after it, and every endpoint config and model
 * tagged with it (orphans of a failed deploy included). An endpoint that merely has the stack's
 * name but not its tags is reported unmanaged, so teardown can refuse it without `--force`.
 */
export class SageMakerResourceFinder implements ResourceFinder {
  readonly kinds = ['endpoint', 'endpoint-config', 'model'] as const;

  constructor(
    private readonly sagemaker: SageMakerResourceApi,
    private readonly concurrency = DEFAULT_CONCURRENCY,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const prefix = discoveryPrefix(stack);
    const [endpoints, configs, models] = await Promise.all([
      this.sagemaker.listEndpoints(prefix),
      this.sagemaker.listEndpointConfigs(prefix),
      this.sagemaker.listModels(prefix),
    ]);
    // The prefix is applied here too: not every implementation of the API honours NameContains.
    const named = (r: { name: string }): boolean => r.name.includes(prefix);
    const candidates = [
      ...endpoints.filter((e) => e.name === names.endpoint(stack)).map((e) => ({ kind: 'endpoint' as const, ...e })),
      ...configs.filter(named).map((c) => ({ kind: 'endpoint-config' as const, ...c })),
      ...models.filter(named).map((m) => ({ kind: 'model' as const, ...m })),
    ];
    const tagged = await mapLimit(candidates, this.concurrency, async (c) => ({ c, tags: await this.sagemaker.listTags(c.arn) }));
    return tagged
      .filter(({ c, tags }) => c.kind === 'endpoint' || belongsTo(tags, stack))
      .map(({ c, tags }) => ({
        stack,
        kind: c.kind,
        name: c.name,
        arn: c.arn,
        managed: isManaged(tags, stack),
        tags,
        ...(c.creationTime ? { createdAt: c.creationTime } : {}),
      }));
  }

  delete(resource: StackResource): Promise<DeleteOutcome> {
    if (resource.kind === 'endpoint') return this.sagemaker.deleteEndpoint(resource.name);
    if (resource.kind === 'endpoint-config') return this.sagemaker.deleteEndpointConfig(resource.name);
    if (resource.kind === 'model') return this.sagemaker.deleteModel(resource.name);
    throw new InternalError(`the SageMaker finder does not delete ${resource.kind}`);
  }
}

/** Carries this stack's tag (managed or not: an unmanaged one is shown and refused, not hidden). */
export function belongsTo(tags: Tags, stack: string): boolean {
  return tags[TagKey.Stack] === stack;
}
