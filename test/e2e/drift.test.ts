import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeDataQualityJobDefinitionCommand, DescribeMonitoringScheduleCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { e2eEnv } from './moto.mjs';
import { runCli } from '../support/run-cli.js';

// The drift loop through the built CLI against moto: deploy with data capture, baseline from
// training data in S3, invoke (the launcher, test/e2e/launcher_capture.py, writes capture files
// as SageMaker does), drift. Then capture files written here, not by sagectl or the launcher.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const id = randomBytes(3).toString('hex');
const stack = `drift-${id}`;
const bucket = `sagectl-drift-${id}`;
const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const sagemaker = new SageMakerClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
let dir: string;

/** A seeded generator, so every run draws the same rows. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** tenure 0–10, spend around 50 (shifted by `shift`), plan 0–4. */
function rows(n: number, random: () => number, shift = 0): string {
  return Array.from({ length: n }, () => {
    const spend = 50 + (random() + random() + random() - 1.5) * 20 + shift;
    return `${(random() * 10).toFixed(3)},${spend.toFixed(3)},${Math.floor(random() * 5)}`;
  }).join('\n');
}

function writeConfig(name: string): void {
  writeFileSync(
    path.join(dir, `${name}.yaml`),
    [
      `name: ${name}`,
      'region: us-east-1',
      `role: ${ROLE}`,
      'model: { image: img:1 }',
      'endpoint:',
      '  instanceType: ml.m5.large',
      `  dataCapture: { s3Uri: s3://${bucket}/capture, percent: 100 }`,
      '  input: { contentType: text/csv, features: [tenure, spend, plan], featureTypes: [number, number, integer] }',
      'monitoring:',
      `  baseline: s3://${bucket}/train/train.csv`,
      '',
    ].join('\n'),
  );
}

const cli = (args: string[], config = stack) => runCli(['--log-format', 'json', '--config', `${config}.yaml`, ...args], { cwd: dir, env });

async function clearCapture(): Promise<void> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'capture/' }));
  const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
  if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
}

/** `requests` invocations through sagectl invoke, each of `size` rows. */
async function invokeRows(requests: number, size: number, random: () => number, shift = 0): Promise<void> {
  for (let i = 0; i < requests; i++) {
    const run = await cli(['invoke', '--data', rows(size, random, shift)]);
    expect(run.code, run.stderr).toBe(0);
  }
}

interface DriftDocument {
  verdict: string;
  drifted: Array<{ variant: string; feature: string }>;
  variants: Array<{ variant: string; records: number; rows: number; unparsable: number; features: Array<{ name: string; verdict: string; psi: number }> }>;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-drift-'));
  writeConfig(stack);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'train/train.csv', Body: `${rows(5000, seeded(1))}\n` }));
  const up = await cli(['deploy']);
  expect(up.code, up.stderr).toBe(0);
  const base = await cli(['baseline', '--output', 'json']);
  expect(base.code, base.stderr).toBe(0);
  expect(JSON.parse(base.stdout)).toMatchObject({ rows: 5000, statistics: `s3://${bucket}/baseline/${stack}/statistics.json` });
}, 120_000);

afterAll(async () => {
  await cli(['teardown', stack, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('drift against moto', () => {
  it('traffic drawn from the baseline: drift exits 0', async () => {
    await invokeRows(10, 100, seeded(2));
    const run = await cli(['drift', '--since', '1h', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as DriftDocument;
    expect(doc.verdict).toBe('ok');
    expect(doc.variants).toHaveLength(1);
    expect(doc.variants[0]).toMatchObject({ variant: 'AllTraffic', records: 10, rows: 1000, unparsable: 0 });
    expect(doc.variants[0]!.features.map((f) => f.verdict)).toEqual(['ok', 'ok', 'ok']);
  }, 120_000);

  it("baseline --outputs-since takes the model's answers as the output baseline; drift then judges them", async () => {
    const before = await cli(['drift', '--since', '1h', '--output', 'json']);
    const unjudged = JSON.parse(before.stdout) as { outputBaseline: string | null; variants: Array<{ outputs: Array<{ verdict: string }> }> };
    expect(unjudged.outputBaseline).toBeNull();
    expect(unjudged.variants[0]!.outputs.map((o) => o.verdict)).toEqual(['no-baseline']);
    const base = await cli(['baseline', '--outputs-since', '1h', '--output', 'json']);
    expect(base.code, base.stderr).toBe(0);
    expect(JSON.parse(base.stdout)).toMatchObject({ outputs: { records: 10, written: `s3://${bucket}/baseline/${stack}/output-statistics.json` } });
    await invokeRows(10, 100, seeded(5));
    const run = await cli(['drift', '--since', '1h', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { outputBaseline: string; variants: Array<{ outputs: Array<Record<string, unknown>> }> };
    expect(doc.outputBaseline).toBe(`s3://${bucket}/baseline/${stack}/output-statistics.json`);
    // The emulator gives each request one canned answer (not one per row): 20 answers are judged
    // against the 10 of the baseline, too few for a verdict, and no longer `no-baseline`.
    expect(doc.variants[0]!.outputs).toHaveLength(1);
    expect(doc.variants[0]!.outputs[0]).toMatchObject({ name: 'output', baseline: { count: 10 }, live: { count: 20 }, verdict: 'too-few' });
  }, 120_000);

  it('one feature shifted: drift exits 7 and names that feature only', async () => {
    await clearCapture();
    await invokeRows(10, 100, seeded(3), 30);
    const run = await cli(['drift', '--since', '1h', '--output', 'json']);
    expect(run.code, run.stderr).toBe(7);
    const doc = JSON.parse(run.stdout) as DriftDocument;
    expect(doc.verdict).toBe('drift');
    expect(doc.drifted).toEqual([{ variant: 'AllTraffic', feature: 'spend' }]);
    const text = await cli(['drift', '--since', '1h']);
    expect(text.code).toBe(7);
    expect(text.stdout).toContain('DRIFT: spend');
  }, 120_000);

  it("reads capture files written in SageMaker's format by someone else: BASE64, JSON and a corrupt line", async () => {
    await clearCapture();
    const random = seeded(4);
    const now = new Date();
    const hour = now.toISOString().slice(0, 13).replace(/[-T]/g, '/');
    const record = (data: string, encoding: string, contentType: string): string =>
      JSON.stringify({
        captureData: {
          endpointInput: { observedContentType: contentType, mode: 'INPUT', data, encoding },
          endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: Buffer.from('0.7').toString('base64'), encoding: 'BASE64' },
        },
        eventMetadata: { eventId: randomBytes(8).toString('hex'), inferenceTime: now.toISOString() },
        eventVersion: '0',
      });
    const json = rows(150, random)
      .split('\n')
      .map((r) => r.split(',').map(Number));
    const body = [
      record(Buffer.from(rows(150, random)).toString('base64'), 'BASE64', 'text/csv'),
      record(JSON.stringify({ instances: json }), 'JSON', 'application/json'),
      '{"captureData": {"endpointInput": {"data": ',
      record(rows(150, random), 'CSV', 'text/csv'),
    ].join('\n');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `capture/${stack}/AllTraffic/${hour}/00-00-000-written-by-test.jsonl`, Body: body }));
    const run = await cli(['drift', '--since', '1h', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as DriftDocument & { variants: Array<{ outputs: Array<{ name: string; live: unknown }> }> };
    expect(doc.variants[0]).toMatchObject({ records: 3, rows: 450, unparsable: 1 });
    // The output baseline the test before took holds the emulator's canned (text) answer: 0.7 is a new category.
    expect(doc.variants[0]!.outputs[0]).toMatchObject({ name: 'output', kind: 'categorical', live: { count: 3, top: '0.7' }, verdict: 'too-few' });
  }, 120_000);

  it('two variants (an A/B test): drift compares them with each other, features and outputs', async () => {
    await clearCapture();
    const now = new Date();
    const hour = now.toISOString().slice(0, 13).replace(/[-T]/g, '/');
    const file = (random: () => number, shift: number, low: number): string =>
      Array.from({ length: 1000 }, () =>
        JSON.stringify({
          captureData: {
            endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: rows(1, random, shift), encoding: 'CSV' },
            endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: (low + random() * 0.3).toFixed(3), encoding: 'CSV' },
          },
          eventMetadata: { eventId: randomBytes(8).toString('hex'), inferenceTime: now.toISOString() },
          eventVersion: '0',
        }),
      ).join('\n');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `capture/${stack}/current/${hour}/00-00-000-a.jsonl`, Body: file(seeded(6), 0, 0.1) }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `capture/${stack}/challenger/${hour}/00-00-000-b.jsonl`, Body: file(seeded(7), 30, 0.6) }));
    const run = await cli(['drift', '--since', '1h', '--output', 'json']);
    const doc = JSON.parse(run.stdout) as {
      comparisons: Array<{ a: string; b: string; features: Array<{ name: string; verdict: string }>; outputs: Array<{ verdict: string }> }>;
    };
    expect(doc.comparisons).toHaveLength(1);
    expect(doc.comparisons[0]).toMatchObject({ a: 'challenger', b: 'current' });
    expect(doc.comparisons[0]!.features.map((f) => [f.name, f.verdict])).toEqual([
      ['tenure', 'same'],
      ['spend', 'differs'],
      ['plan', 'same'],
    ]);
    expect(doc.comparisons[0]!.outputs.map((o) => o.verdict)).toEqual(['differs']);
    await clearCapture();
  }, 120_000);

  it('monitor enable: a job definition and an hourly schedule on the baseline; teardown leaves neither', async () => {
    const name = `${stack}-data-quality`;
    const enable = await cli(['monitor', 'enable', '--output', 'json']);
    expect(enable.code, enable.stderr).toBe(0);
    expect(JSON.parse(enable.stdout)).toMatchObject({ name, schedule: 'created', jobDefinition: 'created' });
    const schedule = await sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }));
    expect(schedule.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression).toBe('cron(0 * ? * * *)');
    const definition = await sagemaker.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: name }));
    expect(definition.DataQualityBaselineConfig?.StatisticsResource?.S3Uri).toBe(`s3://${bucket}/baseline/${stack}/statistics.json`);
    const down = await cli(['teardown', '--yes', '--output', 'json']);
    expect(down.code, down.stderr).toBe(0);
    const kinds = (JSON.parse(down.stdout) as { stacks: Array<{ resources: Array<{ kind: string; action: string }> }> }).stacks[0]!.resources;
    expect(kinds.filter((r) => r.kind === 'monitoring-schedule' || r.kind === 'data-quality-job-definition').map((r) => r.action)).toEqual([
      'deleted',
      'deleted',
    ]);
    await expect(sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }))).rejects.toThrow();
    await expect(sagemaker.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: name }))).rejects.toThrow();
  }, 120_000);
});
