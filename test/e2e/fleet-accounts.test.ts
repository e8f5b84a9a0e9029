import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient, CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { IAMClient, CreateRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { credentials } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { runCli } from '../support/run-cli.js';

// Stacks in two regions of two accounts reached through AssumeRole, and a third account whose
// role does not exist: `status` lists the stacks grouped by (account, region) and reports the
// third account; `teardown --idle` deletes exactly the idle managed stacks everywhere, sparing
// busy, protected and unmanaged ones, and exits 3 because one account refused.

const endpoint = inject('motoEndpoint');
const tag = randomBytes(2).toString('hex');
const role = `sagectl-fleet-${tag}`;
const ACCOUNTS = ['111111111111', '222222222222'];
const REFUSING = '333333333333';
const REGIONS = ['us-east-1', 'eu-west-1'];
const KINDS = ['idle', 'busy', 'guard'] as const;
const stackName = (kind: string) => `fa-${tag}-${kind}`;
const unmanaged = `fa-${tag}-byhand`;
const flags = ['--regions', REGIONS.join(','), '--accounts', [...ACCOUNTS, REFUSING].join(','), '--assume-role', role];
const creds = new Map<string, { accessKeyId: string; secretAccessKey: string; sessionToken: string }>();
let dir: string;

const client = <T>(Make: new (c: object) => T, account: string, region: string): T => new Make({ endpoint, region, credentials: creds.get(account)! });
const cliIn = (account: string, region: string, args: string[]) => {
  const c = creds.get(account)!;
  const env = {
    ...e2eEnv(endpoint),
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_SESSION_TOKEN: c.sessionToken,
    AWS_REGION: region,
  };
  return runCli(['--log-level', 'warn', ...args], { cwd: dir, env });
};
const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env: e2eEnv(endpoint) });
const liveEndpoints = async (account: string, region: string) =>
  ((await client(SageMakerClient, account, region).send(new ListEndpointsCommand({ NameContains: `fa-${tag}` }))).Endpoints ?? [])
    .map((e) => e.EndpointName!)
    .filter((n) => n.startsWith(`fa-${tag}`))
    .sort();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-fleet-accounts-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    'role: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img:1\n  modelData: s3://bucket-e2e/m.tar.gz\nendpoint:\n  instanceType: ml.m5.large\n',
  );
  // The role exists in the two reachable accounts only (created there as moto's account header says).
  for (const account of ACCOUNTS) {
    const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials });
    iam.middlewareStack.add(
      (next) => (args) => {
        (args as unknown as { request: { headers: Record<string, string> } }).request.headers['x-moto-account-id'] = account;
        return next(args);
      },
      { step: 'build' },
    );
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
    const out = await new STSClient({ endpoint, region: 'us-east-1', credentials }).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'e2e' }),
    );
    creds.set(account, {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    });
  }
  const limit = pLimit(4);
  const targets = ACCOUNTS.flatMap((account) => REGIONS.map((region) => ({ account, region })));
  const runs = await Promise.all(
    targets.flatMap(({ account, region }) =>
      KINDS.map((kind) => limit(() => cliIn(account, region, ['deploy', '--stack', stackName(kind), ...(kind === 'guard' ? ['--protect'] : [])]))),
    ),
  );
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  const [first] = targets;
  const sm = client(SageMakerClient, first!.account, first!.region);
  await sm.send(new CreateModelCommand({ ModelName: unmanaged, ExecutionRoleArn: 'arn:aws:iam::111111111111:role/R', PrimaryContainer: { Image: 'img:1' } }));
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: unmanaged,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: unmanaged, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: unmanaged, EndpointConfigName: unmanaged }));
  for (const { account, region } of targets) {
    for (const name of [...KINDS.map(stackName), ...(account === first!.account && region === first!.region ? [unmanaged] : [])]) {
      const aged = await fetch(`${endpoint}/_e2e/sagemaker/endpoint-age`, {
        method: 'POST',
        body: JSON.stringify({ endpoint: name, ageSeconds: 7200, region, account }),
      });
      expect(aged.status).toBe(200);
    }
    await client(CloudWatchClient, account, region).send(
      new PutMetricDataCommand({
        Namespace: 'AWS/SageMaker',
        MetricData: [
          {
            MetricName: 'Invocations',
            Dimensions: [
              { Name: 'EndpointName', Value: stackName('busy') },
              { Name: 'VariantName', Value: 'AllTraffic' },
            ],
            Timestamp: new Date(Date.now() - 10 * 60_000),
            Value: 4,
            Unit: 'None',
          },
        ],
      }),
    );
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface TargetReport<R> {
  account: string;
  region: string;
  result?: R;
  error?: string;
}

describe('a fleet over two accounts and two regions', () => {
  it('status --idle lists every stack grouped by (account, region) and reports the account that refused (exit 3)', async () => {
    const run = await cli('status', '--idle', '1h', ...flags, '--output', 'json');
    expect(run.code, run.stderr).toBe(3);
    const doc = JSON.parse(run.stdout) as { targets: TargetReport<{ stacks: { stack: string; idle: { wouldTeardown: boolean } }[] }>[] };
    const refused = doc.targets.filter((t) => t.error !== undefined);
    expect(refused.map((t) => [t.account, t.region])).toEqual([[REFUSING, '*']]);
    expect(refused[0]!.error).toMatch(/AccessDenied/);
    const grouped = doc.targets
      .filter((t) => t.result)
      .map((t) => [t.account, t.region, t.result!.stacks.filter((s) => s.stack.startsWith(`fa-${tag}`)).map((s) => `${s.stack}:${s.idle.wouldTeardown}`)]);
    const expected = KINDS.map((k) => `${stackName(k)}:${k === 'idle'}`).sort();
    expect(grouped).toEqual(ACCOUNTS.flatMap((a) => ['eu-west-1', 'us-east-1'].map((r) => [a, r, expected])));
  });

  it('teardown --idle --yes deletes exactly the idle managed stacks in every account and region, and exits 3 for the refusing account', async () => {
    const run = await cli('teardown', '--idle', '1h', '--yes', ...flags, '--output', 'json');
    expect(run.code, run.stderr).toBe(3);
    const doc = JSON.parse(run.stdout) as { targets: TargetReport<{ stacks: { stack: string }[] }>[]; summary: { failed: number; resourcesFailed: number } };
    expect(doc.summary).toMatchObject({ failed: 1, resourcesFailed: 0 });
    for (const t of doc.targets.filter((x) => x.result)) expect(t.result!.stacks.map((s) => s.stack)).toEqual([stackName('idle')]);
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const spared = [stackName('busy'), stackName('guard'), ...(account === ACCOUNTS[0] && region === REGIONS[0] ? [unmanaged] : [])].sort();
        expect(await liveEndpoints(account, region)).toEqual(spared);
      }
    }
  });

  it('a second run finds nothing more to delete', async () => {
    const run = await cli(
      'teardown',
      '--idle',
      '1h',
      '--yes',
      '--regions',
      REGIONS.join(','),
      '--accounts',
      ACCOUNTS.join(','),
      '--assume-role',
      role,
      '--output',
      'json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { summary: { stacks: number } }).summary.stacks).toBe(0);
  });
});
