// An update that does not happen leaves AWS as it was: UpdateEndpoint refused (exit 3) removes the
// model and config this run made for it, rolled back by SageMaker (exit 4) says what still serves
// and never records the new config as having gone live, and autoscaling taken off the variants
// the update would drop comes back. The requests sent are checked on the fakes.
import { beforeEach, describe, expect, it } from 'vitest';
import { updateEndpoint, type UpdateEndpointOptions } from '../../../../src/commands/update-endpoint/index.js';
import type { Config } from '../../../../src/core/schema.js';
import { AwsRequestError, ExitCode, NetworkError, type SagectlError } from '../../../../src/core/errors.js';
import { TagKey } from '../../../../src/core/tags.js';
import type { DeploymentSpec } from '../../../../src/services/deployment-config.js';
import { readHistory } from '../../../../src/commands/endpoint/history.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const MANAGED = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
const config: Config = { name: 'churn', role: 'arn:aws:iam::123456789012:role/R', tags: { team: 'ml' } };
const SCALING = { min: 1, max: 4, invocationsPerInstance: 200 };
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
const CANARY: DeploymentSpec = { strategy: 'canary', size: { unit: 'percent', value: 10 }, rollbackAlarms: ['churn-5xx'] };

let sm: FakeSageMaker;
let scaling: FakeScaling;
let ctx: TestContext;
const run = (options: Partial<UpdateEndpointOptions> = {}) => updateEndpoint(ctx, { sagemaker: sm, scaling }, { ...NEW_MODEL, ...options });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e as SagectlError,
  );
const refused = (code: string) => new AwsRequestError('UpdateEndpoint', code, 'refused for the test');

beforeEach(() => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
  ctx = testContext(config);
});

describe('UpdateEndpoint refused inside a rollout', () => {
  it.each<[string, Partial<UpdateEndpointOptions>]>([
    ['ValidationException', { deployment: CANARY }],
    ['ResourceLimitExceeded', { deployment: { strategy: 'linear', size: { unit: 'percent', value: 25 }, bakeSeconds: 60 } }],
    ['ValidationException', { deployment: { strategy: 'all-at-once' } }],
    ['ThrottlingException', {}],
  ])('%s: removes the config and model it created (config first), names what still serves, exit 3', async (code, options) => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.failing.set('updateEndpoint', refused(code));
    const error = await failure(run(options));
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain(`UpdateEndpoint was refused (${code})`);
    expect(error.message).toContain(`endpoint churn still runs ${old.config} (model ${old.model})`);
    expect(error.message).toContain(`removed what this run had created: endpoint-config ${NEW_CONFIG}, model ${NEW_MODEL_NAME}`);
    // addTags: the live config recorded as the latest to serve before the switch (true either way).
    expect(sm.mutatingCalls()).toEqual(['createModel', 'createEndpointConfig', 'addTags', 'updateEndpoint', 'deleteEndpointConfig', 'deleteModel']);
    expect([...sm.configs.keys()]).toEqual([old.config]);
    expect([...sm.models.keys()]).toEqual([old.model]);
    expect(sm.endpoints.get('churn')).toMatchObject({ configName: old.config, status: 'InService' });
  });

  it('--add-variant refused: the new variant’s model and the config go, the live models stay', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.failing.set('updateEndpoint', refused('ResourceLimitExceeded'));
    const error = await failure(run({ action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1 } }));
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(sm.calls.filter((c) => c.method.startsWith('delete')).map((c) => [c.method, c.args[0]])).toEqual([
      ['deleteEndpointConfig', NEW_CONFIG],
      ['deleteModel', 'churn-green-20261125100000'],
    ]);
    expect([...sm.models.keys()]).toEqual([old.model]);
  });

  it('--promote refused: only the single-variant config it created goes; both variants’ models stay', async () => {
    sm.seed('churn', { tags: MANAGED });
    await run({ action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1 } });
    const models = [...sm.models.keys()].sort();
    const configs = [...sm.configs.keys()].sort();
    ctx.clock.advance(60_000);
    sm.calls.length = 0;
    sm.failing.set('updateEndpoint', refused('ValidationException'));
    const error = await failure(run({ action: { kind: 'promote', name: 'green' } }));
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(sm.calls.filter((c) => c.method.startsWith('delete')).map((c) => c.method)).toEqual(['deleteEndpointConfig']);
    expect([...sm.models.keys()].sort()).toEqual(models);
    expect([...sm.configs.keys()].sort()).toEqual(configs);
  });

  it('--promote refused after the traffic went to the winner: the error says so and how to put the weights back', async () => {
    sm.seed('churn', { tags: MANAGED });
    await run({ action: { kind: 'add-variant', source: { image: 'img:2' }, name: 'green', weight: 0.1 } });
    ctx.clock.advance(60_000);
    sm.failing.set('updateEndpoint', refused('ValidationException'));
    const error = await failure(run({ action: { kind: 'promote', name: 'green' } }));
    expect(error.message).toContain(
      'all traffic went to green before the switch and stays there (`sagectl update-endpoint churn --weights AllTraffic=1,green=0.1` puts the weights back)',
    );
  });

  it('--rollback refused: deletes nothing (the target config served before and is kept), still says what serves', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    await run();
    ctx.clock.advance(60_000);
    sm.calls.length = 0;
    sm.failing.set('updateEndpoint', refused('ValidationException'));
    const error = await failure(run({ action: { kind: 'rollback' } }));
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain(`endpoint churn still runs ${NEW_CONFIG} (model ${NEW_MODEL_NAME})`);
    expect(sm.mutatingCalls().filter((m) => m.startsWith('delete'))).toEqual([]);
    expect(sm.configs.has(old.config) && sm.models.has(old.model)).toBe(true);
  });

  it('no answer to UpdateEndpoint (network): keeps what it created, since the endpoint may be moving to it', async () => {
    sm.seed('churn', { tags: MANAGED });
    sm.failing.set('updateEndpoint', new NetworkError('UpdateEndpoint', 'no answer from sagemaker for UpdateEndpoint after 30 s'));
    const error = await failure(run());
    expect(error.exitCode).toBe(ExitCode.Network);
    expect(sm.mutatingCalls().filter((m) => m.startsWith('delete'))).toEqual([]);
    expect(sm.configs.has(NEW_CONFIG) && sm.models.has(NEW_MODEL_NAME)).toBe(true);
  });

  it('refused as in progress after its first attempt went through (answer lost, retried): removes nothing, names what it kept', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    const apply = sm.updateEndpoint.bind(sm);
    sm.updateEndpoint = async (...args) => {
      await apply(...args);
      throw refused('ValidationException');
    };
    const error = await failure(run());
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain(`may be taking ${NEW_CONFIG}: kept what this run created, model ${NEW_MODEL_NAME}, endpoint-config ${NEW_CONFIG}`);
    expect(error.resolution).toContain(`aws sagemaker delete-endpoint-config --endpoint-config-name ${NEW_CONFIG}`);
    expect(sm.mutatingCalls().filter((m) => m.startsWith('delete'))).toEqual([]);
    // The update goes on and lands on the config that was kept.
    await sm.describeEndpoint('churn');
    expect(sm.endpoints.get('churn')?.configName).toBe(NEW_CONFIG);
    expect(sm.configs.has(old.config) && sm.configs.has(NEW_CONFIG) && sm.models.has(NEW_MODEL_NAME)).toBe(true);
  });

  it('when the removal is refused too, the error names what was left and the command that removes it', async () => {
    sm.seed('churn', { tags: MANAGED });
    sm.failing.set('updateEndpoint', refused('ValidationException'));
    sm.failing.set('deleteModel', new AwsRequestError('DeleteModel', 'AccessDeniedException', 'not allowed'));
    const error = await failure(run());
    expect(error.exitCode).toBe(ExitCode.AwsRefused);
    expect(error.message).toContain(`left what this run created: model ${NEW_MODEL_NAME}`);
    expect(error.resolution).toContain(`aws sagemaker delete-model --model-name ${NEW_MODEL_NAME}`);
    expect(sm.configs.has(NEW_CONFIG)).toBe(false);
  });
});

describe('autoscaling taken off for an update that does not happen comes back', () => {
  async function twoVariantsWithScaling(): Promise<void> {
    sm.seed('churn', { tags: MANAGED });
    await run({ action: { kind: 'add-variant', source: {}, name: 'green', weight: 0.5 } });
    expect([...scaling.targets.keys()]).toEqual(['churn/AllTraffic', 'churn/green']);
    ctx.clock.advance(60_000);
    sm.calls.length = 0;
  }

  it('--promote refused: the loser, deregistered before UpdateEndpoint as SageMaker requires, is registered again', async () => {
    ctx = testContext({ ...config, endpoint: { autoscaling: SCALING } });
    await twoVariantsWithScaling();
    sm.failing.set('updateEndpoint', refused('ValidationException'));
    const error = await failure(run({ action: { kind: 'promote', name: 'green' } }));
    const order = sm.calls.map((c) => c.method).filter((m) => ['deregister', 'updateEndpoint', 'register'].includes(m));
    expect(order).toEqual(['deregister', 'updateEndpoint', 'register']);
    expect(sm.calls.find((c) => c.method === 'register')?.args).toEqual(['churn', 'AllTraffic', SCALING]);
    expect([...scaling.targets.keys()].sort()).toEqual(['churn/AllTraffic', 'churn/green']);
    expect(error.message).toContain('autoscaling of AllTraffic registered again');
  });

  it('--promote rolled back by SageMaker: the same, and the error says so', async () => {
    ctx = testContext({ ...config, endpoint: { autoscaling: SCALING } });
    await twoVariantsWithScaling();
    sm.nextOutcome = 'RollBack';
    const error = await failure(run({ action: { kind: 'promote', name: 'green' } }));
    expect(error.exitCode).toBe(ExitCode.ResourceFailed);
    expect([...scaling.targets.keys()].sort()).toEqual(['churn/AllTraffic', 'churn/green']);
    expect(error.message).toContain('autoscaling of AllTraffic registered again');
  });

  it('with no endpoint.autoscaling to register it with, the error says it stays off', async () => {
    ctx = testContext({ ...config, endpoint: { autoscaling: SCALING } });
    await twoVariantsWithScaling();
    ctx = testContext(config);
    sm.failing.set('updateEndpoint', refused('ValidationException'));
    const error = await failure(run({ action: { kind: 'promote', name: 'green' } }));
    expect(sm.methods()).not.toContain('register');
    expect(error.message).toContain('autoscaling of AllTraffic, deregistered before the update as SageMaker requires, stays off');
  });
});

describe('an update SageMaker accepted but did not complete', () => {
  it('rolled back: says the old model still serves, removes the new config and model, and never records them as live', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.nextOutcome = 'RollBack';
    const error = await failure(run({ deployment: CANARY }));
    expect(error.exitCode).toBe(ExitCode.ResourceFailed);
    expect(error.message).toContain(`still runs ${old.config} (model ${old.model})`);
    // One addTags only: the live config marked as latest before the switch, never the new one.
    const tagged = sm.calls.filter((c) => c.method === 'addTags').map((c) => c.args[0]);
    expect(tagged).toEqual([arnOf('endpoint-config', old.config)]);
    const history = await readHistory(sm, 'churn', sm.endpoints.get('churn')!.configName);
    expect(history.live).toBe(old.config);
    expect(history.liveEntry?.wentLive).toBeDefined();
    expect(sm.configs.has(NEW_CONFIG) || sm.models.has(NEW_MODEL_NAME)).toBe(false);
  });

  it('a later --rollback after a rolled-back update has nothing to go to but what served, never the refused config', async () => {
    sm.seed('churn', { tags: MANAGED });
    await run();
    ctx.clock.advance(60_000);
    sm.nextOutcome = 'RollBack';
    await failure(run({ action: { kind: 'new-model', source: { modelData: 's3://b/v3.tar.gz' } } }));
    sm.nextOutcome = 'InService';
    ctx.clock.advance(60_000);
    const result = await run({ action: { kind: 'rollback' } });
    expect(result.endpoint.configName).toBe('churn-20261101000000');
  });

  it('UpdateRollbackFailed: removes nothing (both configs may serve), exit 4 naming both', async () => {
    const old = sm.seed('churn', { tags: MANAGED });
    sm.nextOutcome = 'RollbackFailed';
    const error = await failure(run({ deployment: CANARY }));
    expect(error.exitCode).toBe(ExitCode.ResourceFailed);
    expect(error.message).toContain('UpdateRollbackFailed');
    expect(error.message).toContain(`may serve from ${old.config} and ${NEW_CONFIG}`);
    expect(sm.mutatingCalls().filter((m) => m.startsWith('delete'))).toEqual([]);
    expect(sm.tags.get(arnOf('endpoint-config', NEW_CONFIG))?.[TagKey.WentLive]).toBeUndefined();
  });
});
