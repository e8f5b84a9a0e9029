import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { createHandler, settingsFromEnv, MAX_PAYLOAD_BYTES, type EndpointInvoker, type HandlerSettings } from '../../../src/lambda/handler.js';

const SETTINGS: HandlerSettings = { endpointName: 'churn', contentType: 'text/csv' };

function invoker(answer: (command: InvokeEndpointCommand) => Promise<{ Body?: Uint8Array; ContentType?: string }>) {
  const send = vi.fn(answer);
  return { runtime: { send } as unknown as EndpointInvoker, send };
}
const ok = () => invoker(async () => ({ Body: new TextEncoder().encode('0.87\n'), ContentType: 'text/csv; charset=utf-8' }));
const modelError = () =>
  Object.assign(new Error('Received client error (400) from primary with message "bad input"'), {
    name: 'ModelError',
    OriginalStatusCode: 400,
    OriginalMessage: 'bad input: expected 13 features',
  });

describe('the Lambda handler', () => {
  it('good input: 200 with the model’s body and content type, InvokeEndpoint called with the payload', async () => {
    const { runtime, send } = ok();
    const result = await createHandler(runtime, SETTINGS)({ httpMethod: 'POST', body: '1,2,3' });
    expect(result).toEqual({ statusCode: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' }, body: '0.87\n' });
    const input = send.mock.calls[0]![0].input;
    expect(input).toMatchObject({ EndpointName: 'churn', ContentType: 'text/csv' });
    expect(Buffer.from(input.Body as Uint8Array).toString()).toBe('1,2,3');
  });

  it('a request content type the model understands wins; curl’s form default does not', async () => {
    const { runtime, send } = ok();
    const handler = createHandler(runtime, { ...SETTINGS, accept: 'application/json' });
    await handler({ body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    await handler({ body: '1,2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(send.mock.calls.map((c) => [c[0].input.ContentType, c[0].input.Accept])).toEqual([
      ['application/json', 'application/json'],
      ['text/csv', 'application/json'],
    ]);
  });

  it('base64 bodies are decoded before they reach the model', async () => {
    const { runtime, send } = ok();
    const result = await createHandler(runtime, SETTINGS)({ body: Buffer.from('4,5,6').toString('base64'), isBase64Encoded: true });
    expect(result.statusCode).toBe(200);
    expect(Buffer.from(send.mock.calls[0]![0].input.Body as Uint8Array).toString()).toBe('4,5,6');
  });

  it.each([
    ['an empty body', { body: '' }, /empty/],
    ['no body', { body: null }, /empty/],
    ['a blank body', { body: ' \n' }, /empty/],
    ['invalid base64', { body: 'not base64!', isBase64Encoded: true }, /not valid base64/],
    ['invalid UTF-8 for text/csv', { body: Buffer.from([0xff, 0xfe, 0x31]).toString('base64'), isBase64Encoded: true }, /not valid UTF-8/],
    ['malformed JSON', { body: '{"a":', headers: { 'Content-Type': 'application/json' } }, /not valid JSON/],
    ['an oversized body', { body: 'x'.repeat(MAX_PAYLOAD_BYTES + 1) }, /at most 6291456 bytes/],
  ])('%s: 400 with the reason, the model is not called', async (_what, event, reason) => {
    const { runtime, send } = ok();
    const result = await createHandler(runtime, SETTINGS)(event);
    expect(result.statusCode).toBe(400);
    expect(result.headers['Content-Type']).toBe('application/json');
    expect((JSON.parse(result.body) as { error: string }).error).toMatch(reason);
    expect(send).not.toHaveBeenCalled();
  });

  it('model error: 502 with the model’s own message', async () => {
    const { runtime } = invoker(() => Promise.reject(modelError()));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await createHandler(runtime, SETTINGS)({ body: '1,2' });
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body)).toEqual({ error: 'the model failed: bad input: expected 13 features' });
  });

  it('other failures: 503 while the endpoint is not ready, 500 otherwise', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const notReady = invoker(() => Promise.reject(Object.assign(new Error('not ready'), { name: 'ModelNotReadyException' })));
    expect((await createHandler(notReady.runtime, SETTINGS)({ body: '1' })).statusCode).toBe(503);
    const denied = invoker(() => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })));
    const result = await createHandler(denied.runtime, SETTINGS)({ body: '1' });
    expect(result.statusCode).toBe(500);
    expect(result.body).toContain('could not invoke endpoint churn: denied');
  });

  it('a missing endpoint (a paused stack) is a 503 whose JSON body says the model is paused, not a 500', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const gone = invoker(() => Promise.reject(Object.assign(new Error('Endpoint churn of account 123456789012 not found.'), { name: 'ValidationError' })));
    const result = await createHandler(gone.runtime, { ...SETTINGS, corsOrigin: '*' })({ body: '1' });
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'Content-Type': 'application/json', 'Retry-After': '300', 'Access-Control-Allow-Origin': '*' });
    expect(JSON.parse(result.body)).toMatchObject({
      paused: true,
      error: expect.stringMatching(/^the model is paused: endpoint churn is not running/) as unknown,
    });
    const invalid = invoker(() => Promise.reject(Object.assign(new Error('Invalid header'), { name: 'ValidationError' })));
    expect((await createHandler(invalid.runtime, SETTINGS)({ body: '1' })).statusCode).toBe(500);
  });

  it('CORS headers on every answer when configured, none otherwise; OPTIONS answered without the model', async () => {
    const { runtime, send } = ok();
    const handler = createHandler(runtime, { ...SETTINGS, corsOrigin: '*' });
    for (const result of [await handler({ body: '1' }), await handler({ body: '' }), await handler({ httpMethod: 'OPTIONS' })]) {
      expect(result.headers).toMatchObject({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'OPTIONS,POST' });
    }
    expect(send).toHaveBeenCalledTimes(1);
    expect((await createHandler(runtime, SETTINGS)({ body: '1' })).headers).not.toHaveProperty('Access-Control-Allow-Origin');
  });

  it('binary model output is returned base64-encoded', async () => {
    const { runtime } = invoker(async () => ({ Body: new Uint8Array([0, 1, 2]), ContentType: 'application/x-npy' }));
    expect(await createHandler(runtime, SETTINGS)({ body: '1' })).toMatchObject({ statusCode: 200, body: 'AAEC', isBase64Encoded: true });
  });
});

describe('settingsFromEnv', () => {
  it('reads the environment wire-api sets, with text/csv as the default content type', () => {
    expect(settingsFromEnv({ ENDPOINT_NAME: 'churn' })).toEqual({ endpointName: 'churn', contentType: 'text/csv' });
    expect(settingsFromEnv({ ENDPOINT_NAME: 'e', CONTENT_TYPE: 'application/json', ACCEPT: 'text/csv', CORS_ORIGIN: '*' })).toEqual({
      endpointName: 'e',
      contentType: 'application/json',
      accept: 'text/csv',
      corsOrigin: '*',
    });
    expect(() => settingsFromEnv({})).toThrow(/ENDPOINT_NAME/);
  });
});

describe('the handler on any payload (property)', () => {
  it('passes any non-empty binary body through base64 to the model byte for byte', async () => {
    const { runtime, send } = ok();
    const handler = createHandler(runtime, { ...SETTINGS, contentType: 'application/x-npy' });
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 512 }).filter((b) => Buffer.from(b).toString('utf8').trim() !== ''),
        async (bytes) => {
          send.mockClear();
          const result = await handler({ body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true });
          expect(result.statusCode).toBe(200);
          expect(Buffer.from(send.mock.calls[0]![0].input.Body as Uint8Array)).toEqual(Buffer.from(bytes));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers any text body with 200 or a 400 that says why, never by throwing', async () => {
    const { runtime } = ok();
    const handler = createHandler(runtime, SETTINGS);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 256 }),
        fc.boolean(),
        fc.constantFrom(undefined, 'application/json', 'text/csv', 'text/plain'),
        async (body, base64, type) => {
          const result = await handler({ body, isBase64Encoded: base64, ...(type ? { headers: { 'Content-Type': type } } : {}) });
          expect([200, 400]).toContain(result.statusCode);
          if (result.statusCode === 400) expect((JSON.parse(result.body) as { error: string }).error.length).toBeGreaterThan(10);
        },
      ),
      { numRuns: 300 },
    );
  });
});
