import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { e2eEnv, readRequestLog, resetRequestLog } from './moto.mjs';
import { runCli, hasStackTrace } from '../support/run-cli.js';
import { writeStackConfig } from './fixtures.js';

// invoke and deploy --smoke-test through the built CLI against moto. Moto's InvokeEndpoint
// answers from a queue of canned results (filled through its own /moto-api); the launcher makes
// it refuse missing endpoints as AWS does, and fail with ModelError for a "model-error" image.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = `inv-${randomBytes(3).toString('hex')}`;
const broken = `${stack}-err`;
let dir: string;

function writeConfig(image = 'img:1'): void {
  writeStackConfig(dir, stack, { image, endpoint: ['instanceType: ml.m5.large', 'input: { contentType: text/csv, features: 3 }'] });
}

const cli = (args: string[], input?: string) => runCli(['--log-format', 'json', ...args], { cwd: dir, env, ...(input !== undefined ? { input } : {}) });
const file = (name: string, content: string | Buffer): string => {
  writeFileSync(path.join(dir, name), content);
  return name;
};

/** Queues canned InvokeEndpoint answers in moto (each body is answered once per distinct request). */
async function queueResults(...results: { Body: string; ContentType: string; InvokedProductionVariant?: string }[]): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ results: results.map((r) => ({ InvokedProductionVariant: 'AllTraffic', ...r })) }),
  });
  expect(response.status).toBe(201);
}

const invocations = async () => (await readRequestLog(endpoint)).requests.filter((r) => r.target.endsWith('/invocations'));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-invoke-'));
  writeConfig();
  const up = await cli(['deploy', '--output', 'json']);
  expect(up.code, up.stderr).toBe(0);
});
afterAll(async () => {
  await cli(['teardown', stack, broken, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('invoke against moto', () => {
  it('echo "1,2,3" | sagectl invoke --output json: one request, the answer as a JSON document', async () => {
    await queueResults({ Body: '0.93', ContentType: 'text/csv' });
    await resetRequestLog(endpoint);
    const run = await cli(['invoke', '--output', 'json'], '1,2,3\n');
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ endpoint: stack, body: '0.93', contentType: 'text/csv', invokedVariant: 'AllTraffic' });
    expect(doc['latencyMs']).toEqual(expect.any(Number));
    expect((await readRequestLog(endpoint)).requests.map((r) => r.target)).toEqual([`POST /endpoints/${stack}/invocations`]);
  });

  it('a CSV file: stdout is the body exactly as it came, so it pipes', async () => {
    await queueResults({ Body: '0.12\n0.88\n', ContentType: 'text/csv' });
    const run = await cli(['invoke', stack, '--file', file('rows.csv', '4,5,6\n7,8,9\n')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('0.12\n0.88\n');
  });

  it('JSON: --content-type application/json, the answer parsed in the document', async () => {
    await queueResults({ Body: '{"predictions": [0.5]}', ContentType: 'application/json' });
    const run = await cli(['invoke', '--data', '[[1, 2, 3]]', '--content-type', 'application/json', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ body: { predictions: [0.5] }, contentType: 'application/json' });
  });

  it('--variant sends TargetVariant and reports the variant that answered', async () => {
    await queueResults({ Body: '0.4', ContentType: 'text/csv', InvokedProductionVariant: 'Canary' });
    await resetRequestLog(endpoint);
    const run = await cli(['invoke', '--variant', 'Canary', '--data', '9,9,9', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ invokedVariant: 'Canary' });
    expect((await invocations()).map((r) => r.targetVariant)).toEqual(['Canary']);
  });

  it.each([
    ['a row with 2 fields', ['--data', '1,2,3\n4,5'], 'row 2: 2 fields, expected 3'],
    ['a string where a number belongs', ['--data', '1,abc,3'], 'row 1, column 2: expected a number, found \\"abc\\"'],
    ['a header row', ['--data', 'a,b,c\n1,2,3'], 'row 1: looks like a header row'],
    ['an empty field', ['--data', '1,,3'], 'row 1, column 2: empty field'],
    ['JSON that does not parse', ['--data', '{"a": 1,}', '--content-type', 'application/json'], 'line 1, column 9: not valid JSON'],
  ])('%s exits 2 naming the place, and sends nothing', async (_what, args, message) => {
    await resetRequestLog(endpoint);
    const run = await cli(['invoke', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect((await readRequestLog(endpoint)).count).toBe(0);
  });

  it('invalid UTF-8, a NUL byte and an oversized file exit 2 with the offset and the size, sending nothing', async () => {
    await resetRequestLog(endpoint);
    const latin1 = await cli(['invoke', '--file', file('latin1.csv', Buffer.from([0x31, 0x2c, 0xe9, 0x2c, 0x33, 0x0a]))]);
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toContain('latin1.csv: byte offset 2: not valid UTF-8 (byte 0xe9)');
    const nul = await cli(['invoke', '--file', file('nul.csv', Buffer.from([0x31, 0x2c, 0x32, 0x00, 0x2c, 0x33]))]);
    expect(nul.code).toBe(2);
    expect(nul.stderr).toContain('nul.csv: byte offset 3: NUL byte in a text payload');
    const big = await cli(['invoke', '--no-validate', '--file', file('big.csv', '1,2,3\n'.repeat(1_100_000))]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('big.csv: 6.29 MB (6600000 bytes) is over the 6 MB a real-time endpoint accepts');
    expect((await readRequestLog(endpoint)).count).toBe(0);
  });

  it('a stack with no endpoint exits 2 and names the stacks that exist', async () => {
    const run = await cli(['invoke', `${stack}-nope`, '--data', '1,2,3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no endpoint for stack ${stack}-nope`);
    expect(run.stderr).toContain(stack);
  });

  it("a model error exits 4 with the container's message, log group and stream", async () => {
    writeConfig('123456789012.dkr.ecr.us-east-1.amazonaws.com/model-error:1');
    const up = await cli(['deploy', '--stack', broken]);
    expect(up.code, up.stderr).toBe(0);
    const run = await cli(['invoke', broken, '--data', '1,2,3']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("the model's container answered 500: could not convert string to float");
    expect(run.stderr).toContain(`log group /aws/sagemaker/Endpoints/${broken}, stream AllTraffic/`);
    expect(run.stdout).toBe('');
    writeConfig();
  });
});

describe('deploy --smoke-test against moto', () => {
  it('passes: the result records the smoke test', async () => {
    await queueResults({ Body: '0.77', ContentType: 'text/csv' });
    const run = await cli(['deploy', '--smoke-test', file('smoke.csv', '3,2,1\n'), '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stack, smokeTest: { passed: true, invokedVariant: 'AllTraffic', preview: '0.77' } });
  });

  it('fails with exit 4 and the model error when the model fails on the payload', async () => {
    writeConfig('123456789012.dkr.ecr.us-east-1.amazonaws.com/model-error:1');
    const run = await cli(['deploy', '--stack', broken, '--smoke-test', 'smoke.csv']);
    writeConfig();
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('smoke test failed: endpoint');
    expect(run.stderr).toContain('could not convert string to float');
    expect(run.stdout).toBe('');
  });

  it('a bad smoke-test file exits 2 before anything is sent', async () => {
    await resetRequestLog(endpoint);
    const run = await cli(['deploy', '--smoke-test', file('bad-smoke.csv', '1,2\n')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad-smoke.csv: row 1: 2 fields, expected 3');
    expect((await readRequestLog(endpoint)).count).toBe(0);
  });
});
