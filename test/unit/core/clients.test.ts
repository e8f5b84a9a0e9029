import { afterEach, describe, expect, it, vi } from 'vitest';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import { BoundedRetryStrategy, DEFAULT_MAX_ATTEMPTS, TIMEOUTS, clientConfig, type SdkClientConfig } from '../../../src/core/clients.js';
import { translateAwsError } from '../../../src/core/aws-errors.js';
import { AwsRequestError, UsageError } from '../../../src/core/errors.js';
import { VERSION } from '../../../src/core/version.js';
import { recordingLogger } from '../helpers/logger.js';

/** What the fake HTTP handler saw of one request. */
interface SeenRequest {
  protocol: string;
  hostname: string;
  port: number | undefined;
  target: string | undefined;
  userAgent: string | undefined;
  at: number;
}

interface FakeResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_11 = 'application/x-amz-json-1.1';
const throttled: FakeResponse = {
  statusCode: 400,
  headers: { 'content-type': JSON_11, 'x-amzn-errortype': 'ThrottlingException' },
  body: '{"__type":"ThrottlingException","message":"Rate exceeded"}',
};
const inService: FakeResponse = {
  statusCode: 200,
  headers: { 'content-type': JSON_11, 'x-amzn-requestid': 'req-1' },
  body: JSON.stringify({ EndpointName: 'churn', EndpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn', EndpointStatus: 'InService' }),
};

/**
 * An HTTP handler in place of the network: answers each request with the next response
 * (the last one forever) and records what it was sent. SageMaker speaks awsJson1_1.
 */
function fakeHttp(...responses: FakeResponse[]): { handler: object; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const handler = {
    handle: (request: { protocol: string; hostname: string; port?: number; headers: Record<string, string> }) => {
      seen.push({
        protocol: request.protocol,
        hostname: request.hostname,
        port: request.port,
        target: request.headers['x-amz-target'],
        userAgent: request.headers['user-agent'],
        at: Date.now(),
      });
      const next = responses[Math.min(seen.length - 1, responses.length - 1)] ?? inService;
      return Promise.resolve({ response: { statusCode: next.statusCode, headers: next.headers, body: Buffer.from(next.body) } });
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
  return { handler, seen };
}

const silent = (): ReturnType<typeof recordingLogger>['logger'] => recordingLogger('silent').logger;

/** The settings the HTTP handler resolved (it resolves them on first use). */
async function handlerConfig(config: SdkClientConfig): Promise<Record<string, unknown>> {
  const handler = config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
  return handler.configProvider;
}

describe('clientConfig', () => {
  it('sets bounded adaptive retries (8 attempts), the user agent and timeouts, and nothing the caller did not give', async () => {
    const config = clientConfig({ logger: silent() });
    expect(DEFAULT_MAX_ATTEMPTS).toBe(8);
    expect(config).toEqual({
      retryStrategy: expect.any(BoundedRetryStrategy) as unknown,
      customUserAgent: `sagectl/${VERSION}`,
      logger: expect.any(Object) as unknown,
      requestHandler: expect.any(NodeHttpHandler) as unknown,
    });
    expect(config.retryStrategy.maxAttempts).toBe(8);
    expect(await handlerConfig(config)).toMatchObject({ connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true });
    expect(Object.keys(config)).not.toContain('region');
    expect(Object.keys(config)).not.toContain('profile');
    expect(Object.keys(config)).not.toContain('endpoint');
  });

  it('takes a per-client default request timeout, and --request-timeout over it', async () => {
    expect(await handlerConfig(clientConfig({ logger: silent() }, { requestTimeoutMs: TIMEOUTS.invokeMs }))).toMatchObject({ requestTimeout: 90_000 });
    const short = clientConfig({ logger: silent(), requestTimeoutMs: 2_000 }, { requestTimeoutMs: TIMEOUTS.invokeMs });
    // The connection timeout never exceeds the request timeout.
    expect(await handlerConfig(short)).toMatchObject({ requestTimeout: 2_000, connectionTimeout: 2_000, throwOnRequestTimeout: true });
  });

  it('passes region, profile, endpoint and attempts through when given', () => {
    const config = clientConfig({ logger: silent(), region: 'eu-west-1', profile: 'ci', endpointUrl: 'http://127.0.0.1:5000', maxAttempts: 3 });
    expect(config).toMatchObject({ region: 'eu-west-1', profile: 'ci', endpoint: 'http://127.0.0.1:5000' });
    expect(config.retryStrategy.maxAttempts).toBe(3);
  });

  it.each(['https://sagemaker.us-east-1.amazonaws.com', 'http://localhost:4566/', 'http://[::1]:5000'])('accepts the endpoint URL %s', (url) => {
    expect(clientConfig({ logger: silent(), endpointUrl: url }).endpoint).toBe(url);
  });

  it.each(['localhost:5000', 'ftp://127.0.0.1/', '127.0.0.1:5000', '', 'http//missing-colon', 'file:///tmp/x'])(
    'refuses the endpoint URL %j with a usage error',
    (url) => {
      expect(() => clientConfig({ logger: silent(), endpointUrl: url })).toThrow(UsageError);
      expect(() => clientConfig({ logger: silent(), endpointUrl: url })).toThrow(`--endpoint-url: expected an http:// or https:// URL, found "${url}"`);
    },
  );

  it("routes the SDK's logger into pino at debug (warnings at warn), tagged aws-sdk and redacted", () => {
    const log = recordingLogger();
    const sdk = clientConfig({ logger: log.logger }).logger;
    sdk.trace('t');
    sdk.debug('d');
    sdk.info({ commandName: 'DescribeEndpointCommand' });
    sdk.error('e');
    sdk.warn('careful');
    sdk.info({ credentials: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
    expect(log.lines().map((l) => [l.level, l.msg, l.component, l.sdk])).toEqual([
      [20, 'aws-sdk', 'aws-sdk', ['t']],
      [20, 'aws-sdk', 'aws-sdk', ['d']],
      [20, 'aws-sdk', 'aws-sdk', [{ commandName: 'DescribeEndpointCommand' }]],
      [20, 'aws-sdk', 'aws-sdk', ['e']],
      [40, 'aws-sdk warning', 'aws-sdk', ['careful']],
      [20, 'aws-sdk', 'aws-sdk', [{ credentials: '[redacted]' }]],
    ]);
    expect(log.text()).not.toContain('EXAMPLEKEY');
  });

  it('at info level the SDK chatter stays out of the log', () => {
    const log = recordingLogger('info');
    clientConfig({ logger: log.logger }).logger.info({ commandName: 'DescribeEndpointCommand' });
    expect(log.lines()).toEqual([]);
  });
});

describe('a real SageMakerClient built from clientConfig', () => {
  const savedEndpointUrl = process.env.AWS_ENDPOINT_URL;
  const savedSageMakerUrl = process.env.AWS_ENDPOINT_URL_SAGEMAKER;
  afterEach(() => {
    vi.useRealTimers();
    if (savedEndpointUrl === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = savedEndpointUrl;
    if (savedSageMakerUrl === undefined) delete process.env.AWS_ENDPOINT_URL_SAGEMAKER;
    else process.env.AWS_ENDPOINT_URL_SAGEMAKER = savedSageMakerUrl;
  });

  it('resolves the endpoint override, the region and the adaptive retry strategy', async () => {
    const client = new SageMakerClient(clientConfig({ logger: silent(), endpointUrl: 'http://127.0.0.1:5000', region: 'eu-west-1' }));
    expect(await client.config.endpoint?.()).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 5000, path: '/' });
    expect(await client.config.region()).toBe('eu-west-1');
    // The SDK types the strategy as a union without `mode`; the adaptive strategy has mode "adaptive".
    const strategy = (await client.config.retryStrategy()) as { mode?: string; constructor: { name: string } };
    expect(strategy.mode).toBe('adaptive');
    expect(strategy).toBeInstanceOf(AdaptiveRetryStrategy);
    expect(client.config.isCustomEndpoint).toBe(true);
  });

  it('sends requests to --endpoint-url, with the sagectl user agent', async () => {
    const http = fakeHttp(inService);
    const client = new SageMakerClient({ ...clientConfig({ logger: silent(), endpointUrl: 'http://127.0.0.1:5000' }), requestHandler: http.handler });
    const out = await client.send(new DescribeEndpointCommand({ EndpointName: 'churn' }));
    expect(out.EndpointStatus).toBe('InService');
    expect(http.seen).toHaveLength(1);
    expect(http.seen[0]).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 5000, target: 'SageMaker.DescribeEndpoint' });
    expect(http.seen[0]?.userAgent).toContain(`sagectl/${VERSION}`);
  });

  it('without --endpoint-url, honours the SDK’s own AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    const http = fakeHttp(inService);
    const client = new SageMakerClient({ ...clientConfig({ logger: silent() }), requestHandler: http.handler });
    expect(client.config.endpoint).toBeUndefined();
    await client.send(new DescribeEndpointCommand({ EndpointName: 'churn' }));
    expect(http.seen[0]).toMatchObject({ protocol: 'http:', hostname: 'localhost', port: 4566 });
  });

  it('without --endpoint-url, honours AWS_ENDPOINT_URL_SAGEMAKER over AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    process.env.AWS_ENDPOINT_URL_SAGEMAKER = 'http://127.0.0.1:5001';
    const http = fakeHttp(inService);
    const client = new SageMakerClient({ ...clientConfig({ logger: silent() }), requestHandler: http.handler });
    await client.send(new DescribeEndpointCommand({ EndpointName: 'churn' }));
    expect(http.seen[0]).toMatchObject({ hostname: '127.0.0.1', port: 5001 });
  });

  it('--endpoint-url wins over AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    const http = fakeHttp(inService);
    const client = new SageMakerClient({ ...clientConfig({ logger: silent(), endpointUrl: 'http://127.0.0.1:5000' }), requestHandler: http.handler });
    await client.send(new DescribeEndpointCommand({ EndpointName: 'churn' }));
    expect(http.seen[0]).toMatchObject({ hostname: '127.0.0.1', port: 5000 });
  });

  it('goes to the regional AWS endpoint with no override at all', async () => {
    const http = fakeHttp(inService);
    const client = new SageMakerClient({ ...clientConfig({ logger: silent(), region: 'eu-west-1' }), requestHandler: http.handler });
    await client.send(new DescribeEndpointCommand({ EndpointName: 'churn' }));
    expect(http.seen[0]).toMatchObject({ protocol: 'https:', hostname: 'api.sagemaker.eu-west-1.amazonaws.com' });
  });

  /** Runs `send` under fake timers, moving time on until it settles (the SDK's retry backoff sleeps). */
  async function sendWithFakeTime<T>(send: () => Promise<T>): Promise<T> {
    vi.useFakeTimers();
    let settled = false;
    const sending = send().finally(() => {
      settled = true;
    });
    for (let step = 0; !settled && step < 2_000; step++) await vi.advanceTimersByTimeAsync(50);
    expect(settled, 'the request never settled within 100 s of fake time').toBe(true);
    return sending;
  }

  it('retries throttling: DescribeEndpoint succeeds on the 3rd attempt after two ThrottlingExceptions, with backoff', async () => {
    const http = fakeHttp(throttled, throttled, inService);
    const client = new SageMakerClient({ ...clientConfig({ logger: silent(), maxAttempts: 3 }), requestHandler: http.handler });
    const out = await sendWithFakeTime(() => client.send(new DescribeEndpointCommand({ EndpointName: 'churn' })));
    expect(out.EndpointStatus).toBe('InService');
    expect(out.$metadata.attempts).toBe(3);
    expect(out.$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(http.seen.map((r) => r.target)).toEqual(['SageMaker.DescribeEndpoint', 'SageMaker.DescribeEndpoint', 'SageMaker.DescribeEndpoint']);
    // The attempts were spread out in (fake) time: the adaptive strategy waited between them.
    const [first, second, third] = http.seen.map((r) => r.at);
    expect(second! - first!).toBeGreaterThan(0);
    expect(third! - second!).toBeGreaterThan(0);
  });

  it('gives up after maxAttempts throttles with the SDK error, which becomes a refusal (exit 3) about limits', async () => {
    const http = fakeHttp(throttled);
    const client = new SageMakerClient({ ...clientConfig({ logger: silent(), maxAttempts: 3 }), requestHandler: http.handler });
    const error = await sendWithFakeTime(() => client.send(new DescribeEndpointCommand({ EndpointName: 'churn' })).catch((e: unknown) => e));
    expect(http.seen).toHaveLength(3);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { attempts: 3 } });
    const ours = translateAwsError('DescribeEndpoint', error);
    expect(ours).toBeInstanceOf(AwsRequestError);
    expect(ours).toMatchObject({
      message: 'DescribeEndpoint was refused (ThrottlingException): Rate exceeded',
      exitCode: 3,
      resolution: 'an account limit or rate was reached: retry later, or ask AWS for a higher quota',
    });
  });

  it('does not retry an error that is not transient', async () => {
    const http = fakeHttp({
      statusCode: 400,
      headers: { 'content-type': JSON_11, 'x-amzn-errortype': 'ValidationException' },
      body: '{"__type":"ValidationException","message":"Could not find endpoint \\"churn\\"."}',
    });
    const client = new SageMakerClient({ ...clientConfig({ logger: silent(), maxAttempts: 3 }), requestHandler: http.handler });
    const error = await client.send(new DescribeEndpointCommand({ EndpointName: 'churn' })).catch((e: unknown) => e);
    expect(http.seen).toHaveLength(1);
    expect(error).toMatchObject({ name: 'ValidationException', message: 'Could not find endpoint "churn".' });
  });
});
