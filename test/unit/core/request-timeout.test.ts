import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { MAX_NETWORK_ATTEMPTS, clientConfig } from '../../../src/core/clients.js';
import { translateAwsError } from '../../../src/core/aws-errors.js';
import { NetworkError, UsageError } from '../../../src/core/errors.js';
import { REQUEST_TIMEOUT_ENV, requestTimeoutFrom } from '../../../src/core/request-timeout.js';
import { cuttingServer, fixedAnswerServer, silentServer, type LocalServer } from '../../support/local-servers.js';
import { recordingLogger } from '../helpers/logger.js';

describe('requestTimeoutFrom', () => {
  it('takes --request-timeout, else SAGECTL_REQUEST_TIMEOUT, else nothing (each client keeps its default)', () => {
    expect(requestTimeoutFrom('2s', { [REQUEST_TIMEOUT_ENV]: '5m' })).toBe(2_000);
    expect(requestTimeoutFrom(undefined, { [REQUEST_TIMEOUT_ENV]: '5m' })).toBe(300_000);
    expect(requestTimeoutFrom(undefined, { [REQUEST_TIMEOUT_ENV]: '' })).toBeUndefined();
    expect(requestTimeoutFrom(undefined, {})).toBeUndefined();
  });

  it.each([
    ['30', undefined, '--request-timeout'],
    ['-1s', undefined, '--request-timeout'],
    [undefined, 'soon', REQUEST_TIMEOUT_ENV],
  ])('refuses %j / env %j as a usage error naming %s', (flag, env, named) => {
    const call = (): unknown => requestTimeoutFrom(flag, env === undefined ? {} : { [REQUEST_TIMEOUT_ENV]: env });
    expect(call).toThrow(UsageError);
    expect(call).toThrow(`${named}: expected a duration`);
  });
});

describe('a real client against a server that never answers', () => {
  let server: LocalServer;
  beforeEach(async () => {
    server = await silentServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it(`gives up after ${MAX_NETWORK_ATTEMPTS} attempts of the request timeout, with "no answer from <endpoint>" (exit 6) and no SDK warning`, async () => {
    const log = recordingLogger('debug');
    const client = new SageMakerClient(clientConfig({ logger: log.logger, endpointUrl: server.url, region: 'eu-west-1', requestTimeoutMs: 300 }));
    const started = Date.now();
    const error = await client.send(new ListEndpointsCommand({})).catch((e: unknown) => e);
    const took = Date.now() - started;
    client.destroy();
    // 3 × 300 ms plus the retry backoff (well under a second each); without a timeout this never ends.
    expect(took).toBeGreaterThanOrEqual(3 * 300);
    expect(took).toBeLessThan(6_000);
    expect(server.connections()).toBe(MAX_NETWORK_ATTEMPTS);
    expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: MAX_NETWORK_ATTEMPTS } });
    const ours = translateAwsError('ListEndpoints', error);
    expect(ours).toBeInstanceOf(NetworkError);
    expect(ours).toMatchObject({
      exitCode: 6,
      message: `no answer from ${server.url} for ListEndpoints after 3 attempts of 300ms each (region eu-west-1)`,
    });
    expect(log.text()).not.toContain('throwOnRequestTimeout');
    expect(log.lines().filter((l) => l.level >= 40)).toEqual([]);
  });

  it('stops network failures at 3 attempts even when 8 are allowed (those are for throttling)', async () => {
    const client = new SageMakerClient(
      clientConfig({ logger: recordingLogger('silent').logger, endpointUrl: server.url, region: 'eu-west-1', requestTimeoutMs: 200, maxAttempts: 8 }),
    );
    const error = await client.send(new ListEndpointsCommand({})).catch((e: unknown) => e);
    client.destroy();
    expect(error).toMatchObject({ $metadata: { attempts: MAX_NETWORK_ATTEMPTS } });
  });
});

describe('a real client whose connections are cut after the request went out (answers lost)', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it(`retries a cut connection past ${MAX_NETWORK_ATTEMPTS} attempts (it costs no waiting, unlike silence), up to the client's limit`, async () => {
    server = await cuttingServer(4, '{"Endpoints":[]}');
    const client = new SageMakerClient(
      clientConfig({ logger: recordingLogger('silent').logger, endpointUrl: server.url, region: 'eu-west-1', maxAttempts: 8 }),
    );
    const out = await client.send(new ListEndpointsCommand({}));
    client.destroy();
    expect(out.Endpoints).toEqual([]);
    expect(out.$metadata.attempts).toBe(5);
  });

  it('still stops at the client limit', async () => {
    server = await cuttingServer(100, '{"Endpoints":[]}');
    const client = new SageMakerClient(
      clientConfig({ logger: recordingLogger('silent').logger, endpointUrl: server.url, region: 'eu-west-1', maxAttempts: 4 }),
    );
    const error = await client.send(new ListEndpointsCommand({})).catch((e: unknown) => e);
    client.destroy();
    expect(error).toMatchObject({ $metadata: { attempts: 4 } });
    const ours = translateAwsError('ListEndpoints', error);
    expect(ours).toBeInstanceOf(NetworkError);
    // Not "no answer … after 4 attempts of 30s each": nothing timed out.
    expect(ours.message).toBe(`the connection to ${server.url} was cut before ListEndpoints was answered: ECONNRESET after 4 attempts (region eu-west-1)`);
  });
});

describe('a real client against something that is not AWS', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it.each([
    [200, 'text/html', '<html><body>Welcome to the proxy</body></html>', 'an HTML page (HTTP 200, text/html)'],
    [502, 'text/html; charset=utf-8', '<html><body>Bad gateway</body></html>', 'an HTML page (HTTP 502, text/html; charset=utf-8)'],
    [200, 'application/x-amz-json-1.1', '<?xml version="1.0"?><nope/>', 'a body that does not parse (HTTP 200, application/x-amz-json-1.1: '],
  ])("HTTP %i %s says the answer is not AWS's (exit 6), naming the endpoint, never the SDK's hint", async (status, type, body, why) => {
    server = await fixedAnswerServer(status, type, body);
    const client = new SageMakerClient(
      clientConfig({ logger: recordingLogger('silent').logger, endpointUrl: server.url, region: 'eu-west-1', maxAttempts: 1 }),
    );
    const error = await client.send(new ListEndpointsCommand({})).catch((e: unknown) => e);
    client.destroy();
    const ours = translateAwsError('ListEndpoints', error);
    expect(ours).toBeInstanceOf(NetworkError);
    expect(ours.message).toContain(`the answer from ${server.url} to ListEndpoints is not AWS's: ${why}`);
    expect(ours.message).not.toContain('hidden field');
    expect((ours as NetworkError).resolution).toContain('--endpoint-url');
  });
});
