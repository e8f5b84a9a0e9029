import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SageMakerClient, DescribeEndpointCommand, ListEndpointConfigsCommand, paginateListModels } from '@aws-sdk/client-sagemaker';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { motoClientConfig, uniqueStack, writeStackConfig } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { setFaults } from './faults.js';
import { runCli, hasStackTrace } from '../support/run-cli.js';

// Trust: sagectl leaves AWS as the config declares, or says exactly what it left. A dropped
// `endpoint.autoscaling` turns off what sagectl registered (and only that); an UpdateEndpoint
// refused inside deploy or update-endpoint removes the model and config the run created. Each
// step is checked with plain SDK calls against moto (the CLI's requests sign with their own key,
// so the launcher's deny rule refuses only theirs).

const endpoint = inject('motoEndpoint');
const key = `TRUST${randomBytes(4).toString('hex').toUpperCase()}`;
const env = { ...e2eEnv(endpoint), AWS_ACCESS_KEY_ID: key };
const stack = uniqueStack('e2e-trust');
const sm = new SageMakerClient(motoClientConfig(endpoint));
const aas = new ApplicationAutoScalingClient(motoClientConfig(endpoint));
const DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
let dir: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const ours = (names: (string | undefined)[]): string[] => names.filter((n): n is string => n?.startsWith(`${stack}-`) ?? false).sort();
const configs = async () =>
  ours(((await sm.send(new ListEndpointConfigsCommand({ NameContains: stack }))).EndpointConfigs ?? []).map((c) => c.EndpointConfigName));
async function models(): Promise<string[]> {
  const names: (string | undefined)[] = [];
  for await (const page of paginateListModels({ client: sm }, { NameContains: stack })) names.push(...(page.Models ?? []).map((m) => m.ModelName));
  return ours(names);
}
const scalable = async () =>
  ((await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))).ScalableTargets ?? [])
    .filter((t) => t.ResourceId!.startsWith(`endpoint/${stack}/`))
    .map((t) => `${t.ResourceId!} ${t.MinCapacity}-${t.MaxCapacity}`)
    .sort();

function writeConfig(modelData: string, autoscaling: boolean): void {
  writeStackConfig(dir, stack, {
    modelData,
    endpoint: ['instanceType: ml.m5.large', ...(autoscaling ? ['autoscaling: { min: 1, max: 3, invocationsPerInstance: 100 }'] : [])],
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-trust-'));
});
afterAll(async () => {
  await setFaults(endpoint, { seed: 0, accessKey: key });
  await cli('teardown', stack, '--yes');
  rmSync(dir, { recursive: true, force: true });
});

describe('a dropped endpoint.autoscaling, against moto', () => {
  const target = () => `endpoint/${stack}/variant/AllTraffic`;

  it('the same spec without the section: --dry-run plans the deregistration, deploy does it, the next deploy changes nothing', async () => {
    writeConfig('s3://e2e-bucket/v1/model.tar.gz', true);
    expect((await cli('deploy')).code).toBe(0);
    expect(await scalable()).toEqual([`${target()} 1-3`]);

    writeConfig('s3://e2e-bucket/v1/model.tar.gz', false);
    const plan = await cli('deploy', '--dry-run', '--output', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ outcome: 'planned', plan: [{ action: 'delete', kind: 'scalable-target', name: target() }] });
    expect(await scalable()).toEqual([`${target()} 1-3`]);

    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'repaired', autoscaling: { deregistered: ['AllTraffic'] } });
    expect(await scalable()).toEqual([]);
    expect(JSON.parse((await cli('deploy', '--output', 'json')).stdout)).toMatchObject({ outcome: 'unchanged' });
  });

  it('a target registered by hand (no sagectl policy) is left alone', async () => {
    await aas.send(
      new RegisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId: target(), ScalableDimension: DIMENSION, MinCapacity: 2, MaxCapacity: 5 }),
    );
    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'unchanged' });
    expect(await scalable()).toEqual([`${target()} 2-5`]);
  });

  it('a changed spec without the section: deregistered after the switch, with the new model live', async () => {
    writeConfig('s3://e2e-bucket/v1/model.tar.gz', true);
    expect((await cli('deploy')).code).toBe(0); // sagectl registers (and puts its policy on) the target again
    expect(await scalable()).toEqual([`${target()} 1-3`]);
    writeConfig('s3://e2e-bucket/v2/model.tar.gz', false);
    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'updated', autoscaling: { deregistered: ['AllTraffic'] } });
    expect(await scalable()).toEqual([]);
  });
});

describe('UpdateEndpoint refused inside a rollout, against moto', () => {
  it('update-endpoint --strategy canary: exit 3, the new model and config removed, the endpoint on what served', async () => {
    const before = {
      configs: await configs(),
      models: await models(),
      live: (await sm.send(new DescribeEndpointCommand({ EndpointName: stack }))).EndpointConfigName,
    };
    await setFaults(endpoint, { seed: 1, accessKey: key, deny: [{ action: 'sagemaker:UpdateEndpoint' }] });
    const run = await cli('update-endpoint', stack, '--model-data', 's3://e2e-bucket/v3/model.tar.gz', '--strategy', 'canary', '--canary-percent', '50');
    await setFaults(endpoint, { seed: 0, accessKey: key });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('UpdateEndpoint was refused');
    expect(run.stderr).toContain(`endpoint ${stack} still runs ${before.live!}`);
    expect(run.stderr).toContain('removed what this run had created: endpoint-config');
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(await configs()).toEqual(before.configs);
    expect(await models()).toEqual(before.models);
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: stack }))).EndpointConfigName).toBe(before.live);
  });

  it('deploy of a changed spec on the live endpoint: the same', async () => {
    const before = { configs: await configs(), models: await models() };
    writeConfig('s3://e2e-bucket/v4/model.tar.gz', false);
    await setFaults(endpoint, { seed: 1, accessKey: key, deny: [{ action: 'sagemaker:UpdateEndpoint' }] });
    const run = await cli('deploy');
    await setFaults(endpoint, { seed: 0, accessKey: key });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('removed what this run had created');
    expect(await configs()).toEqual(before.configs);
    expect(await models()).toEqual(before.models);
  });
});
