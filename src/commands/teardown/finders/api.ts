import { names } from '../../../core/names.js';
import { isManaged, type Tags } from '../../../core/tags.js';
import type { ApiGatewayService, TaggedItem } from '../../../services/apigateway.js';
import type { IamService, RoleInfo } from '../../../services/iam.js';
import type { TaggedResource } from '../../../services/tagging.js';
import type { RunInventory } from '../../stack/inventory.js';
import type { LambdaService } from '../../../services/lambda.js';
import type { LogsService } from '../../../services/logs.js';
import type { DeleteOutcome } from '../../../services/sagemaker.js';
import { belongsTo, type ResourceFinder, type StackResource, type StackResourceKind } from '../../stack/resources.js';
import { logGroupName } from '../../wire-api/policy.js';

/**
 * Teardown's finders for what wire-api makes. They ask their services only for a stack that uses
 * wire-api (see {@link WireApiUse}): most stacks never had an API, and six reads each for nothing
 * made most of a bulk teardown's requests. API Gateway is searched by tag through its own
 * listings (REST API names are not unique, and the tagging API does not see every API Gateway
 * resource), read once per run for every stack; the function and its log group come from the
 * run's inventory when it shows them, else are looked up by name; the role, which the tagging
 * API never shows, is read once per run (ListRoles) for a fleet, or by name for named stacks.
 */

function resource(stack: string, kind: StackResourceKind, name: string, arn: string, tags: Tags, extra: Partial<StackResource> = {}): StackResource {
  return { stack, kind, name, arn, managed: isManaged(tags, stack), tags, ...extra };
}

/** Keeps the first call's promise (a failed one too: every stack that needs it then fails with the same reason). */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => (kept ??= read());
}

/** The stack's function, its log group, and its role, as far as the run knows them: whether the stack uses wire-api. */
export class WireApiUse {
  private readonly allRoles: () => Promise<Map<string, RoleInfo>>;
  private readonly roles = new Map<string, Promise<(RoleInfo & { tags: Tags }) | undefined>>();

  constructor(
    private readonly inventory: Pick<RunInventory, 'stackResources' | 'isFleet'>,
    private readonly iam: Pick<IamService, 'getRole' | 'listRoles' | 'listRoleTags'>,
  ) {
    this.allRoles = once(async () => new Map((await this.iam.listRoles()).map((r) => [r.name, r])));
  }

  /** The function and log group the inventory shows for the stack (undefined: no inventory to ask). */
  async tagged(stack: string): Promise<{ fn?: TaggedResource; group?: TaggedResource } | undefined> {
    const resources = await this.inventory.stackResources(stack);
    if (resources === undefined) return undefined;
    const fnName = names.invokeFunction(stack);
    const fn = resources.find((r) => /^arn:[^:]+:lambda:/.test(r.arn) && r.arn.split(':')[6] === fnName);
    const group = resources.find((r) => /^arn:[^:]+:logs:/.test(r.arn) && logGroupOfArn(r.arn) === logGroupName(fnName));
    return { ...(fn ? { fn } : {}), ...(group ? { group } : {}) };
  }

  /**
   * The stack's role with its tags, or undefined. IAM roles are not in the tagging API: for a
   * fleet, one ListRoles answers for every stack; for named stacks, GetRole by name.
   */
  role(stack: string): Promise<(RoleInfo & { tags: Tags }) | undefined> {
    let found = this.roles.get(stack);
    if (!found) {
      const name = names.invokeRole(stack);
      found = (async () => {
        const role = this.inventory.isFleet ? (await this.allRoles()).get(name) : await this.iam.getRole(name);
        return role ? { ...role, tags: await this.iam.listRoleTags(role.name) } : undefined;
      })();
      this.roles.set(stack, found);
    }
    return found;
  }

  /**
   * Whether the stack may hold wire-api resources: the inventory shows its function or log
   * group, or it has the role (wire-api creates the role first, and IAM is not in the tagging
   * API, so the role also covers a function created too recently for the inventory to show).
   * Without an inventory, every stack may.
   */
  async uses(stack: string): Promise<boolean> {
    const tagged = await this.tagged(stack);
    if (tagged === undefined || tagged.fn || tagged.group) return true;
    return (await this.role(stack)) !== undefined;
  }
}

/** The log group an ARN names (`arn:aws:logs:r:a:log-group:/aws/lambda/f:*` gives `/aws/lambda/f`). */
function logGroupOfArn(arn: string): string | undefined {
  const at = arn.indexOf(':log-group:');
  return at < 0 ? undefined : arn.slice(at + ':log-group:'.length).replace(/:\*$/, '');
}

/** The stack's REST API, usage plan and API key, found by the stack tag. */
export class ApiGatewayResourceFinder implements ResourceFinder {
  readonly kinds = ['usage-plan', 'api-key', 'rest-api'] as const;
  private readonly listings: () => Promise<[TaggedItem[], (TaggedItem & { stages: { apiId: string; stage: string }[] })[], TaggedItem[]]>;

  constructor(
    private readonly apigateway: Pick<
      ApiGatewayService,
      'listRestApis' | 'listUsagePlans' | 'listApiKeys' | 'deleteRestApi' | 'deleteUsagePlan' | 'deleteApiKey'
    >,
    private readonly use?: Pick<WireApiUse, 'uses'>,
  ) {
    // Read once per run, for every stack that uses wire-api.
    this.listings = once(() => Promise.all([this.apigateway.listRestApis(), this.apigateway.listUsagePlans(), this.apigateway.listApiKeys()]));
  }

  async find(stack: string): Promise<StackResource[]> {
    if (this.use && !(await this.use.uses(stack))) return [];
    const [apis, plans, keys] = await this.listings();
    const of = (kind: StackResourceKind, items: { id: string; name: string; tags: Tags; createdAt?: Date }[], arnPath: string): StackResource[] =>
      items
        .filter((i) => belongsTo(i.tags, stack))
        .map((i) =>
          resource(stack, kind, `${i.name} (${i.id})`, `${arnPath}/${i.id}`, i.tags, { id: i.id, ...(i.createdAt ? { createdAt: i.createdAt } : {}) }),
        );
    return [...of('usage-plan', plans, '/usageplans'), ...of('api-key', keys, '/apikeys'), ...of('rest-api', apis, '/restapis')];
  }

  async delete(r: StackResource): Promise<DeleteOutcome> {
    const id = r.id ?? '';
    if (r.kind === 'rest-api') return this.apigateway.deleteRestApi(id);
    if (r.kind === 'api-key') return this.apigateway.deleteApiKey(id);
    if (r.kind === 'usage-plan') {
      const plan = (await this.apigateway.listUsagePlans()).find((p) => p.id === id);
      return plan ? this.apigateway.deleteUsagePlan(id, plan.stages) : 'absent';
    }
    throw new Error(`the API Gateway finder does not delete ${r.kind}`);
  }
}

/** The stack's Lambda function (its permissions go with it) and the function's log group. */
export class LambdaResourceFinder implements ResourceFinder {
  readonly kinds = ['lambda-function', 'log-group'] as const;

  constructor(
    private readonly lambda: Pick<LambdaService, 'getFunction' | 'deleteFunction'>,
    private readonly logs: Pick<LogsService, 'describeLogGroup' | 'listTags' | 'deleteLogGroup'>,
    private readonly use?: Pick<WireApiUse, 'tagged' | 'uses'>,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const name = names.invokeFunction(stack);
    const tagged = await this.use?.tagged(stack);
    // Both in the inventory: nothing to ask. Neither, and no role: the stack never had an API.
    if (tagged?.fn && tagged.group) {
      return [
        resource(stack, 'lambda-function', name, tagged.fn.arn, tagged.fn.tags),
        resource(stack, 'log-group', logGroupName(name), tagged.group.arn, tagged.group.tags),
      ];
    }
    if (this.use && !(await this.use.uses(stack))) return [];
    const [fn, group] = await Promise.all([
      tagged?.fn ? { name, arn: tagged.fn.arn, tags: tagged.fn.tags } : this.lambda.getFunction(name),
      this.logs.describeLogGroup(logGroupName(name)),
    ]);
    const found: StackResource[] = [];
    if (fn) found.push(resource(stack, 'lambda-function', fn.name, fn.arn, fn.tags));
    if (group)
      found.push(
        resource(stack, 'log-group', group.name, group.arn, await this.logs.listTags(group.arn), group.createdAt ? { createdAt: group.createdAt } : {}),
      );
    return found;
  }

  delete(r: StackResource): Promise<DeleteOutcome> {
    if (r.kind === 'lambda-function') return this.lambda.deleteFunction(r.name);
    if (r.kind === 'log-group') return this.logs.deleteLogGroup(r.name);
    throw new Error(`the Lambda finder does not delete ${r.kind}`);
  }
}

/** The function's IAM role, with its inline policies. */
export class IamResourceFinder implements ResourceFinder {
  readonly kinds = ['iam-role'] as const;

  private readonly use: Pick<WireApiUse, 'role'>;

  /** Without `use`, the role is read by name for each stack. */
  constructor(
    private readonly iam: Pick<IamService, 'getRole' | 'listRoleTags' | 'deleteRole'> & Partial<Pick<IamService, 'listRoles'>>,
    use?: Pick<WireApiUse, 'role'>,
  ) {
    this.use =
      use ??
      new WireApiUse(
        { stackResources: () => Promise.resolve(undefined), isFleet: false },
        { getRole: (name) => iam.getRole(name), listRoleTags: (name) => iam.listRoleTags(name), listRoles: () => Promise.resolve([]) },
      );
  }

  async find(stack: string): Promise<StackResource[]> {
    const role = await this.use.role(stack);
    if (!role) return [];
    return [resource(stack, 'iam-role', role.name, role.arn, role.tags, role.createdAt ? { createdAt: role.createdAt } : {})];
  }

  delete(r: StackResource): Promise<DeleteOutcome> {
    return this.iam.deleteRole(r.name);
  }
}
