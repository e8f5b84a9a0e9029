import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient, CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, paginateListEndpoints } from '@aws-sdk/client-sagemaker';
import pLimit from 'p-limit';
import { motoClientConfig } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { runCli } from '../support/run-cli.js';

// A cron's view: 30 managed stacks, some used, one protected, one created inside the window,
// and an unmanaged endpoint beside them; `teardown --idle 1h` must delete exactly the idle,
// managed, unprotected ones, and a second run must find nothing to do.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const prefix = `fleet-${randomBytes(2).toString('hex')}`;
const stacks = Array.from({ length: 30 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
const busy = new Set(stacks.slice(0, 10));
const guarded = stacks[10]!;
const fresh = stacks[11]!;
const unmanaged = `${prefix}-byhand`;
const expectedIdle = stacks.filter((s) => !busy.has(s) && s !== guarded && s !== fresh);
const sm = new SageMakerClient(motoClientConfig(endpoint));
const cw = new CloudWatchClient(motoClientConfig(endpoint));
let dir: string;

async function age(name: string, seconds: number): Promise<void> {
  const response = await fetch(`${endpoint}/_e2e/sagemaker/endpoint-age`, { method: 'POST', body: JSON.stringify({ endpoint: name, ageSeconds: seconds }) });
  expect(response.status).toBe(200);
}

async function liveEndpoints(): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListEndpoints({ client: sm }, { NameContains: prefix })) names.push(...(page.Endpoints ?? []).map((e) => e.EndpointName!));
  return names.sort();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-fleet-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    'region: us-east-1\nrole: arn:aws:iam::123456789012:role/R\ntags: { team: fleet }\nmodel:\n  image: img:1\n  modelData: s3://bucket-e2e/m.tar.gz\nendpoint:\n  instanceType: ml.m5.large\n',
  );
  const limit = pLimit(4);
  const runs = await Promise.all(
    stacks.map((stack) =>
      limit(() => runCli(['deploy', '--stack', stack, '--log-level', 'warn', ...(stack === guarded ? ['--protect'] : [])], { cwd: dir, env })),
    ),
  );
  for (const run of runs) expect(run.code, run.stderr).toBe(0);

  await sm.send(new CreateModelCommand({ ModelName: unmanaged, ExecutionRoleArn: 'arn:aws:iam::123456789012:role/R', PrimaryContainer: { Image: 'img:1' } }));
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: unmanaged,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: unmanaged, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: unmanaged, EndpointConfigName: unmanaged }));

  for (const name of [...stacks.filter((s) => s !== fresh), unmanaged]) await age(name, 2 * 3600);
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/SageMaker',
      MetricData: [...busy].map((stack) => ({
        MetricName: 'Invocations',
        Dimensions: [
          { Name: 'EndpointName', Value: stack },
          { Name: 'VariantName', Value: 'AllTraffic' },
        ],
        Timestamp: new Date(Date.now() - 10 * 60_000),
        Value: 3,
        Unit: 'None',
      })),
    }),
  );
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  selection: Record<string, unknown>;
  stacks: { stack: string; invocations?: number; window?: string; resources: { kind: string; name: string; arn: string; action: string }[] }[];
  summary: { deleted: number; failed: number };
}

describe('teardown --idle over a fleet', () => {
  it('status --idle shows what a cron teardown would pick', async () => {
    const run = await runCli(['status', '--idle', '1h', '--output', 'json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const { stacks: rows } = JSON.parse(run.stdout) as { stacks: { stack: string; idle: { invocations: number; wouldTeardown: boolean } }[] };
    const ours = rows.filter((r) => r.stack.startsWith(prefix));
    expect(ours.filter((r) => r.idle.wouldTeardown).map((r) => r.stack)).toEqual(expectedIdle);
    expect(ours.find((r) => r.stack === stacks[0])?.idle.invocations).toBe(3);
  });

  it('deletes exactly the idle, managed, unprotected stacks and reports each resource', async () => {
    const run = await runCli(['teardown', '--idle', '1h', '--yes', '--output', 'json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.selection).toEqual({ idle: '1h' });
    expect(report.stacks.map((s) => s.stack).sort()).toEqual(expectedIdle);
    for (const s of report.stacks) {
      expect(s).toMatchObject({ invocations: 0, window: '1h' });
      expect(s.resources.map((r) => `${r.kind}:${r.action}`).sort()).toEqual(['endpoint-config:deleted', 'endpoint:deleted', 'model:deleted']);
      expect(s.resources.every((r) => r.arn.startsWith('arn:aws:sagemaker:'))).toBe(true);
    }
    expect(report.summary).toMatchObject({ deleted: expectedIdle.length * 3, failed: 0 });
    expect(await liveEndpoints()).toEqual([...busy, guarded, fresh, unmanaged].sort());
  });

  it('a second run finds nothing to do and exits 0', async () => {
    const run = await runCli(['teardown', '--idle', '1h', '--yes', '--output', 'json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Report).stacks).toEqual([]);
  });

  it('cleans up: --tag selects the rest of the fleet, --force is needed for the protected one', async () => {
    const refused = await runCli(['teardown', guarded, '--yes'], { cwd: dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('protected');
    const run = await runCli(['teardown', '--tag', 'team=fleet', '--yes', '--output', 'json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const forced = await runCli(['teardown', guarded, '--yes', '--force'], { cwd: dir, env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await liveEndpoints()).toEqual([unmanaged]);
  });
});
