import { names } from '../../../core/names.js';
import { isManaged, type Tags } from '../../../core/tags.js';
import type { ApiGatewayService } from '../../../services/apigateway.js';
import type { IamService } from '../../../services/iam.js';
import type { LambdaService } from '../../../services/lambda.js';
import type { LogsService } from '../../../services/logs.js';
import type { DeleteOutcome } from '../../../services/sagemaker.js';
import { belongsTo, type ResourceFinder, type StackResource, type StackResourceKind } from '../../stack/resources.js';
import { logGroupName } from '../../wire-api/policy.js';

/**
 * Teardown's finders for what wire-api makes. API Gateway is searched by tag through its own
 * listings (REST API names are not unique, and the tagging API does not reach every emulator);
 * the function, its log group and its role have fixed names, so they are looked up by name and
 * their tags decide whether sagectl owns them.
 */

function resource(stack: string, kind: StackResourceKind, name: string, arn: string, tags: Tags, extra: Partial<StackResource> = {}): StackResource {
  return { stack, kind, name, arn, managed: isManaged(tags, stack), tags, ...extra };
}

/** The stack's REST API, usage plan and API key, found by the stack tag. */
export class ApiGatewayResourceFinder implements ResourceFinder {
  readonly kinds = ['usage-plan', 'api-key', 'rest-api'] as const;

  constructor(
    private readonly apigateway: Pick<
      ApiGatewayService,
      'listRestApis' | 'listUsagePlans' | 'listApiKeys' | 'deleteRestApi' | 'deleteUsagePlan' | 'deleteApiKey'
    >,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const [apis, plans, keys] = await Promise.all([this.apigateway.listRestApis(), this.apigateway.listUsagePlans(), this.apigateway.listApiKeys()]);
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
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    const name = names.invokeFunction(stack);
    const [fn, group] = await Promise.all([this.lambda.getFunction(name), this.logs.describeLogGroup(logGroupName(name))]);
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

  constructor(private readonly iam: Pick<IamService, 'getRole' | 'listRoleTags' | 'deleteRole'>) {}

  async find(stack: string): Promise<StackResource[]> {
    const role = await this.iam.getRole(names.invokeRole(stack));
    if (!role) return [];
    return [resource(stack, 'iam-role', role.name, role.arn, await this.iam.listRoleTags(role.name), role.createdAt ? { createdAt: role.createdAt } : {})];
  }

  delete(r: StackResource): Promise<DeleteOutcome> {
    return this.iam.deleteRole(r.name);
  }
}
