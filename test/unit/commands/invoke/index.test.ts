import { beforeEach, describe, expect, it } from 'vitest';
import { describeBody, invoke, invokeDocument, type InvokeOptions } from '../../../../src/commands/invoke/index.js';
import type { Config } from '../../../../src/core/schema.js';
import { ExitCode, UsageError } from '../../../../src/core/errors.js';
import { PayloadError } from '../../../../src/payload/errors.js';
import { ModelInvocationError } from '../../../../src/services/runtime.js';
import { FakeRuntime } from '../../helpers/fake-runtime.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const config: Config = { name: 'churn', endpoint: { instanceType: 'ml.m5.large', input: { contentType: 'text/csv', features: 3 } } };
const MANAGED = (stack: string) => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
const payload = (text: string | Uint8Array, source = 'stdin') => ({ bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text, source });
const opts = (text: string | Uint8Array, over: Partial<InvokeOptions> = {}): InvokeOptions => ({
  stack: 'churn',
  payload: payload(text),
  validate: true,
  ...over,
});

let runtime: FakeRuntime;
let sm: FakeSageMaker;
let ctx: TestContext;
beforeEach(() => {
  runtime = new FakeRuntime();
  sm = new FakeSageMaker();
  ctx = testContext(config);
});

async function refusal(options: InvokeOptions): Promise<UsageError> {
  try {
    await invoke(ctx, runtime, sm, options);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('invoke', () => {
  it('sends a valid payload with the content type of endpoint.input and returns the answer', async () => {
    ctx.clock.advance(0);
    const result = await invoke(ctx, runtime, sm, opts('1,2,3\n'));
    expect(runtime.requests).toEqual([{ endpointName: 'churn', body: new TextEncoder().encode('1,2,3\n'), contentType: 'text/csv' }]);
    expect(result).toMatchObject({ endpoint: 'churn', body: '0.93', contentType: 'text/csv', invokedVariant: 'AllTraffic', latencyMs: 0 });
    expect(Buffer.from(result.raw).toString()).toBe('0.93');
  });

  it('passes --content-type, --accept, --variant and --custom-attributes through', async () => {
    await invoke(
      ctx,
      runtime,
      sm,
      opts('[1, 2, 3]', { contentType: 'application/json', accept: 'application/json', variant: 'Canary', customAttributes: 'a=1' }),
    );
    expect(runtime.requests[0]).toMatchObject({ contentType: 'application/json', accept: 'application/json', variant: 'Canary', customAttributes: 'a=1' });
  });

  it('defaults to text/csv without endpoint.input, and checks only size and encoding', async () => {
    ctx = testContext({ name: 'churn' });
    await invoke(ctx, runtime, sm, opts('anything,at all\n'));
    expect(runtime.requests[0]?.contentType).toBe('text/csv');
  });

  it.each([
    ['a row with the wrong field count', '1,2,3\n4,5\n', 'stdin: row 2: 2 fields, expected 3 (endpoint.input.features)'],
    ['a string where a number belongs', '1,2,3\n4,x,6\n', 'stdin: row 2, column 2: expected a number, found "x"'],
    ['an empty field', '1,,3\n', 'stdin: row 1, column 2: empty field'],
    ['a header row', 'a,b,c\n1,2,3\n', 'stdin: row 1: looks like a header row (a,b,c), and endpoint.input.header is false'],
    ['invalid UTF-8', Uint8Array.from([0x31, 0x2c, 0xe9, 0x2c, 0x33]), 'stdin: byte offset 2: not valid UTF-8 (byte 0xe9)'],
    ['a NUL byte', '1,2\u0000,3', 'stdin: byte offset 3: NUL byte in a text payload'],
  ])('refuses %s with exit 2 and sends nothing', async (_what, text, message) => {
    const error = await refusal(opts(text));
    expect(error).toBeInstanceOf(PayloadError);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(runtime.requests).toHaveLength(0);
  });

  it('refuses JSON that does not parse, and unexpected or missing keys, sending nothing', async () => {
    ctx = testContext({
      name: 'churn',
      endpoint: { input: { contentType: 'application/json', features: ['age', 'plan'], featureTypes: ['integer', 'string'] } },
    });
    expect((await refusal(opts('{"age": 1,\n "plan": }'))).message).toBe('stdin: line 2, column 10: not valid JSON: expected a value, found "}"');
    expect((await refusal(opts('{"age": 1, "plan": "a", "zip": 2}'))).message).toMatch(/^stdin: record 1, key "zip": unexpected key/);
    expect((await refusal(opts('{"age": 1}'))).message).toBe('stdin: record 1, key "plan": missing feature');
    expect(runtime.requests).toHaveLength(0);
  });

  it('refuses more than 4 MB for a serverless endpoint, even with --no-validate', async () => {
    ctx = testContext({ name: 'churn', endpoint: { serverless: { memoryMB: 2048, maxConcurrency: 5 }, input: { contentType: 'text/csv', features: 1 } } });
    const big = '1\n'.repeat(2 * 1024 * 1024 + 1);
    expect((await refusal(opts(big, { validate: false }))).message).toBe('stdin: 4.00 MB (4194306 bytes) is over the 4 MB a serverless endpoint accepts');
    expect(runtime.requests).toHaveLength(0);
  });

  it('--no-validate sends what the spec would refuse, and says so', async () => {
    await invoke(ctx, runtime, sm, opts('1,2\n', { validate: false }));
    expect(runtime.bodies()).toEqual(['1,2\n']);
    ctx.log.expectLog('--no-validate', 'warn');
  });

  it('strips a byte-order mark before sending, with a warning', async () => {
    await invoke(ctx, runtime, sm, opts(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('1,2,3\n')])));
    expect(runtime.bodies()).toEqual(['1,2,3\n']);
    ctx.log.expectLog('byte-order mark', 'warn');
  });

  it('a missing endpoint exits 2 naming the stacks that do exist (managed ones only)', async () => {
    sm.seed('churn-b', { tags: MANAGED('churn-b') });
    sm.seed('churn-a', { tags: MANAGED('churn-a') });
    sm.seed('byhand', { tags: {} });
    const error = await refusal(opts('1,2,3\n', { stack: 'chrun' }));
    expect(error.message).toBe('no endpoint for stack chrun in this region; stacks that exist: churn-a, churn-b');
    expect(error.exitCode).toBe(ExitCode.Usage);
  });

  it('a missing endpoint with no stacks at all says to deploy', async () => {
    const error = await refusal(opts('1,2,3\n', { stack: 'chrun' }));
    expect(error.message).toBe('no endpoint for stack chrun in this region; no stacks managed by sagectl exist in this region');
    expect(error.resolution).toMatch(/sagectl deploy/);
  });

  it("a model error passes through with exit 4 and the container's message", async () => {
    runtime.modelError = 'bad input';
    await expect(invoke(ctx, runtime, sm, opts('1,2,3\n'))).rejects.toSatisfy(
      (e) => e instanceof ModelInvocationError && e.exitCode === 4 && e.message.includes('bad input'),
    );
  });

  it('refuses a --content-type or --accept that is not a MIME type, and accepts lists and wildcards', async () => {
    expect((await refusal(opts('1,2,3\n', { contentType: 'csv' }))).message).toBe(
      '--content-type: expected one MIME type such as text/csv or application/json, found "csv"',
    );
    expect((await refusal(opts('1,2,3\n', { accept: 'json' }))).message).toBe(
      '--accept: expected MIME types such as application/json or text/csv, */*, found "json"',
    );
    expect(runtime.requests).toHaveLength(0);
    await invoke(ctx, runtime, sm, opts('1,2,3\n', { contentType: 'text/csv; charset=utf-8', accept: 'application/json, text/csv;q=0.5, */*' }));
    expect(runtime.requests).toHaveLength(1);
  });

  it('refuses an invalid stack name before anything is sent', async () => {
    expect((await refusal(opts('1,2,3\n', { stack: 'bad_name!' }))).exitCode).toBe(2);
    expect(runtime.requests).toHaveLength(0);
  });
});

describe('the JSON document', () => {
  it('parses a JSON answer, keeps text as text, and gives binary answers as base64', () => {
    expect(describeBody(new TextEncoder().encode('{"p": 0.9}'), 'application/json')).toEqual({ body: { p: 0.9 } });
    expect(describeBody(new TextEncoder().encode('{"p": 0.9}'), 'text/csv')).toEqual({ body: '{"p": 0.9}' });
    expect(describeBody(new TextEncoder().encode('not json'), 'application/json')).toEqual({ body: 'not json' });
    expect(describeBody(Uint8Array.from([0xff, 0x00]), 'application/x-npy')).toEqual({ bodyBase64: '/wA=' });
  });

  it('leaves the raw bytes out', async () => {
    const doc = invokeDocument(await invoke(ctx, runtime, sm, opts('1,2,3\n')));
    expect(doc).toEqual({ endpoint: 'churn', body: '0.93', contentType: 'text/csv', invokedVariant: 'AllTraffic', latencyMs: 0 });
  });
});

describe('invoke aimed at a stack the config file does not describe', () => {
  // The file describes `churn` (CSV, 3 features, realtime); the command is aimed at `svl`.
  const svl = (serverless: boolean) => {
    const seeded = sm.seed('svl', { tags: MANAGED('svl') });
    runtime.endpoints.add('svl');
    if (serverless) {
      const cfg = sm.configs.get(seeded.config)!;
      cfg.variants = [{ variantName: 'AllTraffic', modelName: seeded.model, serverless: { memoryMB: 2048, maxConcurrency: 5 }, initialVariantWeight: 1 }];
    }
  };
  beforeEach(() => {
    ctx = testContext(config, { configFile: '/project/sagectl.yaml' });
  });

  it("does not check the payload against the file's endpoint.input, and says so", async () => {
    svl(false);
    await invoke(ctx, runtime, sm, opts('{"instances": [1]}', { stack: 'svl', contentType: 'application/json' }));
    expect(runtime.requests).toEqual([expect.objectContaining({ endpointName: 'svl', contentType: 'application/json' })]);
    ctx.log.expectLog(/sagectl\.yaml describes stack churn, not svl.*not checked: the payload against svl's endpoint\.input/, 'warn');
  });

  it("defaults the content type to text/csv, not to the file's endpoint.input", async () => {
    ctx = testContext({ ...config, endpoint: { instanceType: 'ml.m5.large', input: { contentType: 'application/json' } } }, { configFile: '/p/sagectl.yaml' });
    svl(false);
    await invoke(ctx, runtime, sm, opts('1,2', { stack: 'svl' }));
    expect(runtime.requests[0]).toMatchObject({ contentType: 'text/csv' });
  });

  it("takes the size limit from the live endpoint: 4 MB for a serverless svl even though the file's stack is realtime", async () => {
    svl(true);
    const big = new Uint8Array(4.2 * 1024 * 1024).fill(0x31);
    expect((await refusal(opts(big, { stack: 'svl', validate: false }))).message).toMatch(/over the 4 MB a serverless endpoint accepts/);
    expect(runtime.requests).toHaveLength(0);
  });

  it('allows 4.2 MB to a realtime svl (6 MB)', async () => {
    svl(false);
    await invoke(ctx, runtime, sm, opts(new Uint8Array(4.2 * 1024 * 1024).fill(0x31), { stack: 'svl', validate: false }));
    expect(runtime.requests).toHaveLength(1);
  });
});
