import { InternalError } from '../../core/errors.js';
import { mapLimit, DEFAULT_CONCURRENCY } from '../../core/concurrency.js';
import { isManaged, TagKey, type Tags } from '../../core/tags.js';
import { names, resourceName } from '../../core/names.js';
import type { DeleteOutcome, ResourceSummary, SageMakerService } from '../../services/sagemaker.js';
import { inventoryOf, RunInventory } from './inventory.js';

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
 *
 * Tags come from the run's inventory (see inventory.ts) when the service was wrapped with one:
 * the tagging API answers for the whole stack in one request. It can lag a resource created a
 * moment ago, so the inventory is not trusted to be complete: names come from the SageMaker
 * listings (which see a resource as soon as it exists), and a listed config or model that the
 * stack's naming scheme predicts but the inventory does not show yet has its tags read with
 * ListTags; so does the endpoint named after the stack when the inventory lacks it. Only names
 * the scheme gives to this very stack are read that way, so stack `f1` never reads the tags of
 * `f10`'s resources. Without an inventory, every listed name holding the stack's prefix is read.
 */
export class SageMakerResourceFinder implements ResourceFinder {
  readonly kinds = ['endpoint', 'endpoint-config', 'model'] as const;

  constructor(
    private readonly sagemaker: SageMakerResourceApi,
    private readonly concurrency = DEFAULT_CONCURRENCY,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const prefix = discoveryPrefix(stack);
    const inventory = inventoryOf(this.sagemaker);
    const [tagged, configs, models] = await Promise.all([
      inventory ? inventory.stackResources(stack) : Promise.resolve(undefined),
      this.sagemaker.listEndpointConfigs(prefix),
      this.sagemaker.listModels(prefix),
    ]);
    // The prefix is applied here too: not every implementation of the API honours NameContains.
    const worthReading = (r: ResourceSummary): boolean =>
      tagged === undefined ? r.name.includes(prefix) : RunInventory.holds(tagged, r.arn) || followsNaming(stack, r.name);
    const endpointArn = tagged?.find((r) => isEndpointOf(r.arn, stack))?.arn;
    const endpoints = endpointArn
      ? [{ name: names.endpoint(stack), arn: endpointArn }]
      : (await this.sagemaker.listEndpoints(prefix)).filter((e) => e.name === names.endpoint(stack));
    const candidates = [
      ...endpoints.map((e) => ({ kind: 'endpoint' as const, ...e })),
      ...configs.filter(worthReading).map((c) => ({ kind: 'endpoint-config' as const, ...c })),
      ...models.filter(worthReading).map((m) => ({ kind: 'model' as const, ...m })),
    ];
    const read = await mapLimit(candidates, this.concurrency, async (c) => ({ c, tags: await this.sagemaker.listTags(c.arn) }));
    return read
      .filter(({ c, tags }) => c.kind === 'endpoint' || belongsTo(tags, stack))
      .map(({ c, tags }) => ({
        stack,
        kind: c.kind,
        name: c.name,
        arn: c.arn,
        managed: isManaged(tags, stack),
        tags,
        ...('creationTime' in c && c.creationTime ? { createdAt: c.creationTime } : {}),
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

/** Whether `arn` is the ARN of the endpoint named after `stack` (SageMaker may lowercase the name in it). */
function isEndpointOf(arn: string, stack: string): boolean {
  return (
    /^arn:[^:]+:sagemaker:[^:]*:[^:]*:endpoint\//.test(arn) && arn.slice(arn.indexOf(':endpoint/') + 10).toLowerCase() === names.endpoint(stack).toLowerCase()
  );
}

/**
 * Whether `name` is one sagectl gives an endpoint config (`S-yyyymmddHHMMSS`) or a model
 * (`S-<variant>-yyyymmddHHMMSS`) of `stack`, the stack part shortened as names.ts shortens it.
 */
export function followsNaming(stack: string, name: string): boolean {
  const match = /^(.+)-(\d{14})$/.exec(name);
  if (!match) return false;
  const [, head = '', at = ''] = match;
  if (resourceName(stack, [at]) === name) return true;
  for (let i = head.indexOf('-'); i > 0; i = head.indexOf('-', i + 1)) {
    const variant = head.slice(i + 1);
    if (variant.length > 0 && variant.length + at.length + 2 < 63 && resourceName(stack, [variant, at]) === name) return true;
  }
  return false;
}
