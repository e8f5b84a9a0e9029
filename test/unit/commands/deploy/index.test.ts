import { beforeEach, describe, expect, it } from 'vitest';
import { deploy, renderDeploy, type DeployOptions } from '../../../../src/commands/deploy/index.js';
import type { Config } from '../../../../src/core/schema.js';
import type { SagectlError } from '../../../../src/core/errors.js';
import { AwsRequestError, ConfigError, ExitCode, InterruptedError, ResourceFailedError, UsageError, WaitTimeoutError } from '../../../../src/core/errors.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../../helpers/context.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { FakeRuntime } from '../../helpers/fake-runtime.js';

const ROLE = 'arn:aws:iam::123456789012:role/R';
const config: Config = {
  name: 'churn',
  role: ROLE,
  tags: { team: 'ml' },
  model: { image: 'img:1', modelData: 's3://b/m.tar.gz' },
  endpoint: { instanceType: 'ml.m5.large', instanceCount: 1 },
};
const MANAGED = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
const WAIT: DeployOptions = { wait: true, timeoutMs: 60 * 60_000, dryRun: false };

let sm: FakeSageMaker;
let ctx: TestContext;
beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext(config);
});

describe('deploy of a new stack', () => {
  it('creates model, endpoint config and endpoint, all tagged, and waits until InService', async () => {
    const result = await deploy(ctx, sm, WAIT);

    expect(sm.mutatingCalls()).toEqual(['createModel', 'createEndpointConfig', 'createEndpoint', 'addTags']);
    expect(result).toMatchObject({
      outcome: 'created',
      endpoint: { name: 'churn', status: 'InService', configName: 'churn-20261125100000' },
      model: 'churn-AllTraffic-20261125100000',
      waited: true,
    });
    for (const arn of [arnOf('endpoint', 'churn'), arnOf('endpoint-config', 'churn-20261125100000'), arnOf('model', 'churn-AllTraffic-20261125100000')]) {
      expect(sm.tags.get(arn)).toMatchObject({ ...MANAGED, team: 'ml', 'sagectl:version': expect.any(String) as string });
    }
    expect(sm.configs.get('churn-20261125100000')?.variants).toEqual([
      {
        variantName: 'AllTraffic',
        modelName: 'churn-AllTraffic-20261125100000',
        instanceType: 'ml.m5.large',
        initialInstanceCount: 1,
        initialVariantWeight: 1,
      },
    ]);
    expect(sm.models.get('churn-AllTraffic-20261125100000')).toMatchObject({ image: 'img:1', modelDataUrl: 's3://b/m.tar.gz', executionRoleArn: ROLE });
  });

  it('reports progress on every check, with backoff between checks', async () => {
    await deploy(ctx, sm, WAIT);
    expect(ctx.progressReports.map((p) => p.status)).toEqual(['Creating', 'InService']);
    expect(ctx.clock.sleeps).toEqual([2000]);
  });

  it('creates a serverless variant without instances', async () => {
    ctx = testContext({ ...config, endpoint: { serverless: { memoryMB: 2048, maxConcurrency: 5 } } });
    await deploy(ctx, sm, WAIT);
    expect(sm.configs.get('churn-20261125100000')?.variants[0]).toEqual({
      variantName: 'AllTraffic',
      modelName: 'churn-AllTraffic-20261125100000',
      serverless: { memoryMB: 2048, maxConcurrency: 5 },
      initialVariantWeight: 1,
    });
  });

  it('exits 4 with the FailureReason and the teardown hint when the endpoint ends Failed', async () => {
    sm.nextOutcome = 'Failed';
    const error = await deploy(ctx, sm, WAIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect((error as ResourceFailedError).exitCode).toBe(ExitCode.ResourceFailed);
    expect((error as Error).message).toContain('did not pass the ping health check');
    expect((error as ResourceFailedError).resolution).toContain('sagectl teardown churn');
  });

  it('exits 5 when the endpoint is not ready before --timeout, saying how to follow or remove it', async () => {
    sm.settleAfter = 1000;
    const error = await deploy(ctx, sm, { ...WAIT, timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).exitCode).toBe(5);
    expect((error as WaitTimeoutError).resolution).toMatch(/sagectl status churn.*sagectl teardown churn/);
  });

  it('exits 130 on Ctrl-C while waiting, saying the endpoint goes on and how to remove it', async () => {
    ctx.progress = { report: () => ctx.abort(), done: () => undefined, pause: () => undefined, resume: () => undefined };
    const error = await deploy(ctx, sm, WAIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect((error as InterruptedError).resolution).toContain('sagectl teardown churn');
    expect(sm.endpoints.get('churn')?.status).toBe('Creating');
  });

  it('returns at once with --no-wait', async () => {
    const result = await deploy(ctx, sm, { ...WAIT, wait: false });
    expect(result).toMatchObject({ outcome: 'created', waited: false, endpoint: { status: 'Creating' } });
    expect(ctx.clock.sleeps).toEqual([]);
  });

  it('--dry-run prints the plan and sends no mutating request', async () => {
    const result = await deploy(ctx, sm, { ...WAIT, dryRun: true });
    expect(sm.mutatingCalls()).toEqual([]);
    expect(result.plan).toEqual([
      { action: 'create', kind: 'model', name: 'churn-AllTraffic-20261125100000' },
      { action: 'create', kind: 'endpoint-config', name: 'churn-20261125100000' },
      { action: 'create', kind: 'endpoint', name: 'churn' },
    ]);
    expect(renderDeploy(result)).toContain('dry run');
  });

  it('--dry-run also names the autoscaling targets it would register and the protection it would set', async () => {
    ctx = testContext({ ...config, endpoint: { ...config.endpoint, autoscaling: { min: 1, max: 4, invocationsPerInstance: 200 } } });
    const result = await deploy(ctx, sm, { ...WAIT, dryRun: true, protect: true });
    expect(sm.mutatingCalls()).toEqual([]);
    expect(result.plan.slice(3)).toEqual([
      { action: 'register', kind: 'scalable-target', name: 'endpoint/churn/variant/AllTraffic' },
      { action: 'tag', kind: 'endpoint', name: 'churn sagectl:protect' },
    ]);
    expect(renderDeploy(result)).toMatch(/register scalable-target +endpoint\/churn\/variant\/AllTraffic/);
  });

  it.each([
    ['role', { ...config, role: undefined }],
    ['model.image', { ...config, model: { modelData: 's3://b/m.tar.gz' } }],
    ['endpoint.instanceType', { ...config, endpoint: {} }],
    ['name', { ...config, name: undefined }],
  ])('refuses a config without %s before calling AWS', async (path, bad) => {
    ctx = testContext(bad);
    const error = await deploy(ctx, sm, WAIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${path}:`);
    expect(sm.calls).toEqual([]);
  });

  it('uses training.image when model.image is not set', async () => {
    ctx = testContext({ ...config, model: { modelData: 's3://b/m.tar.gz' }, training: { image: 'train-img:2' } });
    await deploy(ctx, sm, WAIT);
    expect(sm.models.get('churn-AllTraffic-20261125100000')?.image).toBe('train-img:2');
  });
});

describe('deploy of an existing stack', () => {
  it('changes nothing and creates nothing when the spec is identical', async () => {
    sm.seed('churn', { tags: { ...MANAGED, team: 'ml' } });
    const result = await deploy(ctx, sm, WAIT);
    expect(result.outcome).toBe('unchanged');
    expect(sm.mutatingCalls()).toEqual([]);
    expect(renderDeploy(result)).toContain('nothing changed');
    // The result says it; an info line saying it too printed it twice on a terminal.
    expect(ctx.log.lines().filter((l) => l.level >= 30 && l.msg.includes('already runs this spec'))).toEqual([]);
  });

  it('updates in place with a new model and config, keeps the replaced one for --rollback and removes older ones', async () => {
    const first = sm.seed('churn', { tags: { ...MANAGED, team: 'ml' } });
    const old = sm.seed('churn', { tags: { ...MANAGED, team: 'ml' }, suffix: '20261102000000' });
    ctx = testContext({ ...config, endpoint: { instanceType: 'ml.m5.xlarge', instanceCount: 2 } });

    const result = await deploy(ctx, sm, WAIT);

    expect(sm.mutatingCalls()).toEqual(['createModel', 'createEndpointConfig', 'addTags', 'updateEndpoint', 'addTags', 'deleteEndpointConfig', 'deleteModel']);
    expect(result.outcome).toBe('updated');
    expect(sm.endpoints.get('churn')?.configName).toBe('churn-20261125100000');
    expect(sm.configs.has(old.config) && sm.models.has(old.model)).toBe(true);
    expect(result.removed.map((s) => s.name)).toEqual([first.config, first.model]);
    // The record the next rollback follows: the replaced config served until now, the new one from now.
    expect(sm.tags.get(arnOf('endpoint-config', old.config))?.['sagectl:went-live']).toBe('2026-11-25T10:00:00.000Z');
    expect(sm.tags.get(arnOf('endpoint-config', 'churn-20261125100000'))?.['sagectl:went-live']).toBe('2026-11-25T10:00:02.000Z');
    ctx.log.expectLog('carry no record of when they served', 'warn');
    expect(ctx.progressReports.map((p) => p.status)).toEqual(['Updating', 'InService']);
  });

  it('notices a change made outside sagectl (the image) and converges back', async () => {
    sm.seed('churn', { tags: MANAGED, image: 'someone-else:9' });
    const result = await deploy(ctx, sm, WAIT);
    expect(result.outcome).toBe('updated');
  });

  it('keeps a superseded config that sagectl does not manage, and the model it uses', async () => {
    const first = sm.seed('churn', { tags: MANAGED });
    sm.tags.set(arnOf('endpoint-config', first.config), { 'sagectl:stack': 'churn' }); // not managed-by sagectl
    sm.seed('churn', { tags: MANAGED, suffix: '20261102000000' });
    ctx = testContext({ ...config, endpoint: { instanceType: 'ml.c5.large' } });
    const result = await deploy(ctx, sm, WAIT);
    expect(sm.configs.has(first.config) && sm.models.has(first.model)).toBe(true);
    expect(result.removed).toEqual([]);
  });

  it('exits 4 and removes what it created when SageMaker rolls the update back', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.nextOutcome = 'RollBack';
    ctx = testContext({ ...config, model: { ...config.model, image: 'img:2' } });

    const error = await deploy(ctx, sm, WAIT).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResourceFailedError);
    expect((error as Error).message).toMatch(/rolled back.*still runs churn-20261101000000/);
    expect(sm.endpoints.get('churn')?.configName).toBe(old.config);
    expect([...sm.configs.keys()]).toEqual([old.config]);
    expect([...sm.models.keys()]).toEqual([old.model]);
  });

  it('plans an update and the removals with --dry-run, changing nothing', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.seed('churn', { tags: MANAGED, suffix: '20261102000000' });
    ctx = testContext({ ...config, endpoint: { instanceType: 'ml.c5.large' } });
    const result = await deploy(ctx, sm, { ...WAIT, dryRun: true });
    expect(result.plan.map((s) => `${s.action} ${s.kind} ${s.name}`)).toEqual([
      'create model churn-AllTraffic-20261125100000',
      'create endpoint-config churn-20261125100000',
      'update endpoint churn',
      `delete endpoint-config ${old.config}`,
      `delete model ${old.model}`,
    ]);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('refuses an endpoint of the same name that sagectl does not manage', async () => {
    sm.seed('churn', { tags: { owner: 'someone' } });
    const error = await deploy(ctx, sm, WAIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('not managed by sagectl');
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('refuses a Failed endpoint, pointing at teardown', async () => {
    sm.seed('churn', { tags: MANAGED, status: 'Failed' });
    const error = await deploy(ctx, sm, WAIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect((error as ResourceFailedError).resolution).toContain('sagectl teardown churn');
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('waits for an update in progress before converging', async () => {
    sm.seed('churn', { tags: MANAGED });
    const e = sm.endpoints.get('churn')!;
    e.status = 'Updating';
    e.checksUntilSettled = 2;
    const result = await deploy(ctx, sm, WAIT);
    expect(result.outcome).toBe('unchanged');
    expect(ctx.progressReports[0]?.phase).toMatch(/waiting/);
  });

  it('refuses with --no-wait while an update is in progress', async () => {
    sm.seed('churn', { tags: MANAGED, status: 'Updating' });
    await expect(deploy(ctx, sm, { ...WAIT, wait: false })).rejects.toBeInstanceOf(UsageError);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('moves the name a second on when a deploy in the same second already took it', async () => {
    sm.seed('churn', { tags: MANAGED, suffix: '20261125100000' });
    ctx = testContext({ ...config, endpoint: { instanceType: 'ml.c5.large' } });
    const result = await deploy(ctx, sm, WAIT);
    expect(result.endpoint.configName).toBe('churn-20261125100001');
    expect(result.model).toBe('churn-AllTraffic-20261125100001');
  });
});

describe('deploy with endpoint.variants, data capture and autoscaling', () => {
  const ab: Config = {
    ...config,
    endpoint: {
      instanceType: 'ml.m5.large',
      variants: [
        { name: 'blue', weight: 0.9 },
        { name: 'green', weight: 0.1, instanceCount: 2, model: { image: 'img:2' } },
      ],
      dataCapture: { s3Uri: 's3://b/capture', percent: 10 },
      autoscaling: { min: 1, max: 3, invocationsPerInstance: 100 },
    },
  };

  it('creates one model per variant and one config holding both, with data capture, then registers each variant for autoscaling', async () => {
    const scaling = new FakeScaling(sm.calls);
    ctx = testContext(ab);
    const result = await deploy(ctx, sm, WAIT, scaling);
    expect(sm.mutatingCalls()).toEqual(['createModel', 'createModel', 'createEndpointConfig', 'createEndpoint', 'addTags']);
    const created = sm.configs.get('churn-20261125100000')!;
    expect(created.variants).toEqual([
      { variantName: 'blue', modelName: 'churn-blue-20261125100000', instanceType: 'ml.m5.large', initialInstanceCount: 1, initialVariantWeight: 0.9 },
      { variantName: 'green', modelName: 'churn-green-20261125100000', instanceType: 'ml.m5.large', initialInstanceCount: 2, initialVariantWeight: 0.1 },
    ]);
    expect(created.settings.DataCaptureConfig).toEqual({
      EnableCapture: true,
      InitialSamplingPercentage: 10,
      DestinationS3Uri: 's3://b/capture',
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    });
    expect(sm.models.get('churn-green-20261125100000')?.image).toBe('img:2');
    expect(sm.models.get('churn-blue-20261125100000')?.image).toBe('img:1');
    expect([...scaling.targets.keys()]).toEqual(['churn/blue', 'churn/green']);
    expect(result.plan.filter((s) => s.kind === 'model')).toHaveLength(2);
    const text = renderDeploy(result);
    expect(text).toContain('  model    blue: churn-blue-20261125100000');
    expect(text).toContain('  model    green: churn-green-20261125100000');
    sm.calls.length = 0;
    const again = renderDeploy(await deploy(ctx, sm, WAIT, scaling));
    expect(again).toContain('nothing changed');
    expect(again).toContain('  model    green: churn-green-20261125100000');
  });

  it('is unchanged on a second identical run, and updates when data capture changes', async () => {
    ctx = testContext(ab);
    await deploy(ctx, sm, WAIT);
    expect((await deploy(ctx, sm, WAIT)).outcome).toBe('unchanged');
    ctx = testContext({ ...ab, endpoint: { ...ab.endpoint, dataCapture: { s3Uri: 's3://b/capture', percent: 50 } } });
    expect((await deploy(ctx, sm, WAIT)).outcome).toBe('updated');
  });

  it('deregisters a variant the config drops before updating; the changed variants go all at once, without guardrails', async () => {
    const scaling = new FakeScaling(sm.calls);
    ctx = testContext(ab);
    await deploy(ctx, sm, WAIT, scaling);
    sm.calls.length = 0;
    ctx = testContext({ ...ab, endpoint: { ...ab.endpoint, variants: [{ name: 'green' }], deployment: { strategy: 'linear', instances: 1, bake: '5m' } } });
    await deploy(ctx, sm, WAIT, scaling);
    expect(sm.methods().filter((m) => ['deregister', 'updateEndpoint', 'register'].includes(m))).toEqual(['deregister', 'updateEndpoint', 'register']);
    expect(sm.calls.find((c) => c.method === 'updateEndpoint')?.args).toHaveLength(2);
    ctx.log.expectLog('need the same variant names', 'warn');
    expect([...scaling.targets.keys()]).toEqual(['churn/green']);
  });

  it('passes endpoint.deployment to UpdateEndpoint when the variants stay the same', async () => {
    sm.seed('churn', { tags: MANAGED });
    ctx = testContext({ ...config, model: { image: 'img:2' }, endpoint: { ...config.endpoint, deployment: { strategy: 'linear', instances: 1, bake: '5m' } } });
    await deploy(ctx, sm, WAIT);
    expect(sm.calls.find((c) => c.method === 'updateEndpoint')?.args[2]).toEqual({
      strategy: 'linear',
      size: { unit: 'instances', value: 1 },
      bakeSeconds: 300,
    });
  });

  it('names the variant that lacks an instance type', async () => {
    ctx = testContext({ ...config, endpoint: { variants: [{ name: 'blue', instanceType: 'ml.m5.large' }, { name: 'green' }] } });
    await expect(deploy(ctx, sm, WAIT)).rejects.toThrow(/endpoint\.variants\[1\]\.instanceType/);
    expect(sm.calls).toEqual([]);
  });
});

describe('deploy --protect / --unprotect', () => {
  it('tags the endpoint sagectl:protect=true on a new stack, and removes the tag again', async () => {
    const created = await deploy(ctx, sm, { ...WAIT, protect: true });
    expect(created.protected).toBe(true);
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).toMatchObject({ 'sagectl:protect': 'true' });

    const again = await deploy(ctx, sm, { ...WAIT, protect: false });
    expect(again.outcome).toBe('unchanged');
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).not.toHaveProperty('sagectl:protect');
    expect(renderDeploy(again)).toContain('no longer protected');
  });

  it('changes no protection on --dry-run', async () => {
    sm.seed('churn', { tags: MANAGED });
    await deploy(ctx, sm, { ...WAIT, dryRun: true, protect: true });
    expect(sm.mutatingCalls()).toEqual([]);
  });
});

describe('deploy repairs drift in what it owns', () => {
  it('a tag added to the config reaches the live endpoint, its config and model on a re-run of the same spec', async () => {
    await deploy(ctx, sm, WAIT);
    const live = sm.endpoints.get('churn')!.configName;
    sm.calls.length = 0;
    ctx = testContext({ ...config, tags: { team: 'ml', cost: 'c1' } });
    const again = await deploy(ctx, sm, WAIT);
    expect(again).toMatchObject({ outcome: 'unchanged', retagged: ['cost'] });
    expect(sm.mutatingCalls()).toEqual(['addTags', 'addTags', 'addTags']);
    for (const arn of [arnOf('endpoint', 'churn'), arnOf('endpoint-config', live), arnOf('model', sm.configs.get(live)!.variants[0]!.modelName)]) {
      expect(sm.tags.get(arn)).toMatchObject({ team: 'ml', cost: 'c1' });
    }
    expect(renderDeploy(again)).toContain('its tags were brought in line');
    expect(renderDeploy(again)).toContain('tags     cost set from the config');
  });

  it('a tag value changed in the config is repaired; an identical re-run sends nothing', async () => {
    await deploy(ctx, sm, WAIT);
    ctx = testContext({ ...config, tags: { team: 'data' } });
    expect((await deploy(ctx, sm, WAIT)).retagged).toEqual(['team']);
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).toMatchObject({ team: 'data' });
    sm.calls.length = 0;
    const third = await deploy(ctx, sm, WAIT);
    expect(third.retagged).toBeUndefined();
    expect(sm.mutatingCalls()).toEqual([]);
    expect(renderDeploy(third)).toContain('nothing changed');
  });

  it('a new spec with a new tag puts it on the endpoint too (the new config and model are created with it)', async () => {
    await deploy(ctx, sm, WAIT);
    ctx = testContext({ ...config, tags: { team: 'ml', cost: 'c1' }, model: { image: 'img:2', modelData: 's3://b/m.tar.gz' } });
    const updated = await deploy(ctx, sm, WAIT);
    expect(updated).toMatchObject({ outcome: 'updated', retagged: ['cost'] });
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).toMatchObject({ cost: 'c1' });
  });

  it('--dry-run names the drifted tags and sends nothing', async () => {
    await deploy(ctx, sm, WAIT);
    sm.calls.length = 0;
    ctx = testContext({ ...config, tags: { team: 'ml', cost: 'c1' } });
    expect((await deploy(ctx, sm, { ...WAIT, dryRun: true })).retagged).toEqual(['cost']);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('--protect on an endpoint already protected sends nothing; protection removed by hand is put back', async () => {
    await deploy(ctx, sm, { ...WAIT, protect: true });
    sm.calls.length = 0;
    await deploy(ctx, sm, { ...WAIT, protect: true });
    expect(sm.mutatingCalls()).toEqual([]);
    await sm.deleteTags(arnOf('endpoint', 'churn'), ['sagectl:protect']);
    sm.calls.length = 0;
    await deploy(ctx, sm, { ...WAIT, protect: true });
    expect(sm.mutatingCalls()).toEqual(['addTags']);
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).toMatchObject({ 'sagectl:protect': 'true' });
  });
});

describe('deploy --smoke-test', () => {
  const payload = { body: new TextEncoder().encode('1,2,3\n'), contentType: 'text/csv', source: 'smoke.csv' };

  it('invokes the endpoint once it is InService and records the result', async () => {
    const runtime = new FakeRuntime();
    const result = await deploy(ctx, sm, { ...WAIT, smokeTest: { runtime, payload } });
    expect(runtime.requests).toHaveLength(1);
    expect(runtime.requests[0]).toMatchObject({ endpointName: 'churn', contentType: 'text/csv' });
    expect(sm.endpoints.get('churn')?.status).toBe('InService');
    expect(result.smokeTest).toMatchObject({ passed: true, invokedVariant: 'AllTraffic' });
    expect(renderDeploy(result)).toContain('smoke    passed in 0 ms (AllTraffic)');
  });

  it('runs on an unchanged endpoint too', async () => {
    await deploy(ctx, sm, WAIT);
    const runtime = new FakeRuntime();
    const result = await deploy(ctx, sm, { ...WAIT, smokeTest: { runtime, payload } });
    expect(result.outcome).toBe('unchanged');
    expect(runtime.requests).toHaveLength(1);
  });

  it('a model error exits 4 after the deploy, leaving the endpoint for inspection', async () => {
    const runtime = new FakeRuntime();
    runtime.modelError = 'boom';
    await expect(deploy(ctx, sm, { ...WAIT, smokeTest: { runtime, payload } })).rejects.toSatisfy(
      (e) =>
        e instanceof ResourceFailedError &&
        e.exitCode === ExitCode.ResourceFailed &&
        e.message.startsWith('smoke test failed: endpoint churn') &&
        e.message.includes('boom'),
    );
    expect(sm.endpoints.get('churn')?.status).toBe('InService');
  });

  it('is refused with --no-wait before anything is sent, and skipped by --dry-run', async () => {
    const runtime = new FakeRuntime();
    await expect(deploy(ctx, sm, { ...WAIT, wait: false, smokeTest: { runtime, payload } })).rejects.toBeInstanceOf(UsageError);
    expect(sm.calls).toHaveLength(0);
    const planned = await deploy(ctx, sm, { ...WAIT, dryRun: true, smokeTest: { runtime, payload } });
    expect(planned.outcome).toBe('planned');
    expect(runtime.requests).toHaveLength(0);
  });
});

describe('deploy converges on autoscaling (issue 12, drift)', () => {
  const scaled: Config = { ...config, endpoint: { ...config.endpoint, autoscaling: { min: 1, max: 4, invocationsPerInstance: 200 } } };

  it('registers again a scalable target someone deregistered, and reports it; the next deploy changes nothing', async () => {
    const scaling = new FakeScaling(sm.calls);
    ctx = testContext(scaled);
    await deploy(ctx, sm, WAIT, scaling);
    scaling.targets.clear(); // deregistered outside sagectl
    sm.calls.length = 0;
    const repaired = await deploy(ctx, sm, WAIT, scaling);
    expect(repaired).toMatchObject({ outcome: 'repaired', autoscaling: { repaired: ['AllTraffic'] } });
    expect([...scaling.targets.entries()]).toEqual([['churn/AllTraffic', { min: 1, max: 4, invocationsPerInstance: 200 }]]);
    expect(sm.mutatingCalls()).toEqual([]);
    expect(renderDeploy(repaired)).toContain('autoscaling had drifted and was repaired');
    sm.calls.length = 0;
    expect((await deploy(ctx, sm, WAIT, scaling)).outcome).toBe('unchanged');
    expect(sm.calls.map((c) => c.method)).not.toContain('register');
  });

  it('registers again when the limits differ from the config', async () => {
    const scaling = new FakeScaling(sm.calls);
    ctx = testContext(scaled);
    await deploy(ctx, sm, WAIT, scaling);
    scaling.targets.set('churn/AllTraffic', { min: 1, max: 1, invocationsPerInstance: 200 });
    expect((await deploy(ctx, sm, WAIT, scaling)).outcome).toBe('repaired');
    expect(scaling.targets.get('churn/AllTraffic')).toEqual({ min: 1, max: 4, invocationsPerInstance: 200 });
  });

  it('--dry-run repairs nothing, and plans the registration rather than saying nothing would change', async () => {
    const scaling = new FakeScaling(sm.calls);
    ctx = testContext(scaled);
    await deploy(ctx, sm, WAIT, scaling);
    scaling.targets.clear();
    sm.calls.length = 0;
    const plan = await deploy(ctx, sm, { ...WAIT, dryRun: true }, scaling);
    expect(plan).toMatchObject({ outcome: 'planned', plan: [{ action: 'register', kind: 'scalable-target', name: 'endpoint/churn/variant/AllTraffic' }] });
    expect(renderDeploy(plan)).toContain('register scalable-target endpoint/churn/variant/AllTraffic');
    expect(scaling.targets.size).toBe(0);
    expect(sm.methods()).not.toContain('register');
  });
});

describe('deploy and git', () => {
  it('reads the git commit once, through the context, and tags with it', async () => {
    const reads: number[] = [];
    const withGit = testContext(config, {
      git: () => {
        reads.push(1);
        return Promise.resolve({ commit: 'abc123', dirty: false });
      },
    });
    await deploy(withGit, sm, WAIT);
    expect(reads).toHaveLength(1);
    const tagged = sm.calls.find((c) => c.method === 'createEndpoint');
    expect(JSON.stringify(tagged?.args)).toContain('abc123');
  });

  it('a status never reads git', async () => {
    const { status } = await import('../../../../src/commands/status/index.js');
    await status(ctx, sm, {});
    expect(ctx.gitReads()).toBe(0);
  });
});

describe('deploy refused half-way: no orphans left unmentioned', () => {
  const refused = (operation: string): AwsRequestError => new AwsRequestError(operation, 'ResourceLimitExceeded', 'account limit reached');

  it('CreateEndpointConfig refused: the model created a moment before is removed, and the error says so (exit 3)', async () => {
    sm.failing.set('createEndpointConfig', refused('CreateEndpointConfig'));
    const error = (await deploy(ctx, sm, WAIT).catch((e: unknown) => e)) as SagectlError;
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain('CreateEndpointConfig was refused');
    expect(error.message).toContain('removed what this run had created: model churn-AllTraffic-20261125100000');
    expect([...sm.models.keys()]).toEqual([]);
    expect(sm.mutatingCalls()).toEqual(['createModel', 'createEndpointConfig', 'deleteModel']);
  });

  it('CreateEndpoint refused: config and model are removed, newest first', async () => {
    sm.failing.set('createEndpoint', refused('CreateEndpoint'));
    const error = (await deploy(ctx, sm, WAIT).catch((e: unknown) => e)) as SagectlError;
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(sm.mutatingCalls()).toEqual(['createModel', 'createEndpointConfig', 'createEndpoint', 'deleteEndpointConfig', 'deleteModel']);
    expect(sm.models.size + sm.configs.size).toBe(0);
  });

  it('when the removal is refused too, the error names what was left and the command that removes it', async () => {
    sm.failing.set('createEndpointConfig', refused('CreateEndpointConfig'));
    sm.failing.set('deleteModel', refused('DeleteModel'));
    const error = (await deploy(ctx, sm, WAIT).catch((e: unknown) => e)) as SagectlError;
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain('left what this run created: model churn-AllTraffic-20261125100000');
    expect(error.resolution).toContain('aws sagemaker delete-model --model-name churn-AllTraffic-20261125100000');
  });

  it('an update refused at its endpoint config leaves the live endpoint, its config and model untouched', async () => {
    const seeded = sm.seed('churn', { tags: MANAGED, image: 'img:0' });
    sm.failing.set('createEndpointConfig', refused('CreateEndpointConfig'));
    await deploy(ctx, sm, WAIT).catch(() => undefined);
    expect([...sm.models.keys()]).toEqual([seeded.model]);
    expect([...sm.configs.keys()]).toEqual([seeded.config]);
    expect(sm.endpoints.get('churn')?.configName).toBe(seeded.config);
  });
});
