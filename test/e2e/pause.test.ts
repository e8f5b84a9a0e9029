import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  SageMakerClient,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-sagemaker';
import { motoClientConfig, uniqueStack, writeStackConfig } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { runCli } from '../support/run-cli.js';
import type { ProxyEvent, ProxyResult } from '../../src/lambda/handler.js';
import { fromTagList } from '../../src/core/tags.js';

// deploy → pause (the endpoint goes, its config and model stay, the wire-api handler answers
// 503 "paused") → status shows it Paused → resume (InService on the same config) → teardown
// removes it whole; checked with plain SDK calls against moto.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = uniqueStack('pz');
const sm = new SageMakerClient(motoClientConfig(endpoint));
const HANDLER = new URL('../../dist/lambda/handler.js', import.meta.url).href;
let dir: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const exists = (send: () => Promise<unknown>) =>
  send().then(
    () => true,
    () => false,
  );

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-pause-'));
  writeStackConfig(dir, stack, { modelData: 's3://e2e-bucket/model.tar.gz' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pause and resume against moto', () => {
  let config: string;
  let model: string;

  it('pause deletes only the endpoint; the config and model remain, the config records the pause', async () => {
    expect((await cli('deploy', '--yes', '--protect')).code).toBe(0);
    const live = await sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
    config = live.EndpointConfigName!;
    model = (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config }))).ProductionVariants![0]!.ModelName!;

    const run = await cli('pause', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ outcome: string; config: string }>(run.stdout)).toMatchObject({ outcome: 'paused', config });
    expect(await exists(() => sm.send(new DescribeEndpointCommand({ EndpointName: stack })))).toBe(false);
    expect(await exists(() => sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config })))).toBe(true);
    expect(await exists(() => sm.send(new DescribeModelCommand({ ModelName: model })))).toBe(true);
    const arn = (await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config }))).EndpointConfigArn!;
    const tags = fromTagList((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags);
    expect(tags).toMatchObject({ 'sagectl:stack': stack, 'sagectl:protect': 'true' });
    expect(Date.parse(tags['sagectl:paused'] ?? '')).not.toBeNaN();
  });

  it('while paused, the wire-api handler answers 503 with a JSON body saying so', async () => {
    const saved = { ...process.env };
    // The handler logs the refusal for the function's log group; keep the test output clean.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    Object.assign(process.env, e2eEnv(endpoint, {}), { ENDPOINT_NAME: stack, CONTENT_TYPE: 'text/csv' });
    try {
      const { handler } = (await import(HANDLER)) as { handler: (event: ProxyEvent) => Promise<ProxyResult> };
      const answer = await handler({ httpMethod: 'POST', body: '1,2,3' });
      expect(answer.statusCode).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ paused: true, error: expect.stringContaining('the model is paused') as unknown });
    } finally {
      process.env = saved;
    }
  });

  it('status lists it as Paused; pause again changes nothing', async () => {
    const all = await cli('status', '--output', 'json');
    expect(all.code, all.stderr).toBe(0);
    const paused = json<{ paused: { stack: string; configName: string; protected: boolean }[] }>(all.stdout).paused;
    expect(paused.find((p) => p.stack === stack)).toMatchObject({ configName: config, protected: true });
    const named = await cli('status', stack);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain(`${stack}  Paused  (protected)`);
    expect(json<{ outcome: string }>((await cli('pause', '--output', 'json')).stdout).outcome).toBe('already-paused');
  });

  it('resume brings the endpoint back InService on the same config, with its protection', async () => {
    const run = await cli('resume', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ outcome: string }>(run.stdout)).toMatchObject({ outcome: 'resumed', config });
    const live = await sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
    expect(live).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: config });
    const tags = fromTagList((await sm.send(new ListTagsCommand({ ResourceArn: live.EndpointArn! }))).Tags);
    expect(tags).toMatchObject({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl', 'sagectl:protect': 'true' });
    expect(tags).not.toHaveProperty('sagectl:paused');
  });

  it('a paused stack is removed whole by teardown', async () => {
    expect((await cli('pause')).code).toBe(0);
    const run = await cli('teardown', '--yes', '--force');
    expect(run.code, run.stderr).toBe(0);
    // moto ignores NameContains: keep this stack's names only.
    const configs = ((await sm.send(new ListEndpointConfigsCommand({ NameContains: stack }))).EndpointConfigs ?? []).map((c) => c.EndpointConfigName!);
    const models = ((await sm.send(new ListModelsCommand({ NameContains: stack }))).Models ?? []).map((m) => m.ModelName!);
    expect([...configs, ...models].filter((n) => n.includes(stack))).toEqual([]);
  });
});
