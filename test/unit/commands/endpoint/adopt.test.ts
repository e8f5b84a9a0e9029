import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { deploy, type DeployOptions } from '../../../../src/commands/deploy/index.js';
import { updateEndpoint } from '../../../../src/commands/update-endpoint/index.js';
import type { UpdateAction } from '../../../../src/commands/update-endpoint/types.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeSageMaker, Killed, arnOf } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

/**
 * Re-runs after an interruption (issue 18): a deploy or update-endpoint killed between creating
 * its model, its endpoint config and switching the endpoint leaves resources that serve nothing;
 * the re-run adopts them (endpoint/adopt.ts) instead of creating a second set, and adopts nothing
 * else: not another spec's, not another stack's, never a config that served (history).
 */

const ROLE = 'arn:aws:iam::123456789012:role/R';
const configFor = (artifact: string): Config => ({
  name: 'churn',
  role: ROLE,
  tags: { team: 'ml' },
  model: { image: 'img:1', modelData: artifact },
  endpoint: { instanceType: 'ml.m5.large', instanceCount: 1 },
});
const A = 's3://b/a.tar.gz';
const B = 's3://b/b.tar.gz';
const WAIT: DeployOptions = { wait: true, timeoutMs: 3_600_000, dryRun: false };

let sm: FakeSageMaker;
let scaling: FakeScaling;
let ctx: TestContext;
beforeEach(() => {
  sm = new FakeSageMaker();
  sm.settleAfter = 1;
  scaling = new FakeScaling();
  ctx = testContext(configFor(A));
});

const deployOf = (artifact: string) => deploy({ ...ctx, config: configFor(artifact) }, sm, WAIT, scaling);
const update = (action: UpdateAction, keep = 1) =>
  updateEndpoint(
    { ...ctx, config: configFor(A) },
    { sagemaker: sm, scaling },
    { action, keep, recreate: false, wait: true, timeoutMs: 3_600_000, dryRun: false },
  );
const newModel = (artifact: string): UpdateAction => ({ kind: 'new-model', source: { modelData: artifact } });

/** Runs `body` in a process killed after `changes` changes; then a new process. Returns whether the kill struck. */
async function killedAfter(changes: number, body: () => Promise<unknown>): Promise<boolean> {
  sm.killAfterChanges = changes;
  const outcome = await body().then(
    () => 'done' as const,
    (e: unknown) => e,
  );
  const killed = sm.wasKilled();
  sm.revive();
  if (!killed && outcome !== 'done') throw outcome;
  if (killed) expect(outcome).toBeInstanceOf(Killed);
  return killed;
}

const artifacts = (): string[] => [...sm.models.values()].map((m) => m.modelDataUrl ?? '').sort();
const createCalls = (): string[] => sm.methods().filter((m) => m === 'createModel' || m === 'createEndpointConfig');

/**
 * From A live on config `first` (each case starts there: a re-run of B after B is live changes
 * nothing), runs `run` killed after `k` changes, then again in full; B must be live, with one
 * CreateModel and one CreateEndpointConfig over both runs and one model of each artifact.
 */
async function killedAndRerun(first: string, k: number, run: () => Promise<unknown>): Promise<void> {
  if (sm.endpoints.get('churn')!.configName !== first) await update({ kind: 'rollback', toConfig: first }, 1);
  for (const name of [...sm.configs.keys()]) if (name !== first) sm.configs.delete(name);
  for (const [name, m] of [...sm.models]) if (m.modelDataUrl !== A) sm.models.delete(name);
  const creates = createCalls().length;
  await killedAfter(k, run);
  await run();
  expect(createCalls().length - creates, `kill after ${k} changes: one CreateModel and one CreateEndpointConfig in all`).toBe(2);
  const live = sm.endpoints.get('churn')!;
  expect(live.status).toBe('InService');
  expect(sm.models.get(sm.configs.get(live.configName)!.variants[0]!.modelName)?.modelDataUrl).toBe(B);
  expect(artifacts(), `kill after ${k} changes: one model of each artifact`).toEqual([A, B]);
  expect(sm.configs.size).toBe(2);
}

describe('a deploy of a new stack, killed and run again', () => {
  it('ends with one model, one config and one endpoint, wherever the kill struck', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6 }), async (k) => {
        sm = new FakeSageMaker();
        sm.settleAfter = 1;
        await killedAfter(k, () => deployOf(A));
        const result = await deployOf(A);
        expect(['created', 'unchanged']).toContain(result.outcome);
        expect(sm.endpoints.get('churn')?.status).toBe('InService');
        expect([...sm.models.keys()], `kill after ${k} changes`).toHaveLength(1);
        expect([...sm.configs.keys()]).toEqual([sm.endpoints.get('churn')!.configName]);
        expect(sm.configs.get(sm.endpoints.get('churn')!.configName)!.variants[0]!.modelName).toBe([...sm.models.keys()][0]);
      }),
      { numRuns: 20, seed: 18 },
    );
  });

  it('costs a first deploy one listing: with no model named for the stack there is no config to adopt either', async () => {
    await deployOf(A);
    expect(sm.methods().filter((m) => m.startsWith('list'))).toEqual(['listModels']);
  });

  it('adopts the model and config left between CreateEndpointConfig and CreateEndpoint, and says so in its plan', async () => {
    expect(await killedAfter(2, () => deployOf(A))).toBe(true);
    const [model] = [...sm.models.keys()];
    const [config] = [...sm.configs.keys()];
    const calls = sm.calls.length;
    const result = await deployOf(A);
    expect(sm.calls.slice(calls).map((c) => c.method)).not.toContain('createModel');
    expect(sm.calls.slice(calls).map((c) => c.method)).not.toContain('createEndpointConfig');
    expect(result).toMatchObject({ outcome: 'created', model, endpoint: { configName: config } });
    expect(result.plan).toEqual([
      { action: 'adopt', kind: 'model', name: model },
      { action: 'adopt', kind: 'endpoint-config', name: config },
      { action: 'create', kind: 'endpoint', name: 'churn' },
    ]);
    ctx.log.expectLog(`adopting endpoint config ${config}, left by an interrupted run, with its model(s)`, 'info');
  });

  it('adopts the model left before CreateEndpointConfig and creates only the config', async () => {
    expect(await killedAfter(1, () => deployOf(A))).toBe(true);
    const [model] = [...sm.models.keys()];
    const result = await deployOf(A);
    expect(result.plan[0]).toEqual({ action: 'adopt', kind: 'model', name: model });
    expect(result.plan[1]).toMatchObject({ action: 'create', kind: 'endpoint-config' });
    expect(sm.configs.get(result.endpoint.configName)!.variants[0]!.modelName).toBe(model);
    expect(sm.models.size).toBe(1);
  });

  it('does not adopt a leftover of another spec: it creates its own (a changed config is a new deploy)', async () => {
    await killedAfter(2, () => deployOf(A));
    const result = await deployOf(B);
    expect(result.plan.map((s) => s.action)).toEqual(['create', 'create', 'create']);
    expect(sm.models.get(result.model!)?.modelDataUrl).toBe(B);
  });

  it("does not adopt a leftover that lacks this stack's tags", async () => {
    await killedAfter(2, () => deployOf(A));
    for (const c of sm.configs.values()) sm.tags.set(c.arn, { 'sagectl:stack': 'other', 'sagectl:managed-by': 'sagectl' });
    for (const m of sm.models.values()) sm.tags.set(m.arn, {});
    const result = await deployOf(A);
    expect(result.plan.map((s) => s.action)).toEqual(['create', 'create', 'create']);
  });
});

describe('a deploy that updates a live endpoint, killed and run again', () => {
  beforeEach(async () => {
    await deployOf(A);
  });

  it('ends with the new spec live, the previous config kept and nothing else, wherever the kill struck', async () => {
    const first = sm.endpoints.get('churn')!.configName;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 8 }), (k) => killedAndRerun(first, k, () => deployOf(B))),
      { numRuns: 20, seed: 18 },
    );
  });

  it('adopts the model and config created before UpdateEndpoint: one CreateModel and one CreateEndpointConfig over both runs', async () => {
    const before = createCalls().length;
    // createModel, createEndpointConfig; then the kill before markLiveAsLatest's record.
    expect(await killedAfter(2, () => deployOf(B))).toBe(true);
    const result = await deployOf(B);
    expect(createCalls().length - before).toBe(2);
    expect(result.outcome).toBe('updated');
    expect(result.plan.map((s) => s.action)).toEqual(['adopt', 'adopt', 'update']);
  });

  it('never adopts a config that served: after B was rolled back from, deploying B again makes a new config and model', async () => {
    await deployOf(B);
    const servedB = sm.endpoints.get('churn')!.configName;
    await update({ kind: 'rollback' }, 1);
    expect(sm.configs.has(servedB)).toBe(true);
    expect(sm.tags.get(arnOf('endpoint-config', servedB))?.['sagectl:went-live']).toBeDefined();
    const result = await deployOf(B);
    expect(result.plan.map((s) => s.action)).toEqual(['create', 'create', 'update']);
    expect(result.endpoint.configName).not.toBe(servedB);
  });

  it('adopts the leftover of the last run, not the model of a config kept for rollback that runs the same artifact', async () => {
    await deployOf(B);
    await update({ kind: 'rollback' }, 1);
    // B's config served and is kept; its model runs B too, but a config still uses it.
    const keptModel = sm.configs.get([...sm.configs.keys()].find((n) => n !== sm.endpoints.get('churn')!.configName)!)!.variants[0]!.modelName;
    await killedAfter(1, () => deployOf(B));
    const leftover = [...sm.models.keys()].find((n) => n !== keptModel && sm.models.get(n)!.modelDataUrl === B)!;
    const result = await deployOf(B);
    expect(result.model).toBe(leftover);
    expect(result.plan[0]).toEqual({ action: 'adopt', kind: 'model', name: leftover });
  });

  it('removes what it adopted, as what it created, when SageMaker rolls the update back', async () => {
    await killedAfter(2, () => deployOf(B));
    sm.nextOutcome = 'RollBack';
    await expect(deployOf(B)).rejects.toThrow(/rolled back/);
    expect(artifacts()).toEqual([A]);
    expect(sm.configs.size).toBe(1);
  });
});

describe('update-endpoint, killed and run again', () => {
  beforeEach(async () => {
    await deployOf(A);
  });

  it('a new model: adopts the model and config made before UpdateEndpoint, wherever the kill struck', async () => {
    const first = sm.endpoints.get('churn')!.configName;
    await fc.assert(
      // --keep 3: a leftover beside the new config would be kept for rollback, not pruned away.
      fc.asyncProperty(fc.integer({ min: 0, max: 8 }), (k) => killedAndRerun(first, k, () => update(newModel(B), 3))),
      { numRuns: 20, seed: 18 },
    );
  });

  it('a new model killed after CreateModel: the re-run adopts the model and creates only the config', async () => {
    expect(await killedAfter(1, () => update(newModel(B)))).toBe(true);
    const [leftover] = [...sm.models.entries()].filter(([, m]) => m.modelDataUrl === B).map(([n]) => n);
    const result = await update(newModel(B));
    expect(result.plan.map((s) => `${s.action} ${s.kind}`)).toEqual(['adopt model', 'create endpoint-config', 'update endpoint']);
    expect(sm.configs.get(result.endpoint.configName)!.variants[0]!.modelName).toBe(leftover);
  });

  it("--add-variant killed after CreateEndpointConfig: the re-run adopts the new variant's model and the config", async () => {
    const addGreen: UpdateAction = { kind: 'add-variant', source: { modelData: B }, name: 'green', weight: 0.5 };
    expect(await killedAfter(2, () => update(addGreen))).toBe(true);
    const before = createCalls().length;
    const result = await update(addGreen);
    expect(createCalls().length).toBe(before);
    expect(result.plan.map((s) => s.action)).toEqual(['adopt', 'adopt', 'update']);
    expect(artifacts()).toEqual([A, B]);
  });

  it('--promote killed after its config was created: the re-run adopts it', async () => {
    await update({ kind: 'add-variant', source: { modelData: B }, name: 'green', weight: 0.5 });
    await killedAfter(2, () => update({ kind: 'promote', name: 'green' }));
    const configs = sm.configs.size;
    const result = await update({ kind: 'promote', name: 'green' });
    expect(result.plan.map((s) => s.action)).toEqual(['update', 'adopt', 'update']);
    expect(sm.configs.size).toBeLessThanOrEqual(configs);
    expect(sm.endpoints.get('churn')!.configName).toBe(result.endpoint.configName);
  });

  it('never adopts a model that was rolled back from: the model of a config kept with a went-live record is history', async () => {
    await update(newModel(B));
    await update({ kind: 'rollback' });
    const result = await update(newModel(B));
    expect(result.plan.map((s) => s.action)).toEqual(['create', 'create', 'update']);
  });
});
