import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SageMakerClient,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointConfigsCommand,
  paginateListModels,
  ListTagsCommand,
  DescribeModelCommand,
} from '@aws-sdk/client-sagemaker';
import { ApplicationAutoScalingClient, DeregisterScalableTargetCommand, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { ROLE, IMAGE, motoClientConfig, uniqueStack } from './fixtures.js';
import { e2eEnv, readRequestLog, resetRequestLog } from './moto.mjs';
import { runCli, hasStackTrace } from '../support/run-cli.js';

// deploy → update-endpoint with a new model (twice) → --add-variant green → --weights →
// --promote green → --rollback, through the built CLI against moto, each step checked with plain
// SDK calls: the config the endpoint runs, the weights, which configs and models are left
// (current + --keep 1, never more), the autoscaling targets; then a rolled-back update, bad weights,
// and a smoke test that passes, then one that fails and is rolled back (--rollback-on-smoke-failure).

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = uniqueStack('e2e-up');
const sm = new SageMakerClient(motoClientConfig(endpoint));
const aas = new ApplicationAutoScalingClient(motoClientConfig(endpoint));
let dir: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const live = () => sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
// Filtered by name here too: moto's ListModels ignores NameContains.
const ours = (names: (string | undefined)[]): string[] => names.filter((n): n is string => n?.startsWith(`${stack}-`) ?? false).sort();
const configs = async () =>
  ours(((await sm.send(new ListEndpointConfigsCommand({ NameContains: stack }))).EndpointConfigs ?? []).map((c) => c.EndpointConfigName));
async function models(): Promise<string[]> {
  const names: (string | undefined)[] = [];
  for await (const page of paginateListModels({ client: sm }, { NameContains: stack })) names.push(...(page.Models ?? []).map((m) => m.ModelName));
  return ours(names);
}
const variantsOf = async (config: string) => (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config }))).ProductionVariants ?? [];
const weights = async (): Promise<Record<string, number | undefined>> =>
  Object.fromEntries(((await live()).ProductionVariants ?? []).map((v) => [v.VariantName ?? '', v.CurrentWeight] as const));
const scalable = async () =>
  ((await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))).ScalableTargets ?? [])
    .map((t) => t.ResourceId!)
    .filter((id) => id.startsWith(`endpoint/${stack}/`))
    .sort();

interface UpdateJson {
  outcome: string;
  endpoint: { configName: string; status: string; previousConfig?: string };
  removed: { kind: string; name: string }[];
}

/** Runs update-endpoint, expects success, and checks the endpoint is InService on the config it reports. */
async function update(...args: string[]): Promise<UpdateJson> {
  const run = await cli('update-endpoint', stack, '--output', 'json', ...args);
  expect(run.code, run.stderr).toBe(0);
  const result = json<UpdateJson>(run.stdout);
  const now = await live();
  expect(now.EndpointStatus).toBe('InService');
  expect(now.EndpointConfigName).toBe(result.endpoint.configName);
  return result;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-update-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      `name: ${stack}`,
      'region: us-east-1',
      `role: ${ROLE}`,
      'tags: { team: e2e }',
      'model:',
      `  image: ${IMAGE}`,
      '  modelData: s3://e2e-bucket/v1/model.tar.gz',
      'endpoint:',
      '  instanceType: ml.m5.large',
      '  instanceCount: 1',
      '  autoscaling: { min: 1, max: 3, invocationsPerInstance: 100 }',
      '  dataCapture: { s3Uri: s3://e2e-bucket/capture, percent: 20 }',
      '  deployment: { strategy: canary, percent: 50, bake: 1m }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await cli('teardown', stack, '--yes');
  rmSync(dir, { recursive: true, force: true });
});

describe('updating a live endpoint against moto', () => {
  const history: string[] = [];

  it('deploy creates the endpoint with data capture and autoscaling; a second deploy changes nothing', async () => {
    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    history.push((await live()).EndpointConfigName!);
    expect((await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: history[0] }))).DataCaptureConfig).toMatchObject({
      InitialSamplingPercentage: 20,
    });
    expect(await scalable()).toEqual([`endpoint/${stack}/variant/AllTraffic`]);
    const again = await cli('deploy', '--output', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(json<{ outcome: string }>(again.stdout).outcome).toBe('unchanged');
  });

  it('deploy repairs autoscaling that someone deregistered (drift), and then changes nothing', async () => {
    await aas.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: 'sagemaker',
        ResourceId: `endpoint/${stack}/variant/AllTraffic`,
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      }),
    );
    expect(await scalable()).toEqual([]);
    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ outcome: string; autoscaling?: { repaired: string[] } }>(run.stdout)).toMatchObject({
      outcome: 'repaired',
      autoscaling: { repaired: ['AllTraffic'] },
    });
    expect(await scalable()).toEqual([`endpoint/${stack}/variant/AllTraffic`]);
    expect((await live()).EndpointConfigName).toBe(history[0]);
    const again = await cli('deploy', '--output', 'json');
    expect(json<{ outcome: string }>(again.stdout).outcome).toBe('unchanged');
  });

  it('a new model: the endpoint runs a new config that keeps data capture and the instance settings; the previous config and model are kept', async () => {
    const result = await update('--model-data', 's3://e2e-bucket/v2/model.tar.gz');
    expect(result.endpoint.previousConfig).toBe(history[0]);
    history.push(result.endpoint.configName);
    const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: result.endpoint.configName }));
    expect(config.DataCaptureConfig).toMatchObject({ InitialSamplingPercentage: 20, DestinationS3Uri: 's3://e2e-bucket/capture' });
    expect(config.ProductionVariants?.[0]).toMatchObject({ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 });
    expect(
      Object.fromEntries(((await sm.send(new ListTagsCommand({ ResourceArn: config.EndpointConfigArn }))).Tags ?? []).map((t) => [t.Key, t.Value])),
    ).toMatchObject({
      'sagectl:stack': stack,
      team: 'e2e',
    });
    expect(await configs()).toEqual([...history].sort());
    expect(await models()).toHaveLength(2);
    expect(await scalable()).toEqual([`endpoint/${stack}/variant/AllTraffic`]);
  });

  it('another new model: the one before the previous config is gone, with its model', async () => {
    const firstModel = (await variantsOf(history[0]!))[0]!.ModelName!;
    const result = await update('--model-data', 's3://e2e-bucket/v3/model.tar.gz', '--strategy', 'all-at-once');
    history.push(result.endpoint.configName);
    expect(result.removed.map((r) => r.name)).toEqual([history[0], firstModel]);
    expect(await configs()).toEqual(history.slice(1).sort());
    expect(await models()).not.toContain(firstModel);
    expect(await models()).toHaveLength(2);
  });

  it('--add-variant green --weight 0.1: a config with both variants, the blue model shared', async () => {
    const result = await update('--add-variant', 'green', '--weight', '0.1', '--model-data', 's3://e2e-bucket/green/model.tar.gz');
    history.push(result.endpoint.configName);
    const variants = await variantsOf(result.endpoint.configName);
    expect(variants.map((v) => [v.VariantName, v.InitialVariantWeight])).toEqual([
      ['AllTraffic', 1],
      ['green', 0.1],
    ]);
    expect(variants[0]!.ModelName).toBe((await variantsOf(history[2]!))[0]!.ModelName);
    expect(await weights()).toEqual({ AllTraffic: 1, green: 0.1 });
    expect(await configs()).toEqual(history.slice(2).sort());
    expect(await models()).toHaveLength(2); // blue (shared by both kept configs) and green
    expect(await scalable()).toEqual([`endpoint/${stack}/variant/AllTraffic`, `endpoint/${stack}/variant/green`]);
  });

  it('--weights AllTraffic=0.5,green=0.5 shifts traffic in place: no new config', async () => {
    await resetRequestLog(endpoint);
    const result = await update('--weights', 'AllTraffic=0.5,green=0.5');
    expect(result.endpoint.configName).toBe(history[3]);
    expect(await weights()).toEqual({ AllTraffic: 0.5, green: 0.5 });
    const sent = (await readRequestLog(endpoint)).requests.map((r) => r.target);
    expect(sent).toContain('SageMaker.UpdateEndpointWeightsAndCapacities');
    expect(sent.filter((t) => /Create|UpdateEndpoint$|Delete/.test(t))).toEqual([]);
  });

  it('bad weights exit 2 with no change sent', async () => {
    await resetRequestLog(endpoint);
    const negative = await cli('update-endpoint', stack, '--weights', 'AllTraffic=-1,green=1');
    expect(negative.code).toBe(2);
    expect((await readRequestLog(endpoint)).count).toBe(0);
    const unknown = await cli('update-endpoint', stack, '--weights', 'blue=1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no variant \\"blue\\"'); // JSON-escaped in the log line
    // Reads only (the stack's tags come from the tagging API's GetResources).
    expect((await readRequestLog(endpoint)).requests.map((r) => r.target).filter((t) => !/Describe|List|GetResources/.test(t))).toEqual([]);
    expect(await weights()).toEqual({ AllTraffic: 0.5, green: 0.5 });
  });

  it('--promote green: all traffic to green, then a config with green alone; blue leaves autoscaling', async () => {
    const result = await update('--promote', 'green');
    history.push(result.endpoint.configName);
    expect((await variantsOf(result.endpoint.configName)).map((v) => [v.VariantName, v.InitialVariantWeight])).toEqual([['green', 1]]);
    expect(await weights()).toEqual({ green: 1 });
    expect(await configs()).toEqual(history.slice(3).sort());
    expect(await models()).toHaveLength(2); // the kept A/B config still uses blue's model
    expect(await scalable()).toEqual([`endpoint/${stack}/variant/green`]);
  });

  it('--rollback returns to the A/B config', async () => {
    const result = await update('--rollback');
    expect(result.endpoint.configName).toBe(history[3]);
    expect(Object.keys(await weights()).sort()).toEqual(['AllTraffic', 'green']);
    expect(await configs()).toEqual(history.slice(3).sort()); // the promoted one is kept to roll forward
  });

  it('an update SageMaker rolls back exits 4 with the reason, leaves the endpoint on its config and nothing orphaned', async () => {
    const before = { configs: await configs(), models: await models() };
    const run = await cli(
      'update-endpoint',
      stack,
      '--variant',
      'green',
      '--image',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/will-fail:1',
      '--rollback-alarm',
      'churn-5xx',
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain('rolled back');
    expect(run.stderr).toContain('did not pass the ping health check');
    expect(run.stderr).toContain('churn-5xx');
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect((await live()).EndpointConfigName).toBe(history[3]);
    expect(await configs()).toEqual(before.configs);
    expect(await models()).toEqual(before.models);
  });

  it("an update whose rollback alarm fires (the launcher's test-only trigger) exits 4 naming the alarm", async () => {
    const before = { configs: await configs(), models: await models() };
    const alarm = `${stack}-e2e-firing`;
    const run = await cli(
      'update-endpoint',
      stack,
      '--variant',
      'green',
      '--model-data',
      's3://e2e-bucket/green2/model.tar.gz',
      '--strategy',
      'canary',
      '--canary-percent',
      '50',
      '--rollback-alarm',
      alarm,
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(`CloudWatch alarm ${alarm} went into ALARM state`);
    expect(run.stderr).toContain(`rollback alarms watched: ${alarm}`);
    // What still serves is named down to its models, and the refused config was never recorded as live (it is gone).
    expect(run.stderr).toContain(`still runs ${history[3]!} (model `);
    expect((await live()).EndpointConfigName).toBe(history[3]);
    expect(await configs()).toEqual(before.configs);
    expect(await models()).toEqual(before.models);
  });

  it('--smoke-test invokes the variant with the new model once InService', async () => {
    writeFileSync(path.join(dir, 'smoke.csv'), '1,2,3\n');
    const run = await cli(
      'update-endpoint',
      stack,
      '--output',
      'json',
      '--variant',
      'green',
      '--model-data',
      's3://e2e-bucket/green3/model.tar.gz',
      '--smoke-test',
      'smoke.csv',
    );
    expect(run.code, run.stderr).toBe(0);
    const result = json<UpdateJson & { smokeTest?: { passed: boolean } }>(run.stdout);
    expect(result.smokeTest?.passed).toBe(true);
    expect((await live()).EndpointConfigName).toBe(result.endpoint.configName);
    history.push(result.endpoint.configName);
  });

  it('--rollback-on-smoke-failure: a model that fails on the smoke payload exits 4, the endpoint is back on its config, nothing orphaned', async () => {
    const before = { configs: await configs(), models: await models(), scalable: await scalable() };
    const run = await cli(
      'update-endpoint',
      stack,
      '--variant',
      'green',
      '--image',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/model-error:1',
      '--smoke-test',
      'smoke.csv',
      '--rollback-on-smoke-failure',
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain('smoke test failed');
    expect(run.stderr).toContain(`was rolled back to ${history.at(-1)!}`);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(await live()).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: history.at(-1) });
    expect(await configs()).toEqual(before.configs);
    expect(await models()).toEqual(before.models);
    expect(await scalable()).toEqual(before.scalable);
  });

  it('teardown removes the endpoint, every config and model, and the autoscaling targets', async () => {
    const run = await cli('teardown', stack, '--yes', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(await configs()).toEqual([]);
    expect(await models()).toEqual([]);
    expect(await scalable()).toEqual([]);
  });
});

// Issue 12 (1): deploy (C1, v1) → v2 (C2) → --rollback (C1) → v3 (C3) → --rollback ends on C1 with
// v1, never on the rejected v2: the history is what served (tags on the configs), not creation order.
describe('rollback follows what the endpoint served, against moto', () => {
  const other = uniqueStack('e2e-hist');
  let histDir: string;
  const histCli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: histDir, env });
  const endpointNow = () => sm.send(new DescribeEndpointCommand({ EndpointName: other }));
  const mine = (names: (string | undefined)[]): string[] => names.filter((n): n is string => n?.startsWith(`${other}-`) ?? false).sort();
  const configNames = async () =>
    mine(((await sm.send(new ListEndpointConfigsCommand({ NameContains: other }))).EndpointConfigs ?? []).map((c) => c.EndpointConfigName));
  async function modelNames(): Promise<string[]> {
    const names: (string | undefined)[] = [];
    for await (const page of paginateListModels({ client: sm }, { NameContains: other })) names.push(...(page.Models ?? []).map((m) => m.ModelName));
    return mine(names);
  }
  /** The artifact each config's only variant serves, read with plain SDK calls. */
  async function artifactOf(config: string): Promise<string | undefined> {
    const [variant] = (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config }))).ProductionVariants ?? [];
    return (await sm.send(new DescribeModelCommand({ ModelName: variant!.ModelName }))).PrimaryContainer?.ModelDataUrl;
  }
  async function run<T>(...args: string[]): Promise<T> {
    const r = await histCli(...args, '--output', 'json');
    expect(r.code, r.stderr).toBe(0);
    return json<T>(r.stdout);
  }

  beforeAll(() => {
    histDir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-history-'));
    writeFileSync(
      path.join(histDir, 'sagectl.yaml'),
      [
        `name: ${other}`,
        'region: us-east-1',
        `role: ${ROLE}`,
        'model:',
        `  image: ${IMAGE}`,
        '  modelData: s3://e2e-bucket/v1/model.tar.gz',
        'endpoint: { instanceType: ml.m5.large, instanceCount: 1 }',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await histCli('teardown', other, '--yes');
    rmSync(histDir, { recursive: true, force: true });
  });

  it('v1 → v2 → rollback → v3 → rollback ends with v1 live; C2 and its model are gone, C1 and C3 remain', async () => {
    await run('deploy');
    const c1 = (await endpointNow()).EndpointConfigName!;
    const v2 = await run<UpdateJson>('update-endpoint', other, '--model-data', 's3://e2e-bucket/v2/model.tar.gz');
    const c2 = v2.endpoint.configName;
    const back = await run<UpdateJson>('update-endpoint', other, '--rollback');
    expect(back.endpoint.configName).toBe(c1);
    const v3 = await run<UpdateJson>('update-endpoint', other, '--model-data', 's3://e2e-bucket/v3/model.tar.gz');
    const c3 = v3.endpoint.configName;
    expect(v3.endpoint.previousConfig).toBe(c1);
    expect(v3.removed.map((r) => r.name)).toContain(c2);
    expect(v3.removed.map((r) => r.name)).not.toContain(c1);

    // The dry run names the exact target and lists its variants, with the history it follows.
    const plan = await run<{ outcome: string; target: string; variants: { name: string; model: string }[]; history: { config: string; live: boolean }[] }>(
      'update-endpoint',
      other,
      '--rollback',
      '--dry-run',
    );
    expect(plan).toMatchObject({ outcome: 'planned', target: c1 });
    const [c1Variant] = (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: c1 }))).ProductionVariants ?? [];
    expect(plan.variants).toEqual([expect.objectContaining({ name: 'AllTraffic', model: c1Variant!.ModelName })]);
    expect(plan.history.map((h) => [h.config, h.live])).toEqual([
      [c3, true],
      [c1, false],
    ]);
    expect((await endpointNow()).EndpointConfigName).toBe(c3); // the dry run changed nothing

    const again = await run<UpdateJson>('update-endpoint', other, '--rollback');
    expect(again.endpoint.configName).toBe(c1);
    const now = await endpointNow();
    expect(now.EndpointStatus).toBe('InService');
    expect(now.EndpointConfigName).toBe(c1);
    expect(await artifactOf(c1)).toBe('s3://e2e-bucket/v1/model.tar.gz');
    expect(await configNames()).toEqual([c1, c3].sort());
    const left = await modelNames();
    expect(left).toHaveLength(2);
    expect(await Promise.all([c1, c3].map(artifactOf))).toEqual(['s3://e2e-bucket/v1/model.tar.gz', 's3://e2e-bucket/v3/model.tar.gz']);
    // Every config carries its record of when it went live.
    for (const config of [c1, c3]) {
      const arn = (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config }))).EndpointConfigArn;
      const tags = (await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? [];
      expect(tags.find((t) => t.Key === 'sagectl:went-live')?.Value).toMatch(/^\d{4}-\d\d-\d\dT/);
    }

    // status shows the same history, live first.
    const status = await run<{ stacks: { history: { config: string; live: boolean }[] }[] }>('status', other);
    expect(status.stacks[0]!.history.map((h) => [h.config, h.live])).toEqual([
      [c1, true],
      [c3, false],
    ]);
  });
});
