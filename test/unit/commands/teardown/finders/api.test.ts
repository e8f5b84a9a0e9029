import { describe, expect, it, vi } from 'vitest';
import { ApiGatewayResourceFinder, IamResourceFinder, LambdaResourceFinder } from '../../../../../src/commands/teardown/finders/api.js';
import { DELETE_ORDER, type ResourceFinder, type StackResource } from '../../../../../src/commands/stack/resources.js';
import { teardown } from '../../../../../src/commands/teardown/index.js';
import { testContext } from '../../../helpers/context.js';

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });

function apigateway() {
  const tagged = (id: string, name: string, tags: Record<string, string>) => ({ id, name, tags });
  return {
    listRestApis: vi.fn(async () => [
      tagged('a1', 'churn-api', managed('churn')),
      tagged('a2', 'churn-api', { 'sagectl:stack': 'churn' }),
      tagged('a3', 'churn-api', managed('churn-v2')),
      tagged('a4', 'churn-api', {}),
    ]),
    listUsagePlans: vi.fn(async () => [{ id: 'p1', name: 'churn-plan', tags: managed('churn'), stages: [{ apiId: 'a1', stage: 'prod' }] }]),
    listApiKeys: vi.fn(async () => [{ id: 'k1', name: 'churn-key', tags: managed('churn') }]),
    deleteRestApi: vi.fn(async () => 'deleted' as const),
    deleteUsagePlan: vi.fn(async () => 'deleted' as const),
    deleteApiKey: vi.fn(async () => 'deleted' as const),
  };
}

function lambdaAndLogs(tags = managed('churn')) {
  return {
    lambda: {
      getFunction: vi.fn(async (name: string) => ({ name, arn: `arn:fn:${name}`, state: 'Active', lastUpdateStatus: 'Successful', tags })),
      deleteFunction: vi.fn(async () => 'deleted' as const),
    },
    logs: {
      describeLogGroup: vi.fn(async (name: string) => ({ name, arn: `arn:lg:${name}` })),
      listTags: vi.fn(async () => tags),
      deleteLogGroup: vi.fn(async () => 'deleted' as const),
    },
  };
}

function iam(tags = managed('churn')) {
  return {
    getRole: vi.fn(async (name: string) => ({ name, arn: `arn:role:${name}` })),
    listRoleTags: vi.fn(async () => tags),
    deleteRole: vi.fn(async () => 'deleted' as const),
  };
}

describe('the wire-api finders', () => {
  it('API Gateway: the stack’s API, usage plan and key by tag; an API with only the stack tag is found but unmanaged; other stacks are not found', async () => {
    const found = await new ApiGatewayResourceFinder(apigateway()).find('churn');
    expect(found.map((r) => [r.kind, r.id, r.managed])).toEqual([
      ['usage-plan', 'p1', true],
      ['api-key', 'k1', true],
      ['rest-api', 'a1', true],
      ['rest-api', 'a2', false],
    ]);
  });

  it('API Gateway: deletes by id, detaching the usage plan’s stages', async () => {
    const api = apigateway();
    const finder = new ApiGatewayResourceFinder(api);
    const [plan, key, rest] = await finder.find('churn');
    await finder.delete(plan!);
    await finder.delete(key!);
    await finder.delete(rest!);
    expect(api.deleteUsagePlan).toHaveBeenCalledWith('p1', [{ apiId: 'a1', stage: 'prod' }]);
    expect(api.deleteApiKey).toHaveBeenCalledWith('k1');
    expect(api.deleteRestApi).toHaveBeenCalledWith('a1');
  });

  it('Lambda: the function S-invoke and its log group, managed by their tags', async () => {
    const { lambda, logs } = lambdaAndLogs();
    const found = await new LambdaResourceFinder(lambda, logs).find('churn');
    expect(found.map((r) => [r.kind, r.name, r.managed])).toEqual([
      ['lambda-function', 'churn-invoke', true],
      ['log-group', '/aws/lambda/churn-invoke', true],
    ]);
    const unmanaged = lambdaAndLogs({ team: 'x' });
    expect((await new LambdaResourceFinder(unmanaged.lambda, unmanaged.logs).find('churn')).every((r) => !r.managed)).toBe(true);
  });

  it('IAM: the role S-invoke-role, managed only with both tags', async () => {
    expect(await new IamResourceFinder(iam()).find('churn')).toEqual([
      {
        stack: 'churn',
        kind: 'iam-role',
        name: 'churn-invoke-role',
        arn: 'arn:role:churn-invoke-role',
        managed: true,
        tags: { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' },
      },
    ]);
    expect((await new IamResourceFinder(iam({ 'sagectl:stack': 'churn' })).find('churn'))[0]!.managed).toBe(false);
  });

  it('deletes the API first, then the function and its logs, then the role, then the endpoint’s scalable targets, then the endpoint, and model versions last', () => {
    expect(DELETE_ORDER).toEqual([
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
    ]);
  });
});

describe('teardown with the wire-api finders', () => {
  it('deletes in DELETE_ORDER across finders, and skips what is unmanaged', async () => {
    const order: string[] = [];
    const recording = (finder: ResourceFinder): ResourceFinder => ({
      kinds: finder.kinds,
      find: (stack) => finder.find(stack),
      delete: async (r: StackResource) => {
        order.push(r.kind);
        return finder.delete(r);
      },
    });
    const { lambda, logs } = lambdaAndLogs();
    const endpointFinder: ResourceFinder = {
      kinds: ['endpoint'],
      find: async (stack) => [{ stack, kind: 'endpoint', name: stack, arn: 'arn:ep', managed: true, tags: {} }],
      delete: async () => 'deleted',
    };
    const finders = [
      recording(endpointFinder),
      recording(new IamResourceFinder(iam())),
      recording(new LambdaResourceFinder(lambda, logs)),
      recording(new ApiGatewayResourceFinder(apigateway())),
    ];
    const unused = () => Promise.reject(new Error('not expected for a named teardown'));
    const result = await teardown(
      testContext(),
      {
        finders,
        sagemaker: { listEndpoints: unused, listEndpointConfigs: unused, listModels: unused, describeEndpoint: unused },
        tagging: { managedResources: unused },
        metrics: { invocationsByEndpoint: unused },
      },
      { criteria: { stacks: ['churn'], all: false, tags: {} }, yes: true, dryRun: false, force: false, concurrency: 1 },
    );
    expect(order).toEqual(['usage-plan', 'api-key', 'rest-api', 'lambda-function', 'log-group', 'iam-role', 'endpoint']);
    expect(result.summary).toMatchObject({ deleted: 7, kept: 1, failed: 0 });
  });
});
