import { beforeEach, describe, expect, it } from 'vitest';
import { renderUpdateEndpoint, updateEndpoint, type UpdateEndpointOptions } from '../../../../src/commands/update-endpoint/index.js';
import { parseUpdateFlags } from '../../../../src/commands/update-endpoint/flags.js';
import type { UpdateEndpointFlags } from '../../../../src/commands/update-endpoint/cli.js';
import { deploy } from '../../../../src/commands/deploy/index.js';
import { status, renderStatus } from '../../../../src/commands/status/index.js';
import { nextRecordTime } from '../../../../src/commands/endpoint/history.js';
import type { Config } from '../../../../src/core/schema.js';
import { UsageError } from '../../../../src/core/errors.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

/** Issue 12 (1): rollback, --keep and cleanup follow what the endpoint served, recorded on the configs' tags. */

const ROLE = 'arn:aws:iam::123456789012:role/R';
const MANAGED = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
const config: Config = {
  name: 'churn',
  role: ROLE,
  tags: { team: 'ml' },
  model: { image: 'img:1', modelData: 's3://b/v1.tar.gz' },
  endpoint: { instanceType: 'ml.m5.large', instanceCount: 1 },
};
const BASE: UpdateEndpointOptions = { action: { kind: 'rollback' }, keep: 1, recreate: false, wait: true, timeoutMs: 3_600_000, dryRun: false };

let sm: FakeSageMaker;
let scaling: FakeScaling;
let ctx: TestContext;
const run = (options: Partial<UpdateEndpointOptions>) => updateEndpoint(ctx, { sagemaker: sm, scaling }, { ...BASE, ...options });
const newModel = (version: number, options: Partial<UpdateEndpointOptions> = {}) =>
  run({ action: { kind: 'new-model', source: { modelData: `s3://b/v${version}.tar.gz` } }, ...options });
const rollback = (options: Partial<UpdateEndpointOptions> = {}) => run({ action: { kind: 'rollback' }, ...options });
const artifactLive = (): string | undefined => {
  const live = sm.configs.get(sm.endpoints.get('churn')!.configName)!;
  return sm.models.get(live.variants[0]!.modelName)?.modelDataUrl;
};

beforeEach(() => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
  ctx = testContext(config);
});

describe('rollback follows what served', () => {
  it('deploy v1 → v2 → rollback → v3 → rollback puts v1 back, never the rejected v2', async () => {
    const c1 = (await deploy(ctx, sm, { wait: true, timeoutMs: 3_600_000, dryRun: false })).endpoint.configName;
    const c2 = (await newModel(2)).endpoint.configName;
    expect((await rollback()).endpoint.configName).toBe(c1);
    const v3 = await newModel(3);
    expect(v3.endpoint.previousConfig).toBe(c1);
    // C1 served before C3: it is the one kept; C2 (rolled away from) goes, with its model.
    expect(v3.removed.map((s) => s.name)).toEqual([c2, 'churn-AllTraffic-20261125100002']);
    expect([...sm.configs.keys()].sort()).toEqual([c1, v3.endpoint.configName].sort());
    const back = await rollback();
    expect(back).toMatchObject({ target: c1, endpoint: { configName: c1 } });
    expect(artifactLive()).toBe('s3://b/v1.tar.gz');
  });

  it('the same after --add-variant: the rejected A/B config is not what --rollback returns to', async () => {
    const c1 = sm.seed('churn', { tags: MANAGED }).config;
    await run({ action: { kind: 'add-variant', source: {}, name: 'green', weight: 0.1 } });
    await rollback();
    await run({ action: { kind: 'add-variant', source: {}, name: 'blue', weight: 0.1 } });
    expect((await rollback()).endpoint.configName).toBe(c1);
    expect(sm.configs.get(c1)!.variants.map((v) => v.variantName)).toEqual(['AllTraffic']);
  });

  it('--keep 2 keeps the two that served most recently, whatever their creation order', async () => {
    const c1 = sm.seed('churn', { tags: MANAGED }).config;
    const c2 = (await newModel(2, { keep: 3 })).endpoint.configName;
    const c3 = (await newModel(3, { keep: 3 })).endpoint.configName;
    await run({ action: { kind: 'rollback', toConfig: c1 }, keep: 3 }); // served: c1 c2 c3 c1
    const c4 = (await newModel(4, { keep: 2 })).endpoint.configName; // before c4: c1, c3, c2
    expect([...sm.configs.keys()].sort()).toEqual([c1, c3, c4].sort());
    expect(sm.configs.has(c2)).toBe(false);
  });

  it('--rollback --to-config goes further back; a name outside the history, or the live one, exits 2 sending nothing', async () => {
    const c1 = sm.seed('churn', { tags: MANAGED }).config;
    await newModel(2, { keep: 2 });
    const c3 = (await newModel(3, { keep: 2 })).endpoint.configName;
    sm.calls.length = 0;
    for (const [name, message] of [
      ['churn-20200101000000', /not a config of stack churn kept for rollback/],
      [c3, /already runs/],
    ] as const) {
      const error = await run({ action: { kind: 'rollback', toConfig: name } }).then(
        () => new Error('expected a refusal'),
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(message);
    }
    expect(sm.mutatingCalls()).toEqual([]);
    expect((await run({ action: { kind: 'rollback', toConfig: c1 } })).endpoint.configName).toBe(c1);
  });

  it('--rollback --dry-run names the target, lists its variants (not the live ones) and the history, sending nothing', async () => {
    const c1 = sm.seed('churn', { tags: MANAGED }).config;
    await run({ action: { kind: 'add-variant', source: { modelData: 's3://b/v2.tar.gz' }, name: 'green', weight: 0.1 } });
    sm.calls.length = 0;
    const plan = await rollback({ dryRun: true });
    expect(sm.mutatingCalls()).toEqual([]);
    expect(plan).toMatchObject({ outcome: 'planned', target: c1 });
    expect(plan.variants.map((v) => v.name)).toEqual(['AllTraffic']);
    expect(plan.history?.map((h) => [h.config, h.live, h.variants.map((v) => `${v.name}=${v.artifact}`)])).toEqual([
      ['churn-20261125100000', true, ['AllTraffic=s3://b/m.tar.gz', 'green=s3://b/v2.tar.gz']],
      [c1, false, ['AllTraffic=s3://b/m.tar.gz']],
    ]);
    expect(plan.history?.[0]?.wentLive).toBe('2026-11-25T10:00:02.000Z');
    const text = renderUpdateEndpoint(plan);
    expect(text).toContain(`target   ${c1}: AllTraffic (churn-AllTraffic-20261101000000)`);
    expect(text).toMatch(/live {2}churn-20261125100000 {2}2026-11-25T10:00:02.000Z {2}AllTraffic: s3:\/\/b\/m.tar.gz, green: s3:\/\/b\/v2.tar.gz/);
  });

  it('an endpoint from an older sagectl (no record) falls back to creation order, with a warning', async () => {
    const c1 = sm.seed('churn', { tags: MANAGED }).config;
    sm.seed('churn', { tags: MANAGED, suffix: '20261102000000' });
    const back = await rollback();
    expect(back.endpoint.configName).toBe(c1);
    ctx.log.expectLog('carry no record of when they served', 'warn');
  });

  it('an update made with --no-wait is recorded by the next one: the config it replaces is what was live', async () => {
    const c1 = sm.seed('churn', { tags: MANAGED }).config;
    const c2 = (await newModel(2, { wait: false })).endpoint.configName;
    sm.endpoints.get('churn')!.checksUntilSettled = 1;
    await sm.describeEndpoint('churn'); // it settles on its own
    ctx.clock.advance(60_000);
    await rollback(); // back to c1 (the only one kept), c2 recorded as live before it
    expect(sm.tags.get(arnOf('endpoint-config', c2))?.['sagectl:went-live']).toBeDefined();
    expect((await rollback()).endpoint.configName).toBe(c2);
    expect(sm.configs.has(c1)).toBe(true);
  });

  it('record times only move forward, whatever the clock of the machine', () => {
    const latest = new Date('2026-11-25T12:00:00.000Z');
    expect(nextRecordTime(new Date('2026-11-25T11:00:00.000Z'), latest).toISOString()).toBe('2026-11-25T12:00:00.001Z');
    expect(nextRecordTime(new Date('2026-11-25T13:00:00.000Z'), latest).toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(nextRecordTime(new Date('2026-11-25T13:00:00.000Z'), undefined).toISOString()).toBe('2026-11-25T13:00:00.000Z');
  });

  it('status of one stack shows the history: live first, then what --rollback goes to', async () => {
    const c1 = sm.seed('churn', { tags: MANAGED }).config;
    await newModel(2);
    const result = await status(ctx, sm, { stack: 'churn' });
    expect(result.stacks[0]?.history?.map((h) => [h.config, h.live])).toEqual([
      ['churn-20261125100000', true],
      [c1, false],
    ]);
    expect(renderStatus(result, new Date('2026-11-25T11:00:00Z'))).toContain(`      ${c1}  2026-11-25T10:00:00.000Z  AllTraffic: s3://b/m.tar.gz`);
    const all = await status(ctx, sm, {});
    expect(all.stacks[0]?.history).toBeUndefined(); // a listing of every stack stays a handful of calls
  });
});

describe('a refused update leaves nothing behind', () => {
  const refuse = () =>
    sm.failing.set('createEndpointConfig', Object.assign(new Error('instance type ml.m5.larg is not supported'), { name: 'ValidationException' }));

  it('update-endpoint removes the model it made when CreateEndpointConfig is refused', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    refuse();
    await expect(newModel(2)).rejects.toThrow(/not supported/);
    expect([...sm.models.keys()]).toEqual([old.model]);
  });

  it('deploy removes the models it made when CreateEndpointConfig is refused', async () => {
    refuse();
    await expect(deploy(ctx, sm, { wait: true, timeoutMs: 3_600_000, dryRun: false })).rejects.toThrow(/not supported/);
    expect([...sm.models.keys()]).toEqual([]);
  });
});

describe('--to-config flags', () => {
  const flags = (f: Partial<UpdateEndpointFlags>): UpdateEndpointFlags => ({ keep: '1', wait: true, timeout: '2h', ...f });
  it('goes with --rollback only, and not with --to-version', () => {
    expect(parseUpdateFlags(flags({ rollback: true, toConfig: 'churn-20261101000000' })).action).toEqual({
      kind: 'rollback',
      toConfig: 'churn-20261101000000',
    });
    expect(() => parseUpdateFlags(flags({ toConfig: 'x' }))).toThrow(/--to-config goes with --rollback/);
    expect(() => parseUpdateFlags(flags({ rollback: true, toConfig: 'x', toVersion: '2' }))).toThrow(/give one/);
  });
});
