import { beforeEach, describe, expect, it } from 'vitest';
import { teardown, renderTeardown, teardownExitCode, type TeardownOptions } from '../../../src/commands/teardown.js';
import { SageMakerResourceFinder, discoveryPrefix } from '../../../src/commands/stack-resources.js';
import { ExitCode, UsageError } from '../../../src/core/errors.js';
import { FakeSageMaker, arnOf } from '../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../helpers/context.js';

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
const YES: TeardownOptions = { stacks: ['churn'], yes: true, dryRun: false, force: false, concurrency: 4 };

let sm: FakeSageMaker;
let ctx: TestContext;
const run = (options: Partial<TeardownOptions> = {}) => teardown(ctx, [new SageMakerResourceFinder(sm)], { ...YES, ...options });

beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
});

describe('teardown', () => {
  it('deletes the endpoint, then its configs, then its models, and reports each', async () => {
    const { config, model } = sm.seed('churn', { tags: managed('churn') });
    const result = await run();
    expect(sm.mutatingCalls()).toEqual(['deleteEndpoint', 'deleteEndpointConfig', 'deleteModel']);
    expect(result.resources).toEqual([
      { stack: 'churn', kind: 'endpoint', name: 'churn', outcome: 'deleted' },
      { stack: 'churn', kind: 'endpoint-config', name: config, outcome: 'deleted' },
      { stack: 'churn', kind: 'model', name: model, outcome: 'deleted' },
    ]);
    expect(sm.endpoints.size + sm.configs.size + sm.models.size).toBe(0);
    expect(teardownExitCode(result)).toBe(ExitCode.Ok);
  });

  it('also removes orphans a failed deploy left behind (configs and models with no endpoint)', async () => {
    sm.seed('churn', { tags: managed('churn') });
    sm.endpoints.delete('churn');
    sm.seed('churn', { tags: managed('churn'), suffix: '20261102000000' });
    sm.endpoints.delete('churn');
    const result = await run();
    expect(result.summary.deleted).toBe(4);
    expect(sm.configs.size + sm.models.size).toBe(0);
  });

  it('leaves other stacks alone, even when their names share the prefix', async () => {
    sm.seed('churn', { tags: managed('churn') });
    const other = sm.seed('churn-v2', { tags: managed('churn-v2') });
    await run();
    expect([...sm.endpoints.keys()]).toEqual(['churn-v2']);
    expect([...sm.configs.keys()]).toEqual([other.config]);
    expect([...sm.models.keys()]).toEqual([other.model]);
  });

  it('never deletes an endpoint of the stack name that lacks the managed-by tag, unless --force', async () => {
    sm.seed('churn', { tags: { team: 'ml' } });
    const result = await run();
    expect(sm.mutatingCalls()).toEqual([]);
    expect(result.resources).toEqual([
      expect.objectContaining({ kind: 'endpoint', name: 'churn', outcome: 'skipped', reason: expect.stringContaining('--force') as string }),
    ]);

    const forced = await run({ force: true });
    expect(sm.mutatingCalls()).toEqual(['deleteEndpoint']);
    expect(forced.summary.deleted).toBe(1);
  });

  it('succeeds with nothing to do when the stack is already gone', async () => {
    const result = await run();
    expect(result.resources).toEqual([]);
    expect(teardownExitCode(result)).toBe(ExitCode.Ok);
    expect(renderTeardown(result)).toContain('already gone');
  });

  it('counts a resource deleted by someone else meanwhile as already gone', async () => {
    sm.seed('churn', { tags: managed('churn') });
    const finder = new SageMakerResourceFinder(sm);
    const original = finder.find.bind(finder);
    finder.find = async (stack) => {
      const found = await original(stack);
      sm.models.clear();
      return found;
    };
    const result = await teardown(ctx, [finder], YES);
    expect(result.resources.find((r) => r.kind === 'model')?.outcome).toBe('absent');
    expect(teardownExitCode(result)).toBe(ExitCode.Ok);
  });

  it('refuses without --yes when nobody can be asked: exit 2, plan shown, nothing deleted', async () => {
    sm.seed('churn', { tags: managed('churn') });
    const error = await run({ yes: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('delete endpoint        churn');
    expect((error as UsageError).resolution).toContain('--yes');
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('asks on a terminal and deletes nothing when the answer is no', async () => {
    sm.seed('churn', { tags: managed('churn') });
    ctx = testContext({}, { interactive: true });
    const result = await run({ yes: false });
    expect(ctx.confirm).toHaveBeenCalledWith(expect.stringContaining('Delete these 3 resources?'));
    expect(result.cancelled).toBe(true);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('deletes on a terminal when the answer is yes', async () => {
    sm.seed('churn', { tags: managed('churn') });
    ctx = testContext({}, { interactive: true });
    ctx.confirm.mockResolvedValue(true);
    const result = await run({ yes: false });
    expect(result.summary.deleted).toBe(3);
  });

  it('--dry-run shows the plan and deletes nothing', async () => {
    sm.seed('churn', { tags: managed('churn') });
    const result = await run({ dryRun: true });
    expect(result.resources.map((r) => r.outcome)).toEqual(['planned', 'planned', 'planned']);
    expect(sm.mutatingCalls()).toEqual([]);
    expect(renderTeardown(result)).toContain('Dry run');
  });

  it('reports a failed deletion, skips what depends on it, goes on with other stacks, and exits 3', async () => {
    sm.seed('churn', { tags: managed('churn') });
    sm.seed('other', { tags: managed('other') });
    const original = sm.deleteEndpoint.bind(sm);
    sm.deleteEndpoint = async (name) => {
      if (name === 'churn') throw Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
      return original(name);
    };
    const result = await run({ stacks: ['churn', 'other'] });
    const churn = result.resources.filter((r) => r.stack === 'churn');
    expect(churn.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(churn[0]?.reason).toContain('not authorized');
    expect(churn[1]?.reason).toContain('not attempted');
    expect(sm.configs.size).toBe(1); // churn's config is still there
    expect(result.resources.filter((r) => r.stack === 'other').map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(teardownExitCode(result)).toBe(ExitCode.AwsRefused);
  });

  it('refuses an invalid stack name or no stack at all before any AWS call', async () => {
    await expect(run({ stacks: ['bad_name!'] })).rejects.toBeInstanceOf(UsageError);
    await expect(run({ stacks: [] })).rejects.toBeInstanceOf(UsageError);
    expect(sm.calls).toEqual([]);
  });

  it('narrows listings by the name prefix every generated name keeps', async () => {
    const stack = 'a'.repeat(40);
    sm.seed(stack, { tags: managed(stack) });
    await run({ stacks: [stack] });
    expect(sm.calls.filter((c) => c.method.startsWith('list') && c.method !== 'listTags').map((c) => c.args[0])).toEqual([
      discoveryPrefix(stack),
      discoveryPrefix(stack),
      discoveryPrefix(stack),
    ]);
    expect(sm.tags.has(arnOf('endpoint', stack))).toBe(true);
    expect(sm.endpoints.size).toBe(0);
  });
});
