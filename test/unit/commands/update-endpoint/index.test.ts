import { beforeEach, describe, expect, it } from 'vitest';
import { renderUpdateEndpoint, updateEndpoint, type UpdateEndpointOptions } from '../../../../src/commands/update-endpoint/index.js';
import { parseUpdateFlags } from '../../../../src/commands/update-endpoint/flags.js';
import type { UpdateEndpointFlags } from '../../../../src/commands/update-endpoint/cli.js';
import type { Config } from '../../../../src/core/schema.js';
import { ExitCode, ResourceFailedError, UsageError } from '../../../../src/core/errors.js';
import type { EndpointConfigSettings } from '../../../../src/services/sagemaker.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { FakeRuntime } from '../../helpers/fake-runtime.js';
import { FakeRegistry } from '../../helpers/fake-registry.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const ROLE = 'arn:aws:iam::123456789012:role/R';
const MANAGED = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
const config: Config = { name: 'churn', role: ROLE, tags: { team: 'ml' } };
const NEW_MODEL: UpdateEndpointOptions = {
  action: { kind: 'new-model', source: { modelData: 's3://b/v2.tar.gz' } },
  keep: 1,
  recreate: false,
  wait: true,
  timeoutMs: 3_600_000,
  dryRun: false,
};
const NEW_CONFIG = 'churn-20261125100000';
const NEW_MODEL_NAME = 'churn-AllTraffic-20261125100000';

let sm: FakeSageMaker;
let scaling: FakeScaling;
let ctx: TestContext;
const run = (options: Partial<UpdateEndpointOptions> = {}, c: TestContext = ctx) => updateEndpoint(c, { sagemaker: sm, scaling }, { ...NEW_MODEL, ...options });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e as Error,
  );

beforeEach(() => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
  ctx = testContext(config);
});

describe('update-endpoint with a new model', () => {
  it('creates a tagged model and config, updates in place, waits, and keeps the previous config', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    const result = await run();

    // addTags: the seeded config (no record) served until now, the new one from now (see endpoint/history.ts).
    expect(sm.mutatingCalls()).toEqual(['createModel', 'createEndpointConfig', 'addTags', 'updateEndpoint', 'addTags']);
    expect(sm.endpoints.get('churn')?.configName).toBe(NEW_CONFIG);
    expect(sm.models.get(NEW_MODEL_NAME)).toMatchObject({ image: 'img:1', modelDataUrl: 's3://b/v2.tar.gz', executionRoleArn: ROLE });
    expect(sm.tags.get(arnOf('model', NEW_MODEL_NAME))).toMatchObject({ ...MANAGED, team: 'ml' });
    expect(sm.configs.has(old.config) && sm.models.has(old.model)).toBe(true);
    expect(result).toMatchObject({ outcome: 'updated', endpoint: { status: 'InService', configName: NEW_CONFIG, previousConfig: old.config }, removed: [] });
    expect(ctx.progressReports.map((p) => p.status)).toEqual(['Updating', 'InService']);
    expect(renderUpdateEndpoint(result)).toContain(`(was ${old.config})`);
  });

  it('changes nothing when the variant already runs that model', async () => {
    sm.seed('churn', { tags: MANAGED });
    const result = await run({ action: { kind: 'new-model', source: { modelData: 's3://b/m.tar.gz' } } });
    expect(result.outcome).toBe('unchanged');
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('--dry-run plans and sends no mutating request', async () => {
    sm.seed('churn', { tags: MANAGED });
    const result = await run({ dryRun: true });
    expect(result.plan.map((s) => `${s.action} ${s.kind}`)).toEqual(['create model', 'create endpoint-config', 'update endpoint']);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('passes the deployment (strategy, size, bake, alarms) to UpdateEndpoint', async () => {
    sm.seed('churn', { tags: MANAGED });
    const deployment = { strategy: 'canary' as const, size: { unit: 'percent' as const, value: 10 }, bakeSeconds: 600, rollbackAlarms: ['churn-5xx'] };
    const result = await run({ deployment });
    expect(sm.calls.find((c) => c.method === 'updateEndpoint')?.args).toEqual(['churn', NEW_CONFIG, deployment]);
    expect(renderUpdateEndpoint(result)).toContain('canary, rollback on churn-5xx');
  });

  it('asks which variant gets the model when there are several', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    const c = sm.configs.get(old.config)!;
    c.variants.push({ ...c.variants[0]!, variantName: 'green' });
    const error = await failure(run());
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('--variant');
    await run({ action: { kind: 'new-model', source: { modelData: 's3://b/v2.tar.gz' }, variant: 'green' } });
    expect(sm.configs.get('churn-20261125100000')?.variants.map((v) => v.modelName)).toEqual([old.model, 'churn-green-20261125100000']);
  });
});

describe('carry-over of the live config', () => {
  const settings: [string, EndpointConfigSettings][] = [
    [
      'data capture',
      {
        DataCaptureConfig: {
          EnableCapture: true,
          InitialSamplingPercentage: 20,
          DestinationS3Uri: 's3://b/capture',
          CaptureOptions: [{ CaptureMode: 'Input' }],
        },
      },
    ],
    ['KMS key', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' }],
    ['async inference config', { AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://b/async/' } } }],
    ['explainer config', { ExplainerConfig: { ClarifyExplainerConfig: { ShapConfig: { ShapBaselineConfig: { ShapBaseline: '1,2' } } } } }],
  ];
  it.each(settings)('keeps the %s', async (_name, setting) => {
    sm.seed('churn', { tags: MANAGED, settings: setting });
    await run();
    expect(sm.configs.get(NEW_CONFIG)?.settings).toEqual(setting);
  });

  it('keeps a serverless variant serverless, with its memory, concurrency and provisioned concurrency', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    const serverless = { memoryMB: 2048, maxConcurrency: 5, provisionedConcurrency: 2 };
    sm.configs.get(old.config)!.variants = [{ variantName: 'AllTraffic', modelName: old.model, serverless, initialVariantWeight: 1 }];
    await run();
    expect(sm.configs.get(NEW_CONFIG)?.variants).toEqual([{ variantName: 'AllTraffic', modelName: NEW_MODEL_NAME, serverless, initialVariantWeight: 1 }]);
  });

  it('keeps the instance type, the instance count the endpoint has now, and variant settings sagectl does not model', async () => {
    const old = sm.seed('churn', { tags: MANAGED, instanceType: 'ml.c5.xlarge' });
    sm.configs.get(old.config)!.variants[0]!.passthrough = { VolumeSizeInGB: 64, ContainerStartupHealthCheckTimeoutInSeconds: 600 };
    sm.endpoints.get('churn')!.live.set('AllTraffic', { count: 3 }); // autoscaling moved it from 1 to 3
    await run();
    expect(sm.configs.get(NEW_CONFIG)?.variants[0]).toEqual({
      variantName: 'AllTraffic',
      modelName: NEW_MODEL_NAME,
      instanceType: 'ml.c5.xlarge',
      initialInstanceCount: 3,
      initialVariantWeight: 1,
      passthrough: { VolumeSizeInGB: 64, ContainerStartupHealthCheckTimeoutInSeconds: 600 },
    });
  });

  it("keeps the live config's user tags, with sagectl's on top", async () => {
    const old = sm.seed('churn', { tags: { ...MANAGED, 'cost-center': 'cc-7', 'sagectl:version': '0.0.1' } });
    await run();
    expect(sm.tags.get(arnOf('endpoint-config', NEW_CONFIG))).toMatchObject({
      ...MANAGED,
      team: 'ml',
      'cost-center': 'cc-7',
      'sagectl:version': expect.not.stringMatching(/^0\.0\.1$/) as string,
    });
    expect(old).toBeDefined();
  });

  it('puts endpoint.dataCapture into the new config when the config sets it', async () => {
    sm.seed('churn', { tags: MANAGED, settings: { KmsKeyId: 'k' } });
    ctx = testContext({ ...config, endpoint: { dataCapture: { s3Uri: 's3://b/capture', percent: 50, captureContent: ['output'] } } });
    await run();
    expect(sm.configs.get(NEW_CONFIG)?.settings).toEqual({
      KmsKeyId: 'k',
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 50,
        DestinationS3Uri: 's3://b/capture',
        CaptureOptions: [{ CaptureMode: 'Output' }],
      },
    });
  });
});

describe('rollback detection', () => {
  it('exits 4 naming the reason and the alarms, and removes what it created', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.nextOutcome = 'RollBack';
    sm.rollbackReason = 'Alarm churn-5xx went into ALARM state during the canary; rolled back.';
    const error = await failure(run({ deployment: { strategy: 'canary', size: { unit: 'percent', value: 10 }, rollbackAlarms: ['churn-5xx'] } }));
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect((error as ResourceFailedError).exitCode).toBe(ExitCode.ResourceFailed);
    expect(error.message).toMatch(
      new RegExp(`rolled back; it still runs ${old.config} \\(model ${old.model}\\): Alarm churn-5xx.*rollback alarms watched: churn-5xx`),
    );
    expect([...sm.configs.keys()]).toEqual([old.config]);
    expect([...sm.models.keys()]).toEqual([old.model]);
  });
});

describe('refusals before an update', () => {
  it.each(['Updating', 'Creating', 'SystemUpdating'] as const)('waits for an endpoint that is %s, then updates', async (status) => {
    sm.seed('churn', { tags: MANAGED, status });
    sm.endpoints.get('churn')!.checksUntilSettled = 2;
    await run();
    expect(ctx.progressReports[0]?.phase).toMatch(/^waiting/);
    expect(sm.endpoints.get('churn')?.configName).toBe(NEW_CONFIG);
  });

  it.each(['Updating', 'Creating'] as const)('exits 2 with --no-wait on an endpoint that is %s, sending nothing', async (status) => {
    sm.seed('churn', { tags: MANAGED, status });
    const error = await failure(run({ wait: false }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain(status);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('explains that a Failed endpoint must be recreated, with --recreate', async () => {
    sm.seed('churn', { tags: MANAGED, status: 'Failed' });
    const error = await failure(run());
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect(error.message).toContain('cannot be updated, only recreated');
    expect((error as ResourceFailedError).resolution).toContain('--recreate');
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('--recreate deletes the Failed endpoint and deploys from the config', async () => {
    sm.seed('churn', { tags: MANAGED, status: 'Failed' });
    ctx = testContext({ ...config, model: { image: 'img:2', modelData: 's3://b/m.tar.gz' }, endpoint: { instanceType: 'ml.m5.large' } });
    const result = await run({ recreate: true });
    expect(sm.mutatingCalls().slice(0, 4)).toEqual(['deleteEndpoint', 'createModel', 'createEndpointConfig', 'createEndpoint']);
    expect(result).toMatchObject({ outcome: 'recreated', endpoint: { status: 'InService' } });
  });

  it('--recreate refuses an endpoint in service (it would take it down)', async () => {
    sm.seed('churn', { tags: MANAGED });
    await expect(run({ recreate: true })).rejects.toBeInstanceOf(UsageError);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('refuses an endpoint being deleted, a missing one, and one sagectl does not manage', async () => {
    await expect(run()).rejects.toThrow(/has no endpoint/);
    sm.seed('churn', { tags: MANAGED, status: 'Deleting' });
    await expect(run()).rejects.toThrow(/being deleted/);
    sm.seed('churn', { tags: { owner: 'x' } });
    await expect(run()).rejects.toThrow(/not managed by sagectl/);
    expect(sm.mutatingCalls()).toEqual([]);
  });
});

describe('cleanup with --keep', () => {
  /** Three earlier deploys' configs and models, oldest first; the last one is live. */
  function history(): string[] {
    for (const suffix of ['20261101000000', '20261102000000', '20261103000000']) sm.seed('churn', { tags: MANAGED, suffix });
    return ['20261101000000', '20261102000000', '20261103000000'];
  }

  it.each([
    [0, []],
    [1, ['20261103000000']],
    [2, ['20261103000000', '20261102000000']],
  ])('--keep %i keeps the current config and exactly the newest %j before it, with their models', async (keep, kept) => {
    history();
    await run({ keep });
    expect([...sm.configs.keys()].sort()).toEqual([NEW_CONFIG, ...kept.map((s) => `churn-${s}`)].sort());
    expect([...sm.models.keys()].sort()).toEqual([NEW_MODEL_NAME, ...kept.map((s) => `churn-AllTraffic-${s}`)].sort());
  });

  it('never removes a config or model that sagectl does not manage', async () => {
    history();
    sm.tags.set(arnOf('endpoint-config', 'churn-20261101000000'), { 'sagectl:stack': 'churn' });
    await run({ keep: 0 });
    expect(sm.configs.has('churn-20261101000000')).toBe(true);
    expect(sm.models.has('churn-AllTraffic-20261101000000')).toBe(true); // its config still uses it
  });
});

describe('--rollback', () => {
  it('returns to the previous retained config, and back again', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    await run();
    const back = await run({ action: { kind: 'rollback' } });
    expect(back).toMatchObject({ outcome: 'updated', endpoint: { configName: old.config, previousConfig: NEW_CONFIG } });
    expect(sm.configs.has(NEW_CONFIG)).toBe(true); // kept for a roll forward
    const forward = await run({ action: { kind: 'rollback' } });
    expect(forward.endpoint.configName).toBe(NEW_CONFIG);
  });

  it('to a config whose model is a package but no registry version, drops the version tags (never claims v0)', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    const unversioned = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-marketplace';
    sm.models.set(old.model, { ...sm.models.get(old.model)!, modelPackageArn: unversioned });
    await run();
    sm.tags.set(arnOf('endpoint', 'churn'), { ...sm.tags.get(arnOf('endpoint', 'churn')), 'sagectl:model-version': '7' });
    const back = await run({ action: { kind: 'rollback' } });
    expect(back.endpoint.configName).toBe(old.config);
    expect(sm.tags.get(arnOf('endpoint', 'churn'))?.['sagectl:model-version']).toBeUndefined();
  });

  it('refuses when no previous config is kept', async () => {
    sm.seed('churn', { tags: MANAGED });
    await expect(run({ action: { kind: 'rollback' } })).rejects.toThrow(/no config before/);
    expect(sm.mutatingCalls()).toEqual([]);
  });
});

describe('A/B variants', () => {
  it('--add-variant creates a config with the current variants (at their current weights) plus the new one', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.endpoints.get('churn')!.live.set('AllTraffic', { weight: 0.8, count: 2 });
    await run({ action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1 } });
    expect(sm.configs.get(NEW_CONFIG)?.variants).toEqual([
      { variantName: 'AllTraffic', modelName: old.model, instanceType: 'ml.m5.large', initialInstanceCount: 2, initialVariantWeight: 0.8 },
      { variantName: 'green', modelName: 'churn-green-20261125100000', instanceType: 'ml.m5.large', initialInstanceCount: 2, initialVariantWeight: 0.1 },
    ]);
    expect(sm.models.get('churn-green-20261125100000')).toMatchObject({ image: 'img:2', modelDataUrl: 's3://b/m.tar.gz' });
    expect(sm.models.has(old.model)).toBe(true);
  });

  it("--add-variant takes the first live variant's instance type unless --instance-type names one, and never makes one up", async () => {
    sm.seed('churn', { tags: MANAGED, instanceType: 'ml.c5.xlarge' });
    await run({ action: { kind: 'add-variant', source: {}, name: 'green', weight: 0.1 } });
    expect(sm.configs.get(NEW_CONFIG)?.variants[1]).toMatchObject({ variantName: 'green', instanceType: 'ml.c5.xlarge' });
    ctx.clock.advance(60_000);
    await run({ action: { kind: 'add-variant', source: {}, name: 'blue', weight: 0.1, instanceType: 'ml.g5.xlarge' } });
    expect(sm.configs.get(sm.endpoints.get('churn')!.configName)?.variants.at(-1)).toMatchObject({ variantName: 'blue', instanceType: 'ml.g5.xlarge' });
    // A first variant with no instance type and no serverless config: nothing to copy, so exit 2 rather than a guess.
    const config = sm.configs.get(sm.endpoints.get('churn')!.configName)!;
    const { instanceType: _dropped, ...bare } = config.variants[0]!;
    sm.configs.set(config.name, { ...config, variants: [bare, ...config.variants.slice(1)] });
    sm.calls.length = 0;
    ctx.clock.advance(60_000);
    await expect(run({ action: { kind: 'add-variant', source: {}, name: 'red', weight: 0.1 } })).rejects.toThrow(/has no instance type to copy/);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('--weights shifts traffic in place, with no new config', async () => {
    sm.seed('churn', { tags: MANAGED });
    await run({ action: { kind: 'add-variant', source: {}, name: 'green', weight: 0.1 } });
    sm.calls.length = 0;
    const result = await run({
      action: {
        kind: 'traffic',
        weights: new Map([
          ['AllTraffic', 0.5],
          ['green', 0.5],
        ]),
      },
    });
    expect(sm.mutatingCalls()).toEqual(['updateWeightsAndCapacities']);
    expect(sm.calls.find((c) => c.method === 'updateWeightsAndCapacities')?.args[1]).toEqual([
      { variantName: 'AllTraffic', weight: 0.5 },
      { variantName: 'green', weight: 0.5 },
    ]);
    expect(result.variants.map((v) => [v.name, v.weight])).toEqual([
      ['AllTraffic', 0.5],
      ['green', 0.5],
    ]);
  });

  it('--instances changes one variant’s count in place', async () => {
    sm.seed('churn', { tags: MANAGED });
    const result = await run({ action: { kind: 'traffic', instances: new Map([['AllTraffic', 3]]) } });
    expect(sm.calls.find((c) => c.method === 'updateWeightsAndCapacities')?.args[1]).toEqual([{ variantName: 'AllTraffic', instanceCount: 3 }]);
    expect(result.variants[0]).toMatchObject({ instanceCount: 3 });
  });

  it('a variant of one instance reads "1 instance", not "1 instances"', async () => {
    sm.seed('churn', { tags: MANAGED });
    const result = await run({ action: { kind: 'traffic', instances: new Map([['AllTraffic', 1]]) } });
    expect(renderUpdateEndpoint(result)).toMatch(/variant {2}AllTraffic: weight [\d.?]+, 1 instance(,|$)/m);
  });

  it('refuses an unknown variant and weights that leave every variant at 0, sending nothing', async () => {
    sm.seed('churn', { tags: MANAGED });
    await expect(run({ action: { kind: 'traffic', weights: new Map([['blue', 1]]) } })).rejects.toThrow(/no variant "blue" \(it has AllTraffic\)/);
    await expect(run({ action: { kind: 'traffic', weights: new Map([['AllTraffic', 0]]) } })).rejects.toThrow(/every variant would have weight 0/);
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('--promote sends all traffic to the winner, then rolls out a config with it alone and removes the loser', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    await run({ action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1 } });
    sm.calls.length = 0;
    const result = await run({ action: { kind: 'promote', name: 'green' } });
    expect(sm.mutatingCalls()).toEqual(['updateWeightsAndCapacities', 'createEndpointConfig', 'updateEndpoint', 'addTags', 'deleteEndpointConfig']);
    expect(sm.calls.find((c) => c.method === 'updateWeightsAndCapacities')?.args[1]).toEqual([
      { variantName: 'AllTraffic', weight: 0 },
      { variantName: 'green', weight: 1 },
    ]);
    const live = sm.configs.get(sm.endpoints.get('churn')!.configName)!;
    expect(live.variants).toEqual([expect.objectContaining({ variantName: 'green', modelName: 'churn-green-20261125100000', initialVariantWeight: 1 })]);
    // The A/B config is kept for rollback, and with it the blue model it uses; the first config goes.
    expect(sm.configs.has(old.config)).toBe(false);
    expect(sm.models.has(old.model)).toBe(true);
    expect(result.variants.map((v) => v.name)).toEqual(['green']);
  });
});

describe('autoscaling', () => {
  it('deregisters a variant the update removes before UpdateEndpoint, and registers the rest after', async () => {
    sm.seed('churn', { tags: MANAGED });
    ctx = testContext({ ...config, endpoint: { autoscaling: { min: 1, max: 4, invocationsPerInstance: 200 } } });
    await run({ action: { kind: 'add-variant', source: {}, name: 'green', weight: 0.5 } });
    expect([...scaling.targets.keys()]).toEqual(['churn/AllTraffic', 'churn/green']);
    sm.calls.length = 0;
    await run({ action: { kind: 'promote', name: 'green' } });
    const order = sm.calls.map((c) => c.method).filter((m) => ['deregister', 'updateEndpoint', 'register'].includes(m));
    expect(order).toEqual(['deregister', 'updateEndpoint', 'register']);
    expect(sm.calls.find((c) => c.method === 'deregister')?.args).toEqual(['churn', 'AllTraffic']);
    expect([...scaling.targets.entries()]).toEqual([['churn/green', { min: 1, max: 4, invocationsPerInstance: 200 }]]);
  });
});

describe('flags', () => {
  const flags = (f: Partial<UpdateEndpointFlags>): UpdateEndpointFlags => ({ keep: '1', wait: true, timeout: '2h', ...f });
  it.each([
    [{ weights: 'a=1', promote: 'b' }, /different actions/],
    [{ rollback: true, modelData: 's3://b/m.tar.gz' }, /takes no --model-data/],
    [{ modelData: 's3://b/m', fromTrainingJob: 'latest' }, /give one/],
    [{ modelData: 'http://x' }, /--model-data: expected an S3 URI/],
    [{ addVariant: 'green' }, /needs --weight/],
    [{ addVariant: 'g_reen', weight: '0.1' }, /not a valid variant name/],
    [{ addVariant: 'x'.repeat(28), weight: '0.1' }, /at most 27/],
    [{ weight: '0.1' }, /--add-variant adds/],
    [{ weights: 'a=-1' }, /a number of 0 or more/],
    [{ weights: 'a=0,b=0' }, /all weights are 0/],
    [{ weights: 'a=1,a=2' }, /named twice/],
    [{ weights: 'a' }, /name=value/],
    [{ instances: 'a=0' }, /whole number from 1 to 100/],
    [{ keep: '-1' }, /--keep/],
    [{ timeout: '30' }, /--timeout/],
    [{ recreate: true, rollback: true }, /does not go with --rollback/],
    [{ weights: 'a=1', strategy: 'canary' }, /deployment flags .* do not apply/],
    [{ rollbackOnSmokeFailure: true }, /needs --smoke-test FILE/],
    [{ weights: 'a=1', smokeTest: 's.csv', rollbackOnSmokeFailure: true }, /--weights and --instances change no config/],
    [{ recreate: true, smokeTest: 's.csv', rollbackOnSmokeFailure: true }, /--recreate replaces a failed endpoint/],
  ] as const)('refuses %j before any request', (f, message) => {
    expect(() => parseUpdateFlags(flags(f as Partial<UpdateEndpointFlags>))).toThrow(message);
  });

  it('parses each action', () => {
    expect(parseUpdateFlags(flags({ fromTrainingJob: 'latest' })).action).toEqual({ kind: 'new-model', source: { trainingJob: 'latest' } });
    expect(parseUpdateFlags(flags({ addVariant: 'green', weight: '0.1', instanceCount: '2' })).action).toEqual({
      kind: 'add-variant',
      source: {},
      name: 'green',
      weight: 0.1,
      instanceCount: 2,
    });
    expect(parseUpdateFlags(flags({ weights: 'blue=0.9, green=0.1' })).action).toEqual({
      kind: 'traffic',
      weights: new Map([
        ['blue', 0.9],
        ['green', 0.1],
      ]),
    });
    expect(parseUpdateFlags(flags({ promote: 'green', keep: '3' }))).toMatchObject({ action: { kind: 'promote', name: 'green' }, keep: 3 });
  });
});

describe('autoscaling and instance types', () => {
  it('deregisters a variant whose instance type the update changes, since SageMaker refuses that update otherwise', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    await scaling.register('churn', 'AllTraffic', { min: 1, max: 2, invocationsPerInstance: 50 });
    // A rollback target on another instance type.
    sm.configs.set('churn-20261020000000', {
      ...sm.configs.get(old.config)!,
      name: 'churn-20261020000000',
      arn: arnOf('endpoint-config', 'churn-20261020000000'),
      variants: [{ ...sm.configs.get(old.config)!.variants[0]!, instanceType: 'ml.c5.large' }],
    });
    sm.tags.set(arnOf('endpoint-config', 'churn-20261020000000'), MANAGED);
    await run({ action: { kind: 'rollback' } });
    expect(sm.calls.find((c) => c.method === 'deregister')?.args).toEqual(['churn', 'AllTraffic']);
  });

  it('keeps a variant registered when only its model changes', async () => {
    sm.seed('churn', { tags: MANAGED });
    await scaling.register('churn', 'AllTraffic', { min: 1, max: 2, invocationsPerInstance: 50 });
    await run();
    expect(sm.calls.some((c) => c.method === 'deregister')).toBe(false);
  });
});

describe('deployment guardrails and variant names', () => {
  it('sends no DeploymentConfig when the variants change (SageMaker needs the same names), and says so', async () => {
    sm.seed('churn', { tags: MANAGED });
    await run({
      action: { kind: 'add-variant', source: {}, name: 'green', weight: 0.1 },
      deployment: { strategy: 'canary', size: { unit: 'percent', value: 10 } },
    });
    expect(sm.calls.find((c) => c.method === 'updateEndpoint')?.args).toEqual(['churn', NEW_CONFIG]);
    ctx.log.expectLog('shifts traffic all at once', 'warn');
  });

  it('reports the rollout that ran: a canary dropped because the variants change is not in the result', async () => {
    sm.seed('churn', { tags: MANAGED });
    const result = await run({
      action: { kind: 'add-variant', source: {}, name: 'green', weight: 0.1 },
      deployment: { strategy: 'canary', size: { unit: 'percent', value: 10 } },
    });
    expect(result.deployment).toBeUndefined();
    expect(renderUpdateEndpoint(result)).not.toMatch(/canary/);
  });
});

describe('sameData', () => {
  it('ignores key order and undefined fields, not values', async () => {
    const { sameData } = await import('../../../../src/commands/endpoint/next-config.js');
    expect(sameData({ a: 1, b: [{ x: 1, y: 2 }] }, { b: [{ y: 2, x: 1 }], a: 1, c: undefined })).toBe(true);
    expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameData(undefined, {})).toBe(false);
    expect(sameData(undefined, undefined)).toBe(true);
  });
});

describe('--smoke-test and --rollback-on-smoke-failure', () => {
  const payload = { body: new TextEncoder().encode('1,2,3\n'), contentType: 'text/csv', source: 'smoke.csv' };
  let runtime: FakeRuntime;
  const smoke = (rollback = false) => ({ smokeTest: { runtime, payload, rollback } });
  beforeEach(() => {
    runtime = new FakeRuntime();
  });

  it('invokes the variant with the new model once it is InService, and records the result', async () => {
    sm.seed('churn', { tags: MANAGED });
    const result = await run(smoke());
    expect(runtime.requests).toEqual([expect.objectContaining({ endpointName: 'churn', contentType: 'text/csv', variant: 'AllTraffic' })]);
    expect(result).toMatchObject({ outcome: 'updated', smokeTest: { passed: true, invokedVariant: 'AllTraffic' } });
    expect(renderUpdateEndpoint(result)).toContain('smoke    passed in 0 ms (AllTraffic)');
  });

  it('aims at the variant --add-variant adds, not the one most traffic goes to', async () => {
    sm.seed('churn', { tags: MANAGED });
    await run({ action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1 }, ...smoke() });
    expect(runtime.requests.map((r) => r.variant)).toEqual(['green']);
  });

  it('tests an endpoint that changes no config too (weights in place, nothing to do)', async () => {
    sm.seed('churn', { tags: MANAGED });
    const unchanged = await run({ action: { kind: 'new-model', source: { modelData: 's3://b/m.tar.gz' } }, ...smoke() });
    expect(unchanged).toMatchObject({ outcome: 'unchanged', smokeTest: { passed: true } });
    await run({ action: { kind: 'traffic', instances: new Map([['AllTraffic', 2]]) }, ...smoke() });
    expect(runtime.requests).toHaveLength(2);
  });

  it('a failure without --rollback-on-smoke-failure exits 4 and leaves the new config serving, cleaned up as usual', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    runtime.modelError = 'boom';
    const error = await failure(run(smoke()));
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect((error as ResourceFailedError).exitCode).toBe(ExitCode.ResourceFailed);
    expect(error.message).toMatch(/^smoke test failed: endpoint churn.*boom/s);
    expect((error as ResourceFailedError).resolution).toContain('sagectl update-endpoint churn --rollback');
    expect(sm.endpoints.get('churn')?.configName).toBe(NEW_CONFIG);
    expect(sm.configs.has(old.config)).toBe(true); // kept for --rollback
  });

  it('--rollback-on-smoke-failure puts the previous config back, removes what the run created, and still exits 4', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    runtime.modelError = 'boom';
    const error = await failure(run(smoke(true)));
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect((error as ResourceFailedError).exitCode).toBe(ExitCode.ResourceFailed);
    expect(error.message).toContain('boom');
    expect(error.message).toContain(`endpoint churn was rolled back to ${old.config}`);
    expect(sm.endpoints.get('churn')).toMatchObject({ configName: old.config, status: 'InService' });
    expect(sm.calls.filter((c) => c.method === 'updateEndpoint').map((c) => c.args[1])).toEqual([NEW_CONFIG, old.config]);
    expect(sm.configs.has(NEW_CONFIG) || sm.models.has(NEW_MODEL_NAME)).toBe(false);
    expect(sm.configs.has(old.config) && sm.models.has(old.model)).toBe(true);
    ctx.log.expectLog(`rolling endpoint churn back to ${old.config}`, 'warn');
  });

  it('--rollback-on-smoke-failure even with --keep 0: the smoke test runs before the cleanup', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    runtime.modelError = 'boom';
    await failure(run({ keep: 0, ...smoke(true) }));
    expect(sm.endpoints.get('churn')?.configName).toBe(old.config);
  });

  it('an A/B variant that fails its smoke test is rolled back with its autoscaling', async () => {
    sm.seed('churn', { tags: MANAGED });
    ctx = testContext({ ...config, endpoint: { autoscaling: { min: 1, max: 4, invocationsPerInstance: 200 } } });
    await scaling.register('churn', 'AllTraffic', { min: 1, max: 4, invocationsPerInstance: 200 });
    runtime.modelError = 'boom';
    await failure(run({ action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1 }, ...smoke(true) }));
    expect(sm.configs.get(sm.endpoints.get('churn')!.configName)?.variants.map((v) => v.variantName)).toEqual(['AllTraffic']);
    expect([...scaling.targets.keys()]).toEqual(['churn/AllTraffic']);
    expect(sm.models.has('churn-green-20261125100000')).toBe(false);
  });

  it('is refused with --no-wait before any request, and skipped by --dry-run', async () => {
    sm.seed('churn', { tags: MANAGED });
    await expect(run({ wait: false, ...smoke() })).rejects.toBeInstanceOf(UsageError);
    expect(sm.calls).toHaveLength(0);
    expect((await run({ dryRun: true, ...smoke() })).smokeTest).toBeUndefined();
    expect(runtime.requests).toHaveLength(0);
  });
});

describe('update-endpoint with a registered version', () => {
  const version = (
    kind: 'model-version' | 'to-version',
    ref: number | 'latest-approved',
    extra: Partial<UpdateEndpointOptions> = {},
  ): Partial<UpdateEndpointOptions> => ({
    action: { kind: 'new-model', source: { version: ref, versionFlag: `--${kind}` } },
    ...extra,
  });
  const withRegistry = (registry: FakeRegistry, options: Partial<UpdateEndpointOptions>) =>
    updateEndpoint(ctx, { sagemaker: sm, scaling, registry }, { ...NEW_MODEL, ...options });

  it('--model-version latest-approved puts the package on the variant, tags model and endpoint, and says so', async () => {
    sm.seed('churn', { tags: MANAGED });
    const registry = new FakeRegistry();
    const v1 = registry.seed('churn', 'Approved');
    registry.seed('churn', 'PendingManualApproval');
    const result = await withRegistry(registry, version('model-version', 'latest-approved'));
    expect(result).toMatchObject({ outcome: 'updated', modelVersion: 1 });
    const model = sm.models.get(NEW_MODEL_NAME);
    expect(model).toMatchObject({ modelPackageArn: v1.arn, executionRoleArn: ROLE });
    expect(model?.modelDataUrl).toBeUndefined();
    expect(sm.tags.get(arnOf('model', NEW_MODEL_NAME))).toMatchObject({ ...MANAGED, 'sagectl:model-version': '1', 'sagectl:model-package-arn': v1.arn });
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).toMatchObject({ 'sagectl:model-version': '1', 'sagectl:model-package-arn': v1.arn });
    expect(renderUpdateEndpoint(result)).toContain('version  v1 of churn');
  });

  it('a version that is not Approved is refused before anything is created (exit 2), unless allowed', async () => {
    sm.seed('churn', { tags: MANAGED });
    const registry = new FakeRegistry();
    registry.seed('churn', 'Rejected');
    const error = await failure(withRegistry(registry, version('model-version', 1)));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/--model-version 1: churn v1 is Rejected/);
    expect(sm.mutatingCalls()).toEqual([]);
    const allowed = await withRegistry(registry, { action: { kind: 'new-model', source: { version: 1, allowUnapproved: true } } });
    expect(allowed).toMatchObject({ outcome: 'updated', modelVersion: 1 });
  });

  it('--rollback --to-version N goes back to version N through the same rollout; the same version again changes nothing', async () => {
    sm.seed('churn', { tags: MANAGED });
    const registry = new FakeRegistry();
    const v1 = registry.seed('churn', 'Approved');
    registry.seed('churn', 'Approved');
    await withRegistry(registry, version('model-version', 2));
    ctx.clock.advance(60_000);
    const back = await withRegistry(registry, version('to-version', 1));
    expect(back).toMatchObject({ outcome: 'updated', modelVersion: 1 });
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).toMatchObject({ 'sagectl:model-version': '1', 'sagectl:model-package-arn': v1.arn });
    const again = await withRegistry(registry, version('to-version', 1));
    expect(again.outcome).toBe('unchanged');
  });

  it('a model from an artifact replacing a version drops the version tags; --rollback to that config puts them back', async () => {
    sm.seed('churn', { tags: MANAGED });
    const registry = new FakeRegistry();
    registry.seed('churn', 'Approved');
    await withRegistry(registry, version('model-version', 1));
    ctx.clock.advance(60_000);
    await withRegistry(registry, { action: { kind: 'new-model', source: { modelData: 's3://b/v9.tar.gz', image: 'img:9' } } });
    expect(sm.tags.get(arnOf('endpoint', 'churn'))?.['sagectl:model-version']).toBeUndefined();
    ctx.clock.advance(60_000);
    await withRegistry(registry, { action: { kind: 'rollback' } });
    expect(sm.tags.get(arnOf('endpoint', 'churn'))).toMatchObject({ 'sagectl:model-version': '1' });
  });

  it('parses --model-version and --rollback --to-version, and refuses what does not fit', () => {
    const flags = (f: Partial<UpdateEndpointFlags>): UpdateEndpointFlags => ({ keep: '1', wait: true, timeout: '2h', ...f });
    expect(parseUpdateFlags(flags({ modelVersion: 'latest-approved' })).action).toEqual({
      kind: 'new-model',
      source: { version: 'latest-approved', versionFlag: '--model-version' },
    });
    expect(parseUpdateFlags(flags({ rollback: true, toVersion: '3' })).action).toEqual({
      kind: 'new-model',
      source: { version: 3, versionFlag: '--to-version' },
    });
    expect(parseUpdateFlags(flags({ modelVersion: '2', allowUnapproved: true })).action).toMatchObject({ source: { version: 2, allowUnapproved: true } });
    expect(() => parseUpdateFlags(flags({ toVersion: '3' }))).toThrow(/--to-version goes with --rollback/);
    expect(() => parseUpdateFlags(flags({ rollback: true, toVersion: 'latest-approved' }))).toThrow(/--to-version: expected a version number/);
    expect(() => parseUpdateFlags(flags({ rollback: true, toVersion: 'v3' }))).toThrow(/--to-version: expected a version number/);
    expect(() => parseUpdateFlags(flags({ modelVersion: '2', modelData: 's3://b/m.tar.gz' }))).toThrow(/give one/);
    expect(() => parseUpdateFlags(flags({ modelVersion: '2', image: 'img' }))).toThrow(/goes without --image/);
    expect(() => parseUpdateFlags(flags({ rollback: true, modelVersion: '2' }))).toThrow(/takes no --model-data/);
    expect(() => parseUpdateFlags(flags({ allowUnapproved: true }))).toThrow(/--allow-unapproved goes with/);
  });
});
