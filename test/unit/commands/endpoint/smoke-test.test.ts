import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSmokePayload, smokeTest } from '../../../../src/commands/endpoint/smoke-test.js';
import { ResourceFailedError } from '../../../../src/core/errors.js';
import { FakeRuntime } from '../../helpers/fake-runtime.js';
import { testContext, type TestContext } from '../../helpers/context.js';

let dir: string;
const file = (name: string): string => path.join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-smoke-'));
  writeFileSync(file('good.csv'), '1,2,3\n');
  writeFileSync(file('short.csv'), '1,2\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runtime: FakeRuntime;
let ctx: TestContext;
beforeEach(() => {
  runtime = new FakeRuntime();
  ctx = testContext({ name: 'churn', endpoint: { instanceType: 'ml.m5.large', input: { contentType: 'text/csv', features: 3 } } });
});

describe('readSmokePayload', () => {
  it('reads and checks the file against endpoint.input', async () => {
    const payload = await readSmokePayload(ctx, file('good.csv'));
    expect(payload).toMatchObject({ contentType: 'text/csv', source: file('good.csv') });
  });

  it('refuses a bad file with exit 2, naming the file and row', async () => {
    await expect(readSmokePayload(ctx, file('short.csv'))).rejects.toMatchObject({
      exitCode: 2,
      message: `${file('short.csv')}: row 1: 2 fields, expected 3 (endpoint.input.features)`,
    });
    await expect(readSmokePayload(ctx, file('none.csv'))).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('smokeTest', () => {
  it('invokes the endpoint once and reports latency, variant and the start of the answer', async () => {
    const result = await smokeTest(ctx, runtime, 'churn', await readSmokePayload(ctx, file('good.csv')));
    expect(runtime.bodies()).toEqual(['1,2,3\n']);
    expect(result).toEqual({ passed: true, latencyMs: 0, invokedVariant: 'AllTraffic', contentType: 'text/csv', preview: '0.93' });
  });

  it('takes a file path too, checked before anything is sent, and a variant', async () => {
    await expect(smokeTest(ctx, runtime, 'churn', file('short.csv'))).rejects.toMatchObject({ exitCode: 2 });
    expect(runtime.requests).toHaveLength(0);
    await smokeTest(ctx, runtime, 'churn', file('good.csv'), { variant: 'Canary' });
    expect(runtime.requests[0]?.variant).toBe('Canary');
  });

  it("a model error fails the smoke test with exit 4, the container's message and its logs", async () => {
    runtime.modelError = "could not convert string to float: 'abc'";
    const error = await smokeTest(ctx, runtime, 'churn', file('good.csv')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect((error as ResourceFailedError).exitCode).toBe(4);
    expect((error as Error).message).toBe(
      "smoke test failed: endpoint churn: the model's container answered 500: could not convert string to float: 'abc'\n  logs: log group /aws/sagemaker/Endpoints/churn, stream AllTraffic/i-0abc",
    );
    expect((error as ResourceFailedError).resolution).toContain('sagectl logs churn');
  });
});
