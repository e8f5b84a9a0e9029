import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pause, renderPause } from '../../../../src/commands/pause/index.js';
import { resume, renderResume } from '../../../../src/commands/pause/resume.js';
import { status, renderStatus } from '../../../../src/commands/status/index.js';
import { ExitCode, ResourceFailedError, UsageError } from '../../../../src/core/errors.js';
import { renderTeardown, teardown, teardownExitCode } from '../../../../src/commands/teardown/index.js';
import { SageMakerResourceFinder } from '../../../../src/commands/stack/resources.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const managed = (stack: string): Record<string, string> => ({
  'sagectl:stack': stack,
  'sagectl:managed-by': 'sagectl',
  'sagectl:version': '0.1.0',
  team: 'ml',
});
const WAIT = { timeoutMs: 30 * 60_000 };

let sm: FakeSageMaker;
let ctx: TestContext;
beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
});

describe('pause', () => {
  it('records the live config first, then deletes only the endpoint; models and configs stay', async () => {
    const { config, model } = sm.seed('churn', { tags: managed('churn') });
    const result = await pause(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT });
    expect(result).toEqual({ stack: 'churn', outcome: 'paused', endpoint: 'churn', config, pausedAt: '2026-11-25T10:00:00.000Z' });
    expect(sm.mutatingCalls()).toEqual(['addTags', 'deleteEndpoint']);
    expect(sm.endpoints.has('churn')).toBe(false);
    expect(sm.configs.has(config)).toBe(true);
    expect(sm.models.has(model)).toBe(true);
    expect(sm.tags.get(arnOf('endpoint-config', config))).toMatchObject({ 'sagectl:paused': '2026-11-25T10:00:00.000Z' });
  });

  it('carries the endpoint’s protection and served version onto the config while paused', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    sm.tags.set(arnOf('endpoint', 'churn'), {
      ...managed('churn'),
      'sagectl:protect': 'true',
      'sagectl:model-version': '3',
      'sagectl:model-package-arn': 'arn:p/3',
    });
    await pause(ctx, sm, { stack: 'churn', dryRun: false });
    expect(sm.tags.get(arnOf('endpoint-config', config))).toMatchObject({
      'sagectl:protect': 'true',
      'sagectl:model-version': '3',
      'sagectl:model-package-arn': 'arn:p/3',
    });
  });

  it('a second pause finds the record and changes nothing', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    await pause(ctx, sm, { stack: 'churn', dryRun: false });
    const before = sm.mutatingCalls().length;
    const again = await pause(ctx, sm, { stack: 'churn', dryRun: false });
    expect(again).toMatchObject({ outcome: 'already-paused', config });
    expect(sm.mutatingCalls()).toHaveLength(before);
    expect(renderPause(again)).toContain('already paused');
  });

  it('--dry-run changes nothing', async () => {
    sm.seed('churn', { tags: managed('churn') });
    expect(await pause(ctx, sm, { stack: 'churn', dryRun: true })).toMatchObject({ outcome: 'planned' });
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it.each([
    ['an unmanaged endpoint', { team: 'ml' }, 'InService' as const, /not managed by sagectl/],
    ['an endpoint being updated', managed('churn'), 'Updating' as const, /is Updating: only an InService/],
    ['a failed endpoint', managed('churn'), 'Failed' as const, /is Failed/],
  ])('refuses %s (exit 2, nothing changed)', async (_what, tags, state, message) => {
    sm.seed('churn', { tags, status: state });
    const error = await pause(ctx, sm, { stack: 'churn', dryRun: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('a stack with neither endpoint nor record is a usage error', async () => {
    await expect(pause(ctx, sm, { stack: 'nosuch', dryRun: false })).rejects.toThrow(/no endpoint for stack nosuch in this region, and it is not paused/);
  });
});

describe('resume', () => {
  it('recreates the endpoint on the recorded config with the endpoint’s tags, waits, records went-live and clears the record', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    sm.tags.set(arnOf('endpoint', 'churn'), { ...managed('churn'), 'sagectl:protect': 'true' });
    await pause(ctx, sm, { stack: 'churn', dryRun: false });
    ctx.clock.advance(3_600_000);
    const result = await resume(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT });
    expect(result).toEqual({ stack: 'churn', outcome: 'resumed', endpoint: 'churn', config, status: 'InService' });
    const create = sm.calls.find((c) => c.method === 'createEndpoint')!;
    expect(create.args).toEqual(['churn', config, { ...managed('churn'), 'sagectl:protect': 'true' }]);
    const configTags = sm.tags.get(arnOf('endpoint-config', config))!;
    expect(configTags).not.toHaveProperty('sagectl:paused');
    expect(configTags).not.toHaveProperty('sagectl:protect');
    expect(Date.parse(configTags['sagectl:went-live']!)).toBeGreaterThanOrEqual(Date.parse('2026-11-25T11:00:00Z'));
    expect(renderResume(result)).toBe(`Resumed churn: endpoint churn InService on ${config}.`);
  });

  it('goes back to the latest paused config when an older record lingers (deploy after a pause)', async () => {
    const old = sm.seed('churn', { tags: managed('churn'), suffix: '20261101000000' });
    sm.tags.set(arnOf('endpoint-config', old.config), { ...managed('churn'), 'sagectl:paused': '2026-11-02T00:00:00.000Z' });
    const { config } = sm.seed('churn', { tags: managed('churn'), suffix: '20261110000000' });
    await pause(ctx, sm, { stack: 'churn', dryRun: false });
    await resume(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT });
    expect(sm.calls.find((c) => c.method === 'createEndpoint')!.args[1]).toBe(config);
    expect(sm.tags.get(arnOf('endpoint-config', old.config))).not.toHaveProperty('sagectl:paused');
  });

  it('brings back the autoscaling the stack had: targets and policies as pause recorded them, then clears the record', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    sm.configs.get(config)!.variants.push({ variantName: 'blue', modelName: 'm', instanceType: 'ml.m5.large', initialInstanceCount: 1 });
    const scaling = new FakeScaling(sm.calls);
    scaling.targets.set('churn/AllTraffic', { min: 1, max: 4, invocationsPerInstance: 750 });
    scaling.targets.set('churn/blue', { min: 2, max: 3 });
    scaling.targets.set('churn-b/AllTraffic', { min: 9, max: 9, invocationsPerInstance: 1 });
    const before = new Map(scaling.targets);

    const paused = await pause(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT }, scaling);
    expect(paused.autoscaling).toEqual(['AllTraffic', 'blue']);
    // Recorded with the pause marker in one AddTags, before anything is deregistered or deleted.
    expect(sm.methods().filter((m) => m !== 'describeEndpoint')).toEqual([
      'listTags',
      'describeEndpointConfig',
      'listTags',
      'scalingOf',
      'addTags',
      'deregister',
      'deregister',
      'deleteEndpoint',
    ]);
    expect(sm.tags.get(arnOf('endpoint-config', config))).toMatchObject({ 'sagectl:scaling:AllTraffic': '1:4:750', 'sagectl:scaling:blue': '2:3' });
    expect([...scaling.targets.keys()]).toEqual(['churn-b/AllTraffic']);

    const planned = await resume(ctx, sm, { stack: 'churn', dryRun: true }, scaling);
    expect(renderResume(planned)).toBe(`Dry run: would create endpoint churn on ${config} and register autoscaling of AllTraffic, blue again.`);
    const result = await resume(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT }, scaling);
    expect(result).toMatchObject({ outcome: 'resumed', autoscaling: ['AllTraffic', 'blue'] });
    expect(scaling.targets).toEqual(before);
    // Registered once the endpoint is InService, before the record is cleared.
    const order = sm.methods();
    expect(order.lastIndexOf('describeEndpoint')).toBeLessThan(order.indexOf('restore'));
    expect(order.lastIndexOf('restore')).toBeLessThan(order.indexOf('deleteTags'));
    const tags = sm.tags.get(arnOf('endpoint-config', config))!;
    expect(Object.keys(tags).filter((k) => k.startsWith('sagectl:scaling:') || k === 'sagectl:paused')).toEqual([]);
    // The endpoint's tags do not carry the record.
    expect(Object.keys(sm.tags.get(arnOf('endpoint', 'churn'))!).some((k) => k.startsWith('sagectl:scaling:'))).toBe(false);
  });

  it('a stack paused without autoscaling resumes without registering any, and a stale record of an earlier pause goes', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    sm.tags.set(arnOf('endpoint-config', config), { ...managed('churn'), 'sagectl:scaling:AllTraffic': '1:9:5' });
    const scaling = new FakeScaling(sm.calls);
    await pause(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT }, scaling);
    expect(sm.tags.get(arnOf('endpoint-config', config))).not.toHaveProperty('sagectl:scaling:AllTraffic');
    const result = await resume(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT }, scaling);
    expect(result).not.toHaveProperty('autoscaling');
    expect(scaling.targets.size).toBe(0);
  });

  it('resumed with --no-wait: the next resume finds the endpoint InService on the paused config and finishes (autoscaling, records)', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    const scaling = new FakeScaling(sm.calls);
    scaling.targets.set('churn/AllTraffic', { min: 1, max: 2, invocationsPerInstance: 10 });
    await pause(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT }, scaling);
    expect(await resume(ctx, sm, { stack: 'churn', dryRun: false }, scaling)).toMatchObject({ outcome: 'resuming' });
    expect(scaling.targets.size).toBe(0);
    sm.endpoints.get('churn')!.status = 'InService';
    expect(await resume(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT }, scaling)).toMatchObject({ outcome: 'resumed', config });
    expect(scaling.targets.get('churn/AllTraffic')).toEqual({ min: 1, max: 2, invocationsPerInstance: 10 });
    expect(sm.tags.get(arnOf('endpoint-config', config))).not.toHaveProperty('sagectl:paused');
  });

  it('a running stack is left alone', async () => {
    sm.seed('churn', { tags: managed('churn') });
    expect(await resume(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT })).toMatchObject({ outcome: 'running', status: 'InService' });
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('a stack that was never paused is a usage error naming the marker', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    sm.endpoints.delete('churn');
    expect(sm.configs.has(config)).toBe(true);
    await expect(resume(ctx, sm, { stack: 'churn', dryRun: false })).rejects.toThrow(/not paused: .*sagectl:paused/);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('a resumed endpoint that fails is exit 4 and keeps the record for another try', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    await pause(ctx, sm, { stack: 'churn', dryRun: false });
    sm.nextOutcome = 'Failed';
    await expect(resume(ctx, sm, { stack: 'churn', dryRun: false, wait: WAIT })).rejects.toBeInstanceOf(ResourceFailedError);
    expect(sm.tags.get(arnOf('endpoint-config', config))).toHaveProperty('sagectl:paused');
  });

  it('--no-wait returns once the create is accepted; --dry-run creates nothing', async () => {
    sm.seed('churn', { tags: managed('churn') });
    await pause(ctx, sm, { stack: 'churn', dryRun: false });
    expect(await resume(ctx, sm, { stack: 'churn', dryRun: true })).toMatchObject({ outcome: 'planned' });
    expect(sm.methods()).not.toContain('createEndpoint');
    expect(await resume(ctx, sm, { stack: 'churn', dryRun: false })).toMatchObject({ outcome: 'resuming', status: 'Creating' });
  });

  it('pause then resume, any number of times, ends serving the config it was paused on (model-based)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('pause', 'resume'), { maxLength: 8 }), async (steps) => {
        const s = new FakeSageMaker();
        const c = testContext();
        const { config } = s.seed('churn', { tags: managed('churn') });
        let paused = false;
        for (const step of steps) {
          if (step === 'pause') await pause(c, s, { stack: 'churn', dryRun: false, wait: WAIT });
          else await resume(c, s, { stack: 'churn', dryRun: false, wait: WAIT });
          paused = step === 'pause';
          c.clock.advance(60_000);
          expect(s.endpoints.has('churn')).toBe(!paused);
        }
        const tags = s.tags.get(arnOf('endpoint-config', config))!;
        expect(tags['sagectl:paused'] !== undefined).toBe(paused);
        if (!paused) expect(s.endpoints.get('churn')!.configName).toBe(config);
      }),
      { numRuns: 40 },
    );
  });
});

describe('status of paused stacks', () => {
  it('lists paused stacks beside live ones, and a named paused stack', async () => {
    sm.seed('live', { tags: managed('live') });
    const { config } = sm.seed('sleepy', { tags: managed('sleepy') });
    await pause(ctx, sm, { stack: 'sleepy', dryRun: false });
    const all = await status(ctx, sm, {}, undefined, undefined, sm);
    expect(all.stacks.map((s) => s.stack)).toEqual(['live']);
    expect(all.paused).toEqual([{ stack: 'sleepy', status: 'Paused', pausedAt: '2026-11-25T10:00:00.000Z', configName: config, protected: false }]);
    expect(renderStatus(all, ctx.clock.now())).toContain(`sleepy  Paused\n  paused    2026-11-25T10:00:00.000Z (0ms ago): no endpoint`);
    const one = await status(ctx, sm, { stack: 'sleepy' });
    expect(one).toEqual({ stacks: [], paused: all.paused });
  });

  it('a stack deployed again after a pause is live, not paused', async () => {
    const { config } = sm.seed('churn', { tags: managed('churn') });
    sm.tags.set(arnOf('endpoint-config', config), { ...managed('churn'), 'sagectl:paused': '2026-11-02T00:00:00.000Z' });
    const all = await status(ctx, sm, {}, undefined, undefined, sm);
    expect(all.stacks.map((s) => s.stack)).toEqual(['churn']);
    expect(all.paused ?? []).toEqual([]);
  });
});

describe('teardown --idle --pause', () => {
  const DAY = 86_400_000;
  const idleMetrics = (busy: string[]) => ({
    invocationsByEndpoint: (variants: readonly { endpoint: string }[]) =>
      Promise.resolve(new Map(variants.map((v) => [v.endpoint, busy.includes(v.endpoint) ? 5 : 0]))),
  });
  const services = (busy: string[]) => ({
    finders: [new SageMakerResourceFinder(sm)],
    sagemaker: sm,
    pauser: sm,
    tagging: sm,
    metrics: idleMetrics(busy),
  });
  const criteria = { stacks: [], all: false, tags: {}, idleMs: DAY };

  it('pauses exactly the idle stacks, deletes nothing else, and a paused stack is then removed whole by teardown', async () => {
    const idle = sm.seed('idle-a', { tags: managed('idle-a') });
    sm.seed('busy-b', { tags: managed('busy-b') });
    sm.seed('kept-c', { tags: { ...managed('kept-c'), 'sagectl:protect': 'true' } });
    const result = await teardown(ctx, services(['busy-b']), { criteria, yes: true, dryRun: false, force: false, concurrency: 4, pause: true });
    expect(result).toMatchObject({ pause: true, summary: { paused: 1, failed: 0 } });
    expect(result.stacks.map((s) => [s.stack, s.resources[0]?.action])).toEqual([['idle-a', 'paused']]);
    expect(sm.mutatingCalls()).toEqual(['addTags', 'deleteEndpoint']);
    expect([...sm.endpoints.keys()].sort()).toEqual(['busy-b', 'kept-c']);
    expect(sm.configs.has(idle.config) && sm.models.has(idle.model)).toBe(true);
    expect(renderTeardown(result)).toContain('paused 1 stack, 0 failed');
    expect(teardownExitCode(result)).toBe(ExitCode.Ok);

    // Idle selection never picks it again (it has no endpoint); a named teardown removes it whole.
    const again = await teardown(ctx, services(['busy-b']), { criteria, yes: true, dryRun: false, force: false, concurrency: 4, pause: true });
    expect(again.stacks.map((s) => s.stack)).toEqual([]);
    const gone = await teardown(ctx, services([]), {
      criteria: { stacks: ['idle-a'], all: false, tags: {} },
      yes: true,
      dryRun: false,
      force: false,
      concurrency: 4,
    });
    expect(gone.summary).toMatchObject({ deleted: 2, failed: 0 });
    expect(sm.configs.has(idle.config) || sm.models.has(idle.model)).toBe(false);
  });

  it('without --yes off a terminal it refuses with the plan (exit 2), pausing nothing', async () => {
    sm.seed('idle-a', { tags: managed('idle-a') });
    await expect(teardown(ctx, services([]), { criteria, yes: false, dryRun: false, force: false, concurrency: 4, pause: true })).rejects.toThrow(
      /refusing to pause without confirmation/,
    );
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('a stack that cannot be paused is reported failed (exit 3), the others are paused', async () => {
    sm.seed('idle-a', { tags: managed('idle-a') });
    sm.seed('idle-b', { tags: managed('idle-b') });
    const real = sm.deleteEndpoint.bind(sm);
    sm.deleteEndpoint = (name: string) => (name === 'idle-a' ? Promise.reject(new Error('AccessDenied')) : real(name));
    const result = await teardown(ctx, services([]), { criteria, yes: true, dryRun: false, force: false, concurrency: 4, pause: true });
    expect(result.stacks.map((s) => [s.stack, s.resources[0]?.action])).toEqual([
      ['idle-a', 'failed'],
      ['idle-b', 'paused'],
    ]);
    expect(teardownExitCode(result)).toBe(ExitCode.AwsRefused);
  });
});
