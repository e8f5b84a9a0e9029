import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SageMakerClient, paginateListEndpointConfigs, paginateListEndpoints, paginateListModels } from '@aws-sdk/client-sagemaker';
import pLimit from 'p-limit';
import { motoClientConfig } from './fixtures.js';
import { e2eEnv, readRequestLog } from './moto.mjs';
import { injectedFaults, setFaults } from './faults.js';
import { runCli } from '../support/run-cli.js';

// sagectl against an AWS that throttles, fails with 5xx, loses answers after applying the change,
// and refuses one read: runs sign with their own access key, so only they are faulted; the
// checks use plain SDK calls with the default key, never faulted.

const endpoint = inject('motoEndpoint');
const sm = new SageMakerClient(motoClientConfig(endpoint));
const SEED = Number(process.env.SAGECTL_E2E_FAULT_SEED ?? 18);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-faults-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    'region: us-east-1\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img:1\n  modelData: s3://bucket-e2e/m.tar.gz\nendpoint:\n  instanceType: ml.m5.large\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the stacks named `prefix-…` hold in SageMaker: names by kind. */
async function held(prefix: string): Promise<{ endpoints: string[]; configs: string[]; models: string[] }> {
  const endpoints: string[] = [];
  const configs: string[] = [];
  const models: string[] = [];
  for await (const p of paginateListEndpoints({ client: sm }, { NameContains: prefix })) endpoints.push(...(p.Endpoints ?? []).map((e) => e.EndpointName!));
  for await (const p of paginateListEndpointConfigs({ client: sm }, { NameContains: prefix }))
    configs.push(...(p.EndpointConfigs ?? []).map((c) => c.EndpointConfigName!));
  for await (const p of paginateListModels({ client: sm }, { NameContains: prefix })) models.push(...(p.Models ?? []).map((m) => m.ModelName!));
  // moto ignores NameContains, so other files' resources come back too: keep this test's own.
  const own = (names: string[]): string[] => names.filter((n) => n.startsWith(`${prefix}-`)).sort();
  return { endpoints: own(endpoints), configs: own(configs), models: own(models) };
}

describe('with 10 % of requests faulted (seeded)', () => {
  it(`deploying and tearing down 20 stacks: every command succeeds, nothing duplicated, nothing left (seed ${SEED})`, async () => {
    const key = `FAULTS${randomBytes(4).toString('hex').toUpperCase()}`;
    const env = { ...e2eEnv(endpoint), AWS_ACCESS_KEY_ID: key };
    const prefix = `flt-${randomBytes(2).toString('hex')}`;
    const stacks = Array.from({ length: 20 }, (_, i) => `${prefix}-s${i}x`);
    await setFaults(endpoint, { seed: SEED, accessKey: key, throttle: 0.04, serverError: 0.03, lostAnswer: 0.03 });
    const before = (await readRequestLog(endpoint)).count;
    const limit = pLimit(4);

    const deploys = await Promise.all(stacks.map((stack) => limit(() => runCli(['deploy', '--stack', stack, '--log-level', 'warn'], { cwd: dir, env }))));
    for (const run of deploys) expect(run.code, run.stderr).toBe(0);
    const deployed = await held(prefix);
    expect(deployed.endpoints).toEqual([...stacks].sort());
    for (const stack of stacks) {
      // One config and one model per stack: a create retried after a lost answer made no second.
      expect(
        deployed.configs.filter((c) => c.startsWith(`${stack}-`)),
        stack,
      ).toHaveLength(1);
      expect(
        deployed.models.filter((m) => m.startsWith(`${stack}-`)),
        stack,
      ).toHaveLength(1);
    }

    const teardowns = await Promise.all(
      [0, 5, 10, 15]
        .map((from) => stacks.slice(from, from + 5))
        .map((some) => runCli(['teardown', ...some, '--yes', '--log-level', 'warn'], { cwd: dir, env })),
    );
    for (const run of teardowns) expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    const injected = await injectedFaults(endpoint, key);
    await setFaults(endpoint, { seed: SEED, accessKey: key });
    expect(await held(prefix)).toEqual({ endpoints: [], configs: [], models: [] });
    const requests = (await readRequestLog(endpoint)).count - before;
    const byKind = Object.fromEntries(['throttle', 'internal', 'unavailable', 'lostAnswer'].map((k) => [k, injected.filter((f) => f.fault === k).length]));
    const lostCreates = injected.filter((f) => f.fault === 'lostAnswer' && /Create/.test(f.target)).length;
    process.stdout.write(
      `faults e2e (seed ${SEED}): ${requests} requests, ${injected.length} faulted ${JSON.stringify(byKind)}, ${lostCreates} creates answered then cut; ` +
        `${deploys.length + teardowns.length} commands, 0 failed, 0 left\n`,
    );
    expect(injected.length).toBeGreaterThan(requests * 0.05);
  }, 180_000);
});

describe('one read refused for one stack', () => {
  // Teardown reads Lambda only for a stack its inventory shows using wire-api; the role, which the
  // tagging API never shows, it reads by name for every named stack: that is the read refused here.
  it('teardown A B C with iam:GetRole denied for B: A and C deleted, B left whole and named with the refusal, exit 3', async () => {
    const key = `DENY${randomBytes(4).toString('hex').toUpperCase()}`;
    const env = { ...e2eEnv(endpoint), AWS_ACCESS_KEY_ID: key };
    const prefix = `den-${randomBytes(2).toString('hex')}`;
    const [a, b, c] = ['a', 'b', 'c'].map((s) => `${prefix}-${s}x`) as [string, string, string];
    const deploys = await Promise.all([a, b, c].map((stack) => runCli(['deploy', '--stack', stack, '--log-level', 'warn'], { cwd: dir, env })));
    for (const run of deploys) expect(run.code, run.stderr).toBe(0);
    await setFaults(endpoint, { seed: SEED, accessKey: key, deny: [{ action: 'iam:GetRole', resource: `${b}-invoke-role` }] });

    const run = await runCli(['teardown', a, b, c, '--yes', '--output', 'json', '--log-level', 'warn'], { cwd: dir, env });

    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout) as {
      stacks: { stack: string; error?: string; resources: { action: string }[] }[];
      summary: { stacksFailed: number };
    };
    expect(report.summary.stacksFailed).toBe(1);
    expect(report.stacks.find((s) => s.stack === b)?.error).toMatch(/GetRole|AccessDenied/);
    for (const s of [a, c]) expect(report.stacks.find((x) => x.stack === s)?.resources.every((r) => r.action === 'deleted')).toBe(true);
    const left = await held(prefix);
    expect(left.endpoints).toEqual([b]);
    expect(left.configs.every((n) => n.startsWith(`${b}-`)) && left.configs.length).toBe(1);

    await setFaults(endpoint, { seed: SEED, accessKey: key });
    expect((await runCli(['teardown', b, '--yes', '--log-level', 'warn'], { cwd: dir, env })).code).toBe(0);
    expect(await held(prefix)).toEqual({ endpoints: [], configs: [], models: [] });
  }, 60_000);
});
