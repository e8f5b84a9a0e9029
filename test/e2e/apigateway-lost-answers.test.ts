import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APIGatewayClient, GetApiKeysCommand, GetRestApisCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { motoClientConfig } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { useMotoLambdaWithoutDocker } from './moto-lambda.js';
import { runCli } from '../support/run-cli.js';

// wire-api against an API Gateway that applies each kind of write it makes and then loses the
// answer, once per run. API Gateway takes a repeated CreateRestApi, CreateUsagePlan or
// CreateApiKey as one more resource and refuses a repeated CreateResource, PutMethod or
// CreateUsagePlanKey: every retried write must find what its first attempt made, so each stack
// ends with one REST API, one usage plan and one key, the key in the plan; teardown then leaves
// nothing.

const endpoint = inject('motoEndpoint');
const apigw = new APIGatewayClient(motoClientConfig(endpoint));
const prefix = `ala-${randomBytes(2).toString('hex')}`;
const stacks = [0, 1].map((i) => `${prefix}-s${i}x`);
let dir: string;

const cli = (args: string[], env = e2eEnv(endpoint)) => runCli([...args, '--log-level', 'warn'], { cwd: dir, env });

async function apiGatewayOf(stack: string): Promise<{ apis: string[]; plans: string[]; keys: string[]; attached: string[] }> {
  const mine = (items: { id?: string; tags?: Record<string, string> }[] | undefined): string[] =>
    (items ?? []).filter((i) => i.tags?.['sagectl:stack'] === stack).map((i) => i.id!);
  const apis = mine((await apigw.send(new GetRestApisCommand({ limit: 500 }))).items);
  const plans = mine((await apigw.send(new GetUsagePlansCommand({ limit: 500 }))).items);
  const keys = mine((await apigw.send(new GetApiKeysCommand({ limit: 500 }))).items);
  const attached: string[] = [];
  for (const plan of plans) attached.push(...((await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan }))).items ?? []).map((k) => k.id!));
  return { apis, plans, keys, attached };
}

beforeAll(async () => {
  await useMotoLambdaWithoutDocker(endpoint);
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-apigw-lost-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    'region: us-east-1\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img:1\n  modelData: s3://bucket-e2e/m.tar.gz\nendpoint:\n  instanceType: ml.m5.large\napi:\n  apiKey: true\n',
  );
});

afterAll(async () => {
  await cli(['teardown', ...stacks, '--yes']).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** Every API Gateway write wire-api makes that AWS may apply and then answer too late: the first of each loses its answer. */
const LOSE_FIRST = [
  '^POST /restapis$', // CreateRestApi: a repeat would be a second API
  '^POST /restapis/[^/]+/resources/[^/]+$', // CreateResource: a repeat meets ConflictException
  '^PUT /restapis/[^/]+/resources/[^/]+/methods/POST$', // PutMethod: likewise
  '^POST /restapis/[^/]+/deployments$', // CreateDeployment: a repeat is one more deployment of the stage
  '^POST /usageplans$', // CreateUsagePlan: a second plan
  '^POST /apikeys$', // CreateApiKey: a second key, never shown
  '^POST /usageplans/[^/]+/keys$', // CreateUsagePlanKey: ConflictException
];

describe('API Gateway answers lost after the change was applied', () => {
  it('wire-api makes one REST API, usage plan and key per stack, the key in the plan, and shows the key', async () => {
    const deploys = await Promise.all(stacks.map((stack) => cli(['deploy', '--stack', stack])));
    for (const run of deploys) expect(run.code, run.stderr).toBe(0);
    // The launcher's kill switch (launcher_kill.py) applies the first request matching each
    // pattern and then cuts its connection; each stack's run signs with its own key.
    const keys = stacks.map(() => `APIGW${randomBytes(4).toString('hex').toUpperCase()}`);
    for (const key of keys) {
      const res = await fetch(`${endpoint}/_e2e/kill`, { method: 'POST', body: JSON.stringify({ accessKey: key, after: 1_000_000, loseFirst: LOSE_FIRST }) });
      expect(res.ok).toBe(true);
    }

    const wired = await Promise.all(
      stacks.map((stack, i) => cli(['wire-api', '--stack', stack, '--output', 'json'], { ...e2eEnv(endpoint), AWS_ACCESS_KEY_ID: keys[i]! })),
    );
    const lost: string[] = [];
    for (const key of keys) {
      lost.push(...((await (await fetch(`${endpoint}/_e2e/kill?accessKey=${key}`)).json()) as { lost: string[] }).lost);
      await fetch(`${endpoint}/_e2e/kill`, { method: 'POST', body: JSON.stringify({ accessKey: key, release: true }) });
    }
    for (const run of wired) expect(run.code, run.stderr).toBe(0);
    expect(lost, 'every pattern met once per stack').toHaveLength(LOSE_FIRST.length * stacks.length);
    for (const [i, stack] of stacks.entries()) {
      const held = await apiGatewayOf(stack);
      expect(held.apis, stack).toHaveLength(1);
      expect(held.plans, stack).toHaveLength(1);
      expect(held.keys, stack).toHaveLength(1);
      expect(held.attached, stack).toEqual(held.keys);
      const result = JSON.parse(wired[i]!.stdout) as { apiId: string; apiKey: { id: string; value?: string } };
      expect(result.apiId).toBe(held.apis[0]);
      expect(result.apiKey.id).toBe(held.keys[0]);
      expect(result.apiKey.value, 'the key whose answer was lost is still shown once').toMatch(/^\w{20,}$/);
    }
    process.stdout.write(
      `API Gateway lost answers: ${lost.length} writes applied with their answer lost (${LOSE_FIRST.length} kinds × ${stacks.length} stacks); ` +
        `${stacks.length} stacks wired, 0 duplicates\n`,
    );

    const down = await cli(['teardown', ...stacks, '--yes']);
    expect(down.code, down.stderr).toBe(0);
    for (const stack of stacks) expect(await apiGatewayOf(stack), stack).toEqual({ apis: [], plans: [], keys: [], attached: [] });
  }, 120_000);
});
