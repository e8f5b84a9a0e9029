import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pLimit from 'p-limit';
import {
  SageMakerClient,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  paginateListEndpointConfigs,
  paginateListEndpoints,
  paginateListModels,
} from '@aws-sdk/client-sagemaker';
import { APIGatewayClient, GetApiKeysCommand, GetRestApisCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { IAMClient, paginateListRoles } from '@aws-sdk/client-iam';
import { motoClientConfig } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { useMotoLambdaWithoutDocker } from './moto-lambda.js';
import { BIN, runCli, type CliRun } from '../support/run-cli.js';

// kill -9 of deploy, update-endpoint and wire-api at seeded moments, then the same command run
// again (issue 18). Each run signs with its own access key; the launcher's kill switch
// (launcher_kill.py) holds that key's requests after the N-th, the test kills the process while
// one is held, and the held request is dropped unapplied: the run died after exactly N requests.
// N is drawn from a seeded generator over the requests a clean run of the command makes, so a
// failure replays with SAGECTL_E2E_KILL_SEED. After each re-run, plain SDK calls count what the
// stack holds: one endpoint, config and model per deploy (the previous config kept by an update),
// one REST API, usage plan and key, the key in the plan; after teardown, nothing.

const endpoint = inject('motoEndpoint');
const SEED = Number(process.env.SAGECTL_E2E_KILL_SEED ?? 18);
const aws = motoClientConfig(endpoint);
const sm = new SageMakerClient(aws);
const apigw = new APIGatewayClient(aws);
const lambda = new LambdaClient(aws);
const iam = new IAMClient(aws);
const prefix = `kil-${randomBytes(2).toString('hex')}`;
const stacks = Array.from({ length: 7 }, (_, i) => `${prefix}-s${i}x`);
const REFERENCE = `${prefix}-refx`;
const V2 = 's3://bucket-e2e/v2.tar.gz';
let dir: string;

/** mulberry32: a small seeded generator, so the kill points replay. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const killSwitch = async (body: object): Promise<{ seen: number; held: string[] }> => {
  const res = await fetch(`${endpoint}/_e2e/kill`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`kill switch: HTTP ${res.status}`);
  return (await res.json()) as { seen: number; held: string[] };
};
const killState = async (key: string): Promise<{ seen: number; passed: string[]; held: string[] }> =>
  (await (await fetch(`${endpoint}/_e2e/kill?accessKey=${key}`)).json()) as { seen: number; passed: string[]; held: string[] };

interface KilledRun {
  /** The request held when the process was killed; undefined when it ended first. */
  heldAt?: string;
  /** Requests the run had sent (and had applied) before the kill, or in all. */
  seen: number;
  /** Their names, in order. */
  passed: string[];
  run?: CliRun;
}

/** Runs sagectl signing with its own key; kills it (SIGKILL) once its request number `after + 1` is held. */
async function runKilledAfter(args: string[], after: number): Promise<KilledRun> {
  const key = `KILL${randomBytes(5).toString('hex').toUpperCase()}`;
  await killSwitch({ accessKey: key, after });
  const child = spawn(process.execPath, [BIN, ...args, '--log-level', 'warn'], {
    cwd: dir,
    env: { ...e2eEnv(endpoint), AWS_ACCESS_KEY_ID: key },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end();
  const closed = once(child, 'close') as Promise<[number | null]>;
  let ended = false;
  void closed.then(() => (ended = true));
  try {
    for (let polls = 0; polls < 3_000; polls++) {
      const state = await killState(key);
      if (state.held.length > 0) {
        child.kill('SIGKILL');
        await closed;
        return { heldAt: state.held[0]!, seen: after, passed: state.passed };
      }
      if (ended) {
        const [code] = await closed;
        return { seen: state.seen, passed: state.passed, run: { code, stdout, stderr } };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    throw new Error(`${args.join(' ')} neither ended nor reached request ${after + 1}`);
  } finally {
    await killSwitch({ accessKey: key, release: true });
  }
}

const cli = (args: string[]) => runCli([...args, '--log-level', 'warn'], { cwd: dir, env: e2eEnv(endpoint) });
const own = (names: (string | undefined)[], stack: string): string[] => names.filter((n): n is string => n?.startsWith(`${stack}-`) ?? false).sort();

/** What a stack holds in SageMaker, counted with plain SDK calls (moto ignores NameContains: filtered here). */
async function sagemakerOf(stack: string): Promise<{ endpoints: string[]; configs: string[]; models: string[] }> {
  const endpoints: string[] = [];
  const configs: string[] = [];
  const models: string[] = [];
  for await (const p of paginateListEndpoints({ client: sm }, { NameContains: stack })) endpoints.push(...(p.Endpoints ?? []).map((e) => e.EndpointName!));
  for await (const p of paginateListEndpointConfigs({ client: sm }, { NameContains: stack }))
    configs.push(...(p.EndpointConfigs ?? []).map((c) => c.EndpointConfigName!));
  for await (const p of paginateListModels({ client: sm }, { NameContains: stack })) models.push(...(p.Models ?? []).map((m) => m.ModelName!));
  return { endpoints: endpoints.filter((e) => e === stack), configs: own(configs, stack), models: own(models, stack) };
}

/** What a stack holds in API Gateway, Lambda and IAM. */
async function apiOf(stack: string): Promise<{ apis: string[]; plans: string[]; keys: string[]; attached: string[]; functions: string[]; roles: string[] }> {
  const mine = (items: { id?: string; tags?: Record<string, string> }[] | undefined): string[] =>
    (items ?? []).filter((i) => i.tags?.['sagectl:stack'] === stack).map((i) => i.id!);
  const apis = mine((await apigw.send(new GetRestApisCommand({ limit: 500 }))).items);
  const plans = mine((await apigw.send(new GetUsagePlansCommand({ limit: 500 }))).items);
  const keys = mine((await apigw.send(new GetApiKeysCommand({ limit: 500 }))).items);
  const attached: string[] = [];
  for (const plan of plans) attached.push(...((await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan }))).items ?? []).map((k) => k.id!));
  const functions: string[] = [];
  for await (const p of paginateListFunctions({ client: lambda }, {}))
    functions.push(...(p.Functions ?? []).map((f) => f.FunctionName!).filter((n) => n === `${stack}-invoke`));
  const roles: string[] = [];
  for await (const p of paginateListRoles({ client: iam }, {}))
    roles.push(...(p.Roles ?? []).map((r) => r.RoleName!).filter((n) => n === `${stack}-invoke-role`));
  return { apis, plans, keys, attached: attached.sort(), functions, roles };
}

/** The artifact the endpoint's (only) variant serves. */
async function servedArtifact(stack: string): Promise<string | undefined> {
  const e = await sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
  const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: e.EndpointConfigName }));
  const model = await sm.send(new DescribeModelCommand({ ModelName: config.ProductionVariants![0]!.ModelName }));
  return model.PrimaryContainer?.ModelDataUrl;
}

beforeAll(async () => {
  await useMotoLambdaWithoutDocker(endpoint);
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-kill-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      'region: us-east-1',
      'role: arn:aws:iam::123456789012:role/R',
      'model:',
      '  image: img:1',
      '  modelData: s3://bucket-e2e/m.tar.gz',
      'endpoint:',
      '  instanceType: ml.m5.large',
      'api:',
      '  apiKey: true',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await cli(['teardown', ...stacks, REFERENCE, '--yes']).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** A request that changes something (SageMaker Create/Update/Delete/AddTags, a REST write; IAM's query protocol posts everything). */
const isChange = (target: string): boolean => /\.(Create|Update|Delete|AddTags)|^(POST|PUT|PATCH|DELETE) /.test(target);

describe('kill -9 at seeded moments, then the same command again', () => {
  it(`deploy, update-endpoint and wire-api converge with no duplicates, and teardown leaves nothing (seed ${SEED})`, async () => {
    const random = seeded(SEED);
    const limit = pLimit(4);
    const commands = {
      deploy: (stack: string) => ['deploy', '--stack', stack],
      update: (stack: string) => ['update-endpoint', '--stack', stack, '--model-data', V2],
      wire: (stack: string) => ['wire-api', '--stack', stack],
    };
    // A clean run of each: how many requests it makes, and which change something.
    const clean: Record<string, string[]> = {};
    for (const name of ['deploy', 'update', 'wire'] as const) {
      const run = await runKilledAfter(commands[name](REFERENCE), 1_000_000);
      expect(run.run?.code, run.run?.stderr).toBe(0);
      clean[name] = run.passed;
    }
    // Half the kill points anywhere, half right after a change (between CreateModel and
    // CreateEndpointConfig, CreateApiKey and CreateUsagePlanKey…), where a leftover is made.
    const killPoint = (name: keyof typeof commands, i: number): number => {
      const sent = clean[name]!;
      const afterChange = sent.flatMap((t, at) => (isChange(t) && at + 1 < sent.length ? [at + 1] : []));
      return i % 2 === 1 && afterChange.length > 0 ? afterChange[Math.floor(random() * afterChange.length)]! : Math.floor(random() * sent.length);
    };
    const kills: { command: string; stack: string; after: number; heldAt?: string }[] = [];
    const problems: string[] = [];
    let duplicates = 0;
    const count = (what: string, found: string[], want: number): void => {
      if (found.length > want) duplicates += found.length - want;
      if (found.length !== want) problems.push(`${what}: ${found.length} (want ${want}): ${found.join(', ')}`);
    };
    const killThenRerun = async (name: keyof typeof commands, stack: string, after: number): Promise<void> => {
      const killed = await runKilledAfter(commands[name](stack), after);
      kills.push({ command: name, stack, after, ...(killed.heldAt ? { heldAt: killed.heldAt } : {}) });
      const rerun = await cli(commands[name](stack));
      if (rerun.code !== 0)
        problems.push(`${name} ${stack} killed after ${after} requests (at ${killed.heldAt}), run again: exit ${rerun.code}: ${rerun.stderr}`);
    };
    const why = (name: string, stack: string): string => {
      const k = kills.find((x) => x.command === name && x.stack === stack)!;
      return `${name} ${stack} killed after ${k.after} requests (at ${k.heldAt ?? 'the end'})`;
    };

    // deploy: 7 kills of a first deploy.
    await Promise.all(stacks.map((stack, i) => limit(() => killThenRerun('deploy', stack, killPoint('deploy', i)))));
    for (const stack of stacks) {
      const held = await sagemakerOf(stack);
      count(`${why('deploy', stack)}: endpoints`, held.endpoints, 1);
      count(`${why('deploy', stack)}: configs`, held.configs, 1);
      count(`${why('deploy', stack)}: models`, held.models, 1);
    }

    // update-endpoint: 7 kills of a new model.
    const updated = stacks;
    await Promise.all(updated.map((stack, i) => limit(() => killThenRerun('update', stack, killPoint('update', i)))));
    for (const stack of updated) {
      const held = await sagemakerOf(stack);
      if ((await servedArtifact(stack)) !== V2) problems.push(`${why('update', stack)}: the endpoint does not serve ${V2}`);
      // The new config and model, and the previous ones kept for --rollback: never a third.
      count(`${why('update', stack)}: configs`, held.configs, 2);
      count(`${why('update', stack)}: models`, held.models, 2);
    }

    // wire-api: 6 kills.
    const wired = stacks.slice(0, 6);
    await Promise.all(wired.map((stack, i) => limit(() => killThenRerun('wire', stack, killPoint('wire', i)))));
    for (const stack of wired) {
      const held = await apiOf(stack);
      for (const kind of ['apis', 'plans', 'keys', 'functions', 'roles'] as const) count(`${why('wire', stack)}: ${kind}`, held[kind], 1);
      if (held.attached.join() !== held.keys.join()) problems.push(`${why('wire', stack)}: keys ${held.keys.join()} but in the plan ${held.attached.join()}`);
    }

    const down = await cli(['teardown', ...stacks, REFERENCE, '--yes']);
    if (down.code !== 0) problems.push(`teardown: exit ${down.code}: ${down.stderr}`);
    let left = 0;
    for (const stack of [...stacks, REFERENCE]) {
      const sage = await sagemakerOf(stack);
      const api = await apiOf(stack);
      const remaining = [...Object.values(sage), ...Object.values(api)].flat();
      left += remaining.length;
      if (remaining.length > 0) problems.push(`after teardown, ${stack} still holds ${remaining.join(', ')}`);
    }
    const struck = kills.filter((k) => k.heldAt !== undefined).length;
    process.stdout.write(
      `kill e2e (seed ${SEED}): ${kills.length} runs killed at seeded requests (${struck} mid-run; clean runs send ` +
        `deploy ${clean.deploy!.length}, update-endpoint ${clean.update!.length}, wire-api ${clean.wire!.length} requests), each run again: ` +
        `${duplicates} duplicates, ${left} left after teardown, ${problems.length} problems\n` +
        kills.map((k) => `  ${k.command} ${k.stack} after ${k.after}: ${k.heldAt ?? 'ended first'}`).join('\n') +
        '\n',
    );
    expect(problems).toEqual([]);
    expect(kills).toHaveLength(20);
  }, 150_000);
});
