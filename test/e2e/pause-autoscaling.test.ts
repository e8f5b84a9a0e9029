import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SageMakerClient, DescribeEndpointCommand, DescribeEndpointConfigCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand } from '@aws-sdk/client-application-auto-scaling';
import { motoClientConfig, uniqueStack, writeStackConfig } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { runCli } from '../support/run-cli.js';
import { fromTagList } from '../../src/core/tags.js';

// deploy with endpoint.autoscaling → pause (the targets go with the endpoint, the config records
// them) → resume (the target and its policy are back, as deploy registered them); checked with
// plain Application Auto Scaling calls against moto.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = uniqueStack('pza');
const sm = new SageMakerClient(motoClientConfig(endpoint));
const scaling = new ApplicationAutoScalingClient(motoClientConfig(endpoint));
const RESOURCE = `endpoint/${stack}/variant/AllTraffic`;
let dir: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });

async function targetsAndPolicies(): Promise<{ targets: { min?: number; max?: number }[]; policies: { name?: string; target?: number }[] }> {
  const t = await scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ResourceIds: [RESOURCE] }));
  const p = await scaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', ResourceId: RESOURCE }));
  return {
    targets: (t.ScalableTargets ?? []).filter((x) => x.ResourceId === RESOURCE).map((x) => ({ min: x.MinCapacity, max: x.MaxCapacity })),
    policies: (p.ScalingPolicies ?? [])
      .filter((x) => x.ResourceId === RESOURCE)
      .map((x) => ({ name: x.PolicyName, target: x.TargetTrackingScalingPolicyConfiguration?.TargetValue })),
  };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-pause-scaling-'));
  writeStackConfig(dir, stack, {
    modelData: 's3://e2e-bucket/model.tar.gz',
    endpoint: ['instanceType: ml.m5.large', 'autoscaling: { min: 1, max: 3, invocationsPerInstance: 500 }'],
  });
});
afterAll(async () => {
  await cli('teardown', '--yes', '--force');
  rmSync(dir, { recursive: true, force: true });
});

describe('pause and resume keep the autoscaling deploy registered', () => {
  const registered = { targets: [{ min: 1, max: 3 }], policies: [{ name: `${stack}-AllTraffic-invocations`, target: 500 }] };

  it('pause records the target and policy on the config and deregisters them; resume registers them again', async () => {
    const deploy = await cli('deploy', '--yes');
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(await targetsAndPolicies()).toEqual(registered);
    const config = (await sm.send(new DescribeEndpointCommand({ EndpointName: stack }))).EndpointConfigName!;

    const paused = await cli('pause', '--output', 'json');
    expect(paused.code, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout)).toMatchObject({ outcome: 'paused', autoscaling: ['AllTraffic'] });
    expect(await targetsAndPolicies()).toEqual({ targets: [], policies: [] });
    const arn = (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config }))).EndpointConfigArn!;
    expect(fromTagList((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags)).toMatchObject({ 'sagectl:scaling:AllTraffic': '1:3:500' });

    const resumed = await cli('resume', '--output', 'json');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ outcome: 'resumed', config, autoscaling: ['AllTraffic'] });
    expect(await targetsAndPolicies()).toEqual(registered);
    const tags = fromTagList((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags);
    expect(Object.keys(tags).filter((k) => k.startsWith('sagectl:scaling:') || k === 'sagectl:paused')).toEqual([]);
    // deploy finds nothing drifted: resume left autoscaling as deploy wants it.
    const again = await cli('deploy', '--yes', '--output', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).not.toHaveProperty('autoscaling');
  });
});
