// deploy leaves AWS as the config declares it, also when the config drops `endpoint.autoscaling`
// (the targets sagectl registered are deregistered after the switch; one registered by hand is
// kept) and when UpdateEndpoint of a live endpoint is refused (what the run created is removed).
import { beforeEach, describe, expect, it } from 'vitest';
import { deploy, renderDeploy, type DeployOptions } from '../../../../src/commands/deploy/index.js';
import type { Config } from '../../../../src/core/schema.js';
import { AwsRequestError, ExitCode, type SagectlError } from '../../../../src/core/errors.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const SCALING = { min: 1, max: 4, invocationsPerInstance: 200 };
const config: Config = {
  name: 'churn',
  role: 'arn:aws:iam::123456789012:role/R',
  tags: { team: 'ml' },
  model: { image: 'img:1', modelData: 's3://b/m.tar.gz' },
  endpoint: { instanceType: 'ml.m5.large', instanceCount: 1 },
};
const scaled: Config = { ...config, endpoint: { ...config.endpoint, autoscaling: SCALING } };
const withModel = (c: Config, modelData: string): Config => ({ ...c, model: { image: 'img:1', modelData } });
const WAIT: DeployOptions = { wait: true, timeoutMs: 60 * 60_000, dryRun: false };

let sm: FakeSageMaker;
let scaling: FakeScaling;
let ctx: TestContext;
beforeEach(() => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
});

/** A first deploy with autoscaling, then the calls log cleared. */
async function deployedWithScaling(c: Config = scaled): Promise<void> {
  ctx = testContext(c);
  await deploy(ctx, sm, WAIT, scaling);
  expect([...scaling.targets.keys()]).toEqual(['churn/AllTraffic']);
  ctx.clock.advance(60_000);
  sm.calls.length = 0;
}

const scalingCalls = (): string[] =>
  sm.methods().filter((m) => ['register', 'deregister', 'registeredTargets', 'registeredBySagectl', 'registeredVariants', 'updateEndpoint'].includes(m));

/** Deploys blue and green, both autoscaled; then a minute passes and the calls so far are forgotten. Returns the config. */
async function deployedBlueGreenWithScaling(): Promise<Config & { endpoint: NonNullable<Config['endpoint']> }> {
  const ab = {
    ...scaled,
    endpoint: {
      instanceType: 'ml.m5.large',
      variants: [
        { name: 'blue', weight: 0.5 },
        { name: 'green', weight: 0.5 },
      ],
      autoscaling: SCALING,
    },
  };
  ctx = testContext(ab);
  await deploy(ctx, sm, WAIT, scaling);
  ctx.clock.advance(60_000);
  sm.calls.length = 0;
  return ab;
}

describe('deploy without endpoint.autoscaling turns off what sagectl registered', () => {
  it('a changed spec: deregisters after the switch (the new model alone needs no deregistering first)', async () => {
    await deployedWithScaling();
    ctx = testContext(withModel(config, 's3://b/v2.tar.gz'));
    const result = await deploy(ctx, sm, WAIT, scaling);
    expect(result).toMatchObject({ outcome: 'updated', autoscaling: { deregistered: ['AllTraffic'] } });
    expect(scalingCalls()).toEqual(['updateEndpoint', 'registeredTargets', 'registeredBySagectl', 'deregister']);
    expect(scaling.targets.size).toBe(0);
    expect(renderDeploy(result)).toContain('scaling  deregistered (no endpoint.autoscaling in the config): AllTraffic');
  });

  it('the same spec: deregisters, reports it as repaired; the next run changes nothing and reads the targets once', async () => {
    await deployedWithScaling();
    ctx = testContext(config);
    const result = await deploy(ctx, sm, WAIT, scaling);
    expect(result).toMatchObject({ outcome: 'repaired', autoscaling: { repaired: [], deregistered: ['AllTraffic'] } });
    expect(sm.mutatingCalls()).toEqual([]);
    expect(scaling.targets.size).toBe(0);
    expect(renderDeploy(result)).toContain('dropped from the config, was turned off');
    sm.calls.length = 0;
    expect((await deploy(ctx, sm, WAIT, scaling)).outcome).toBe('unchanged');
    expect(scalingCalls()).toEqual(['registeredTargets']);
  });

  it('leaves a target registered by hand (no sagectl policy) alone', async () => {
    ctx = testContext(config);
    await deploy(ctx, sm, WAIT, scaling);
    scaling.registerByHand('churn', 'AllTraffic', { min: 2, max: 8, invocationsPerInstance: 50 });
    sm.calls.length = 0;
    const result = await deploy(ctx, sm, WAIT, scaling);
    expect(result.outcome).toBe('unchanged');
    expect(scalingCalls()).toEqual(['registeredTargets', 'registeredBySagectl']);
    expect(scaling.targets.get('churn/AllTraffic')).toEqual({ min: 2, max: 8, invocationsPerInstance: 50 });
  });

  it('--dry-run names the deregistration in the plan (changed spec and same spec) and changes nothing', async () => {
    await deployedWithScaling();
    ctx = testContext(withModel(config, 's3://b/v2.tar.gz'));
    const changed = await deploy(ctx, sm, { ...WAIT, dryRun: true }, scaling);
    expect(changed.outcome).toBe('planned');
    expect(changed.plan).toContainEqual({ action: 'delete', kind: 'scalable-target', name: 'endpoint/churn/variant/AllTraffic' });
    ctx = testContext(config);
    const same = await deploy(ctx, sm, { ...WAIT, dryRun: true }, scaling);
    expect(same.outcome).toBe('planned');
    expect(same.plan).toEqual([{ action: 'delete', kind: 'scalable-target', name: 'endpoint/churn/variant/AllTraffic' }]);
    expect(renderDeploy(same)).toContain('delete scalable-target endpoint/churn/variant/AllTraffic');
    expect(sm.methods().filter((m) => m === 'deregister' || m === 'register')).toEqual([]);
    expect(scaling.targets.size).toBe(1);
  });

  it('with the section kept, registers and deregisters nothing more than before (no extra reads)', async () => {
    await deployedWithScaling();
    ctx = testContext(withModel(scaled, 's3://b/v2.tar.gz'));
    await deploy(ctx, sm, WAIT, scaling);
    expect(scalingCalls()).toEqual(['updateEndpoint', 'register']);
  });

  it('a dropped variant and a dropped section: the variant is deregistered before UpdateEndpoint (SageMaker refuses otherwise), the rest after', async () => {
    await deployedBlueGreenWithScaling();
    ctx = testContext({ ...config, endpoint: { instanceType: 'ml.m5.large', variants: [{ name: 'green' }] } });
    await deploy(ctx, sm, WAIT, scaling);
    expect(scalingCalls()).toEqual(['registeredVariants', 'deregister', 'updateEndpoint', 'registeredTargets', 'registeredBySagectl', 'deregister']);
    expect(sm.calls.filter((c) => c.method === 'deregister').map((c) => c.args[1])).toEqual(['blue', 'green']);
    expect(scaling.targets.size).toBe(0);
  });
});

describe('deploy of a live endpoint whose UpdateEndpoint is refused', () => {
  it('removes the model and config it created, says what still serves, exit 3; the endpoint and its autoscaling stay', async () => {
    await deployedWithScaling();
    const live = sm.endpoints.get('churn')!.configName;
    const liveModel = sm.configs.get(live)!.variants[0]!.modelName;
    ctx = testContext(withModel(scaled, 's3://b/v2.tar.gz'));
    sm.failing.set('updateEndpoint', new AwsRequestError('UpdateEndpoint', 'ValidationException', 'refused for the test'));
    const error = (await deploy(ctx, sm, WAIT, scaling).catch((e: unknown) => e)) as SagectlError;
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain(`endpoint churn still runs ${live} (model ${liveModel})`);
    expect(error.message).toMatch(/removed what this run had created: endpoint-config churn-(\d{14}), model churn-AllTraffic-\1\)$/);
    expect(sm.mutatingCalls()).toEqual(['createModel', 'createEndpointConfig', 'updateEndpoint', 'deleteEndpointConfig', 'deleteModel']);
    expect([...sm.configs.keys()]).toEqual([live]);
    expect([...sm.models.keys()]).toEqual([liveModel]);
    expect([...scaling.targets.keys()]).toEqual(['churn/AllTraffic']);
  });

  it('a new endpoint whose CreateEndpoint is refused as a duplicate of its own first attempt: removes nothing the endpoint uses', async () => {
    ctx = testContext(config);
    const create = sm.createEndpoint.bind(sm);
    sm.createEndpoint = async (...args) => {
      await create(...args);
      throw new AwsRequestError('CreateEndpoint', 'ValidationException', 'Cannot create already existing endpoint');
    };
    const error = (await deploy(ctx, sm, WAIT, scaling).catch((e: unknown) => e)) as SagectlError;
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain('kept what this run created');
    expect(sm.mutatingCalls().filter((m) => m.startsWith('delete'))).toEqual([]);
    const live = sm.endpoints.get('churn')!.configName;
    expect(sm.configs.has(live) && sm.models.has(sm.configs.get(live)!.variants[0]!.modelName)).toBe(true);
  });

  it('a dropped variant refused: its autoscaling, taken off before the update, is registered again', async () => {
    const ab = await deployedBlueGreenWithScaling();
    ctx = testContext({ ...ab, endpoint: { ...ab.endpoint, variants: [{ name: 'green' }] } });
    sm.failing.set('updateEndpoint', new AwsRequestError('UpdateEndpoint', 'ResourceLimitExceeded', 'refused for the test'));
    const error = (await deploy(ctx, sm, WAIT, scaling).catch((e: unknown) => e)) as SagectlError;
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(scalingCalls()).toEqual(['registeredVariants', 'deregister', 'updateEndpoint', 'register']);
    expect([...scaling.targets.keys()].sort()).toEqual(['churn/blue', 'churn/green']);
    expect(error.message).toContain('autoscaling of blue registered again');
  });
});
