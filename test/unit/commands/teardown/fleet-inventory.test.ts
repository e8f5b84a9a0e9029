// Bulk teardown over one inventory: each stack stands alone when a read concerning it fails, and a
// failed read of the whole fleet is reported as such (exit 3), never a crash or an empty selection.
import { beforeEach, describe, expect, it } from 'vitest';
import { teardown, teardownExitCode, teardownServices, type TeardownOptions } from '../../../../src/commands/teardown/index.js';
import type { ServiceFactory } from '../../../../src/services/factory.js';
import { AwsRequestError, ExitCode } from '../../../../src/core/errors.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const ACCOUNT = '123456789012';
const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
const ALL: TeardownOptions = { criteria: { stacks: [], all: true, tags: {} }, yes: true, dryRun: false, force: false, concurrency: 4 };
const fnArn = (stack: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${stack}-invoke`;

let sm: FakeSageMaker;
let ctx: TestContext;
let deleted: string[];

/** A factory of fakes: `beta` has wire-api's function (in the inventory) and role; the Logs read for beta is refused. */
function factory(): Omit<ServiceFactory, 'runtime' | 'jobs'> {
  const none = () => Promise.resolve(undefined);
  const gone = (what: string) => (name: string) => {
    deleted.push(`${what} ${name}`);
    return Promise.resolve('deleted' as const);
  };
  return {
    sagemaker: () => Promise.resolve(sm),
    tagging: () => Promise.resolve(sm),
    autoscaling: () => Promise.resolve(new FakeScaling()),
    metrics: () => Promise.reject(new Error('not used')),
    registry: () => Promise.reject(new Error('not used')),
    apigateway: () =>
      Promise.resolve({ listRestApis: () => Promise.resolve([]), listUsagePlans: () => Promise.resolve([]), listApiKeys: () => Promise.resolve([]) }),
    lambda: () => Promise.resolve({ getFunction: none, deleteFunction: gone('function') }),
    logs: () =>
      Promise.resolve({
        describeLogGroup: (name: string) =>
          name.includes('beta')
            ? Promise.reject(new AwsRequestError('DescribeLogGroups', 'AccessDeniedException', 'not authorized to perform logs:DescribeLogGroups'))
            : Promise.resolve(undefined),
        listTags: () => Promise.resolve({}),
        deleteLogGroup: gone('log-group'),
      }),
    iam: () =>
      Promise.resolve({
        listRoles: () => Promise.resolve([{ name: 'beta-invoke-role', arn: `arn:aws:iam::${ACCOUNT}:role/beta-invoke-role` }]),
        getRole: () => Promise.reject(new Error('a fleet reads its roles with one ListRoles')),
        listRoleTags: () => Promise.resolve(managed('beta')),
        deleteRole: gone('role'),
      }),
  } as unknown as Omit<ServiceFactory, 'runtime' | 'jobs'>;
}

beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
  deleted = [];
  for (const stack of ['alpha', 'beta', 'gamma']) sm.seed(stack, { tags: managed(stack) });
  sm.tags.set(fnArn('beta'), managed('beta'));
});

describe('teardown --all over one inventory', () => {
  it('a refused read that concerns one stack leaves that stack whole and named with the reason; the others are deleted; exit 3', async () => {
    const result = await teardown(ctx, teardownServices(factory(), false), ALL);

    expect([...sm.endpoints.keys()]).toEqual(['beta']);
    expect(deleted).toEqual([]);
    const beta = result.stacks.find((s) => s.stack === 'beta');
    expect(beta?.error).toMatch(/logs:DescribeLogGroups/);
    expect(result.summary).toMatchObject({ stacks: 3, deleted: 6, failed: 0, stacksFailed: 1 });
    expect(teardownExitCode(result)).toBe(ExitCode.AwsRefused);
    // One inventory for the fleet: no per-stack tag read, no per-stack listing.
    expect(sm.methods().filter((m) => /^(listTags|stackResources)$/.test(m))).toEqual([]);
    expect(sm.methods().filter((m) => m === 'managedResources')).toHaveLength(1);
    expect(sm.methods().filter((m) => m === 'listEndpointConfigs')).toHaveLength(1);
  });

  it('a refused read of the whole fleet fails the run with that error (exit 3) and deletes nothing', async () => {
    const refused = new AwsRequestError('GetResources', 'AccessDeniedException', 'not authorized to perform tag:GetResources');
    sm.failing.set('managedResources', refused);
    const error = await teardown(ctx, teardownServices(factory(), false), ALL).catch((e: unknown) => e);
    expect(error).toBe(refused);
    expect((error as AwsRequestError).exitCode).toBe(ExitCode.AwsRefused);
    expect(sm.mutatingCalls()).toEqual([]);
  });
});
