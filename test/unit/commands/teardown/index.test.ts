import { beforeEach, describe, expect, it } from 'vitest';
import { teardown, renderTeardown, teardownExitCode, type TeardownOptions, type TeardownServices } from '../../../../src/commands/teardown/index.js';
import type { SelectionCriteria } from '../../../../src/commands/teardown/selection.js';
import { SageMakerResourceFinder, discoveryPrefix, type ResourceFinder } from '../../../../src/commands/stack/resources.js';
import { ExitCode, InterruptedError, UsageError } from '../../../../src/core/errors.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
const named = (...stacks: string[]): SelectionCriteria => ({ stacks, all: false, tags: {} });
const YES: TeardownOptions = { criteria: named('churn'), yes: true, dryRun: false, force: false, concurrency: 4 };

let sm: FakeSageMaker;
let ctx: TestContext;
const services = (finder = new SageMakerResourceFinder(sm)): TeardownServices => ({
  finders: [finder],
  sagemaker: sm,
  tagging: sm,
  metrics: { invocationsByEndpoint: () => Promise.reject(new Error('metrics not expected')) },
});
const run = (options: Partial<TeardownOptions> = {}) => teardown(ctx, services(), { ...YES, ...options });
const flat = (r: Awaited<ReturnType<typeof run>>) => r.stacks.flatMap((s) => s.resources.map((x) => ({ stack: s.stack, ...x })));

beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
});

describe('teardown', () => {
  it('deletes the endpoint, then its configs, then its models, and reports each', async () => {
    const { config, model } = sm.seed('churn', { tags: managed('churn') });
    const result = await run();
    expect(sm.mutatingCalls()).toEqual(['deleteEndpoint', 'deleteEndpointConfig', 'deleteModel']);
    expect(result.stacks).toEqual([
      {
        stack: 'churn',
        reasons: ['named'],
        resources: [
          { kind: 'endpoint', name: 'churn', arn: arnOf('endpoint', 'churn'), action: 'deleted' },
          { kind: 'endpoint-config', name: config, arn: arnOf('endpoint-config', config), action: 'deleted' },
          { kind: 'model', name: model, arn: arnOf('model', model), action: 'deleted' },
        ],
      },
    ]);
    expect(result.summary).toEqual({ stacks: 1, resources: 3, deleted: 3, alreadyGone: 0, failed: 0, kept: 0, stacksFailed: 0 });
    // Each deletion is a row of the result: info lines repeating them printed each twice on a terminal.
    expect(ctx.log.lines().filter((l) => l.level >= 30 && /^deleted /.test(l.msg))).toEqual([]);
    expect(renderTeardown(result)).toMatch(/deleted 1 stack \(3 resources, 0 already gone\), 0 failed$/);
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
    expect(flat(result)).toEqual([
      expect.objectContaining({ kind: 'endpoint', name: 'churn', action: 'kept', reason: expect.stringContaining('--force') as string }),
    ]);

    const forced = await run({ force: true });
    expect(sm.mutatingCalls()).toEqual(['deleteEndpoint']);
    expect(forced.summary.deleted).toBe(1);
    expect(teardownExitCode(forced)).toBe(ExitCode.Ok);
  });

  it('a named stack kept as unmanaged is exit 2 and says it was kept and why, not a silent "deleted 0 stacks"', async () => {
    sm.seed('churn', { tags: { team: 'ml' } });
    const result = await run();
    expect(teardownExitCode(result)).toBe(ExitCode.Usage);
    expect(renderTeardown(result)).toContain('kept 1 resource not managed by sagectl (no sagectl:managed-by tag): pass --force to delete them too');
    const dry = await run({ dryRun: true });
    expect(teardownExitCode(dry)).toBe(ExitCode.Ok);
  });

  it('succeeds with nothing to do when the stack is already gone', async () => {
    const result = await run();
    expect(result.stacks).toEqual([]);
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
    const result = await teardown(ctx, services(finder), YES);
    expect(flat(result).find((r) => r.kind === 'model')?.action).toBe('already-gone');
    expect(teardownExitCode(result)).toBe(ExitCode.Ok);
  });

  it('refuses without --yes when nobody can be asked: exit 2, plan shown, nothing deleted', async () => {
    sm.seed('churn', { tags: managed('churn') });
    const error = await run({ yes: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('    delete endpoint        churn');
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

  it('Ctrl-C at the question is an interrupt (exit 130) and deletes nothing', async () => {
    sm.seed('churn', { tags: managed('churn') });
    ctx = testContext({}, { interactive: true });
    ctx.confirm.mockRejectedValue(new InterruptedError('interrupted while asking for confirmation'));
    const error = await run({ yes: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 130 });
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
    expect(flat(result).map((r) => r.action)).toEqual(['planned', 'planned', 'planned']);
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
    const result = await run({ criteria: named('churn', 'other') });
    const churn = flat(result).filter((r) => r.stack === 'churn');
    expect(churn.map((r) => r.action)).toEqual(['failed', 'failed', 'failed']);
    expect(churn[0]?.reason).toContain('not authorized');
    expect(churn[1]?.reason).toContain('not attempted');
    expect(sm.configs.size).toBe(1); // churn's config is still there
    expect(
      flat(result)
        .filter((r) => r.stack === 'other')
        .map((r) => r.action),
    ).toEqual(['deleted', 'deleted', 'deleted']);
    expect(teardownExitCode(result)).toBe(ExitCode.AwsRefused);
  });

  it('one stack whose resources cannot be read is left whole and reported; the others are deleted; exit 3', async () => {
    for (const stack of ['alpha', 'beta', 'gamma']) sm.seed(stack, { tags: managed(stack) });
    // A second finder refuses one read for beta only, as a missing lambda:GetFunction would.
    const refusing: ResourceFinder = {
      kinds: ['lambda-function'],
      find: (stack) =>
        stack === 'beta'
          ? Promise.reject(Object.assign(new Error('GetFunction: not authorized to perform lambda:GetFunction'), { name: 'AccessDeniedException' }))
          : Promise.resolve([]),
      delete: () => Promise.reject(new Error('not expected')),
    };
    const result = await teardown(
      ctx,
      { ...services(), finders: [refusing, new SageMakerResourceFinder(sm)] },
      { ...YES, criteria: named('alpha', 'beta', 'gamma') },
    );

    expect([...sm.endpoints.keys()]).toEqual(['beta']);
    expect(sm.configs.size + sm.models.size).toBe(2); // beta's config and model, untouched
    const beta = result.stacks.find((s) => s.stack === 'beta');
    expect(beta).toEqual({ stack: 'beta', reasons: ['named'], error: expect.stringContaining('lambda:GetFunction') as string, resources: [] });
    expect(result.summary).toMatchObject({ stacks: 3, deleted: 6, failed: 0, stacksFailed: 1 });
    expect(renderTeardown(result)).toMatch(/failed +beta +stack .*lambda:GetFunction/);
    expect(renderTeardown(result)).toMatch(/deleted 2 stacks .*; 1 stack could not be read: beta$/);
    expect(teardownExitCode(result)).toBe(ExitCode.AwsRefused);
  });

  it('with every stack unreadable, deletes nothing and exits 3 with each named', async () => {
    sm.seed('alpha', { tags: managed('alpha') });
    const refusing: ResourceFinder = {
      kinds: ['lambda-function'],
      find: () => Promise.reject(new Error('throttled')),
      delete: () => Promise.reject(new Error('no')),
    };
    const result = await teardown(ctx, { ...services(), finders: [refusing, new SageMakerResourceFinder(sm)] }, { ...YES, criteria: named('alpha') });
    expect(sm.mutatingCalls()).toEqual([]);
    expect(result.stacks.map((s) => [s.stack, s.error])).toEqual([['alpha', expect.stringContaining('throttled')]]);
    expect(teardownExitCode(result)).toBe(ExitCode.AwsRefused);
  });

  it('narrows listings by the name prefix every generated name keeps', async () => {
    const stack = 'a'.repeat(40);
    sm.seed(stack, { tags: managed(stack) });
    await run({ criteria: named(stack) });
    expect(sm.calls.filter((c) => c.method.startsWith('list') && c.method !== 'listTags').map((c) => c.args[0])).toEqual([
      discoveryPrefix(stack),
      discoveryPrefix(stack),
      discoveryPrefix(stack),
    ]);
    expect(sm.tags.has(arnOf('endpoint', stack))).toBe(true);
    expect(sm.endpoints.size).toBe(0);
  });
});

describe('teardown selected from the fleet', () => {
  const bulk = (c: Partial<SelectionCriteria>): SelectionCriteria => ({ stacks: [], all: false, tags: {}, ...c });
  const DAY = 24 * 3600_000;

  function fleet(): void {
    sm.seed('idle-a', { tags: { ...managed('idle-a'), team: 'ml' } });
    sm.seed('busy-b', { tags: { ...managed('busy-b'), team: 'ml' } });
    sm.seed('kept-c', { tags: { ...managed('kept-c'), 'sagectl:protect': 'true' } });
    sm.seed('hand-made', { tags: { team: 'ml' } });
    sm.seed('fresh-d', { tags: { ...managed('fresh-d'), team: 'web' } });
    const fresh = sm.endpoints.get('fresh-d')!;
    fresh.createdAt = fresh.modifiedAt = new Date(ctx.clock.now().getTime() - 3600_000);
  }
  const metrics = (counts: Record<string, number>) => {
    const calls: { endpoint: string; variant: string }[][] = [];
    return {
      calls,
      invocationsByEndpoint: async (variants: { endpoint: string; variant: string }[]) => {
        calls.push(variants);
        return new Map(variants.map((v) => [v.endpoint, counts[v.endpoint] ?? 0]));
      },
    };
  };
  const deletedStacks = (r: Awaited<ReturnType<typeof run>>) => r.stacks.filter((s) => s.resources.every((x) => x.action === 'deleted')).map((s) => s.stack);

  it('--all takes every managed stack but the protected ones, and never an unmanaged endpoint', async () => {
    fleet();
    const result = await run({ criteria: bulk({ all: true }) });
    expect(deletedStacks(result)).toEqual(['busy-b', 'fresh-d', 'idle-a']);
    expect([...sm.endpoints.keys()].sort()).toEqual(['hand-made', 'kept-c']);
  });

  it('--idle takes only endpoints with no invocations that existed before the window, and reports the count and window', async () => {
    fleet();
    const m = metrics({ 'busy-b': 42 });
    const result = await teardown(ctx, { ...services(), metrics: m }, { ...YES, criteria: bulk({ idleMs: DAY }) });
    expect(deletedStacks(result)).toEqual(['idle-a']);
    expect(result.stacks[0]).toMatchObject({ stack: 'idle-a', invocations: 0, window: '24h', reasons: ['idle for 24h'] });
    // fresh-d was created inside the window and kept-c is protected: neither is even queried.
    expect(m.calls).toEqual([
      [
        { endpoint: 'busy-b', variant: 'AllTraffic' },
        { endpoint: 'idle-a', variant: 'AllTraffic' },
      ],
    ]);
    expect(result.selection).toEqual({ idle: '24h' });
  });

  it('never counts an endpoint that is being updated as idle', async () => {
    fleet();
    sm.endpoints.get('idle-a')!.status = 'Updating';
    const result = await teardown(ctx, { ...services(), metrics: metrics({ 'busy-b': 1 }) }, { ...YES, criteria: bulk({ idleMs: DAY }) });
    expect(result.stacks).toEqual([]);
  });

  it('--older-than and --tag intersect', async () => {
    fleet();
    const result = await run({ criteria: bulk({ olderThanMs: 2 * DAY, tags: { team: 'ml' } }) });
    expect(deletedStacks(result)).toEqual(['busy-b', 'idle-a']);
    const young = await run({ criteria: bulk({ olderThanMs: 60 * DAY }) });
    expect(young.stacks).toEqual([]);
  });

  it('a named protected stack needs --force, and nothing is deleted without it', async () => {
    fleet();
    const error = await run({ criteria: named('kept-c') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).resolution).toContain('--force');
    expect(sm.mutatingCalls()).toEqual([]);
    const forced = await run({ criteria: named('kept-c'), force: true });
    expect(deletedStacks(forced)).toEqual(['kept-c']);
  });

  it('plans the whole selection with --dry-run and deletes nothing', async () => {
    fleet();
    const result = await run({ criteria: bulk({ tags: { team: 'web' } }), dryRun: true });
    expect(result.stacks.map((s) => s.stack)).toEqual(['fresh-d']);
    expect(renderTeardown(result)).toMatch(/1 stack \(3 resources\) selected$/);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('--wait polls each deleted endpoint until it is gone', async () => {
    sm.seed('churn', { tags: managed('churn') });
    const result = await run({ wait: { timeoutMs: 60_000 } });
    expect(result.summary.deleted).toBe(3);
    expect(ctx.progressReports.map((p) => p.status)).toEqual(['Deleted']);
  });
});
