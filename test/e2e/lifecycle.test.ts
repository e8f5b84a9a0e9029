import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SageMakerClient,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-sagemaker';
import { e2eEnv, readRequestLog, resetRequestLog } from './moto.mjs';
import { runCli, hasStackTrace } from '../support/run-cli.js';

// Deploy → status → identical deploy → changed deploy → teardown → teardown again, through the
// built CLI against moto, with the state checked by plain SDK calls (not sagectl's wrappers).

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = `e2e-${randomBytes(3).toString('hex')}`;
const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
const sm = new SageMakerClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
let dir: string;

function writeConfig(overrides: { instanceCount?: number; image?: string; instanceType?: string } = {}): void {
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      `name: ${stack}`,
      'region: us-east-1',
      `role: ${ROLE}`,
      'tags:',
      '  team: e2e',
      'model:',
      `  image: ${overrides.image ?? '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'}`,
      '  modelData: s3://e2e-bucket/model.tar.gz',
      'endpoint:',
      `  instanceType: ${overrides.instanceType ?? 'ml.m5.large'}`,
      `  instanceCount: ${overrides.instanceCount ?? 1}`,
      '',
    ].join('\n'),
  );
}

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const tagsOf = async (arn: string): Promise<Record<string, string | undefined>> =>
  Object.fromEntries(((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? []).map((t) => [t.Key, t.Value])) as Record<
    string,
    string | undefined
  >;
const stackConfigs = async (name = stack) =>
  ((await sm.send(new ListEndpointConfigsCommand({ NameContains: name }))).EndpointConfigs ?? []).map((c) => c.EndpointConfigName);
const stackModels = async (name = stack) =>
  ((await sm.send(new ListModelsCommand({}))).Models ?? []).map((m) => m.ModelName).filter((n) => n?.startsWith(`${name}-`));
const describe_ = (name: string) => sm.send(new DescribeEndpointCommand({ EndpointName: name }));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-'));
  // An endpoint sagectl does not own, whose name shares the stack's prefix: teardown must leave it.
  await sm.send(new CreateModelCommand({ ModelName: `${stack}-byhand`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: 'img:1' } }));
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${stack}-byhand`,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${stack}-byhand`, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: `${stack}-byhand`, EndpointConfigName: `${stack}-byhand` }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the stack lifecycle against moto', () => {
  let firstConfig: string;

  it('deploy creates an InService endpoint tagged with the stack, managed-by and user tags, in at most 9 requests (the 9th records when its config went live)', async () => {
    writeConfig();
    await resetRequestLog(endpoint);
    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ outcome: string; endpoint: { configName: string; status: string } }>(run.stdout);
    expect(result.outcome).toBe('created');
    expect(result.endpoint.status).toBe('InService');
    expect((await readRequestLog(endpoint)).count).toBeLessThanOrEqual(9);

    const live = await describe_(stack);
    expect(live.EndpointStatus).toBe('InService');
    expect(await tagsOf(live.EndpointArn!)).toMatchObject({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl', team: 'e2e' });
    firstConfig = live.EndpointConfigName!;
    expect(await stackConfigs()).toContain(firstConfig);
  });

  it('status shows the stack with its variant', async () => {
    const run = await cli('status', stack, '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const { stacks } = json<{ stacks: { stack: string; endpoint: { status: string }; variants: { instanceType: string; instanceCount: number }[] }[] }>(
      run.stdout,
    );
    expect(stacks).toHaveLength(1);
    expect(stacks[0]).toMatchObject({ stack, endpoint: { status: 'InService' }, variants: [{ instanceType: 'ml.m5.large', instanceCount: 1 }] });
  });

  it('an identical deploy changes nothing and creates no endpoint config', async () => {
    const before = await stackConfigs();
    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ outcome: string }>(run.stdout).outcome).toBe('unchanged');
    expect(await stackConfigs()).toEqual(before);
    expect((await describe_(stack)).EndpointConfigName).toBe(firstConfig);
  });

  it('a changed deploy updates the endpoint in place and keeps the replaced config for --rollback; the next one removes the older config and model', async () => {
    writeConfig({ instanceCount: 2 });
    const run = await cli('deploy', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ outcome: string; endpoint: { configName: string }; model: string }>(run.stdout);
    expect(result.outcome).toBe('updated');
    const live = await describe_(stack);
    expect(live.EndpointStatus).toBe('InService');
    expect(live.EndpointConfigName).toBe(result.endpoint.configName);
    expect(live.EndpointConfigName).not.toBe(firstConfig);
    expect(live.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(2);
    expect(await stackConfigs()).toEqual(expect.arrayContaining([result.endpoint.configName, firstConfig]));
    expect((await stackModels()).filter((m) => m !== `${stack}-byhand`)).toHaveLength(2);

    writeConfig({ instanceCount: 1 });
    const next = await cli('deploy', '--output', 'json');
    expect(next.code, next.stderr).toBe(0);
    const second = json<{ outcome: string; endpoint: { configName: string }; model: string }>(next.stdout);
    expect(second.outcome).toBe('updated');
    expect((await stackConfigs()).filter((c) => c !== `${stack}-byhand`).sort()).toEqual([result.endpoint.configName, second.endpoint.configName].sort());
    expect((await stackModels()).filter((m) => m !== `${stack}-byhand`).sort()).toEqual([result.model, second.model].sort());
  });

  it('teardown without --yes and without a terminal exits 2 and deletes nothing', async () => {
    const run = await cli('teardown', stack);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes');
    expect((await describe_(stack)).EndpointStatus).toBe('InService');
  });

  it('teardown --yes removes the endpoint, configs and models, and leaves what sagectl does not own', async () => {
    const run = await cli('teardown', stack, '--yes', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const report = json<{ stacks: { stack: string; resources: { kind: string; action: string }[] }[] }>(run.stdout);
    expect(report.stacks.map((s) => s.stack)).toEqual([stack]);
    // The live config and the one kept for --rollback, with their models.
    expect(report.stacks[0]!.resources.map((r) => `${r.kind}:${r.action}`).sort()).toEqual([
      'endpoint-config:deleted',
      'endpoint-config:deleted',
      'endpoint:deleted',
      'model:deleted',
      'model:deleted',
    ]);
    await expect(describe_(stack)).rejects.toThrow(/Could not find endpoint/);
    expect(await stackConfigs()).toEqual([`${stack}-byhand`]);
    expect(await stackModels()).toEqual([`${stack}-byhand`]);
    expect((await describe_(`${stack}-byhand`)).EndpointStatus).toBe('InService');
  });

  it('teardown of a stack that is gone exits 0', async () => {
    const run = await cli('teardown', stack, '--yes', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ stacks: unknown[] }>(run.stdout).stacks).toEqual([]);
  });
});

describe('failures against moto', () => {
  it('a Failed endpoint exits 4 with its FailureReason and the teardown hint; teardown then removes the orphans', async () => {
    const failing = `${stack}-f`;
    writeConfig({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/will-fail:1' });
    const run = await cli('deploy', '--stack', failing);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('did not pass the ping health check');
    expect(run.stderr).toContain(`sagectl teardown ${failing}`);
    expect(hasStackTrace(run.stderr)).toBe(false);

    const down = await cli('teardown', failing, '--yes', '--output', 'json');
    expect(down.code, down.stderr).toBe(0);
    expect(json<{ summary: { deleted: number } }>(down.stdout).summary.deleted).toBe(3);
    expect(await stackConfigs(failing)).toEqual([]);
  });

  it('an invalid config exits 2 naming endpoint.instanceType, with no stack trace and no request sent', async () => {
    writeConfig({ instanceType: 'm5.large' });
    await resetRequestLog(endpoint);
    const run = await cli('deploy');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('endpoint.instanceType');
    expect(run.stderr).toContain('m5.large');
    expect(run.stderr).toContain('sagectl.yaml:10:17:');
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect((await readRequestLog(endpoint)).count).toBe(0);
  });
});
