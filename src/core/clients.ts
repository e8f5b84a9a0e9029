import type { Logger } from 'pino';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import { UsageError } from './errors.js';
import { VERSION } from './version.js';
import { annotateRequestError, annotateResponse, type RequestWhere } from './request-where.js';

/** What every AWS client is configured from: flags, then config, then the standard AWS chain. */
export interface ClientOptions {
  region?: string;
  profile?: string;
  /** `--endpoint-url`; without it the SDK reads `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` itself. */
  endpointUrl?: string;
  logger: Logger;
  /** Attempts per request, first one included (adaptive retries absorb throttling). */
  maxAttempts?: number;
  /** `--request-timeout` / `SAGECTL_REQUEST_TIMEOUT`: how long one attempt may go unanswered, for every client. */
  requestTimeoutMs?: number;
  /** Credentials other than the standard chain's: a role assumed in another account (commands/fleet/). */
  credentials?: CredentialProvider;
}

/** The credentials of an assumed role; the provider is asked before each request and refreshes them near expiry. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type CredentialProvider = () => Promise<TemporaryCredentials>;

/** The subset of SDK v3 client configuration sagectl sets; every service client takes it. */
export interface SdkClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  retryStrategy: BoundedRetryStrategy;
  customUserAgent: string;
  logger: {
    trace(...a: unknown[]): void;
    debug(...a: unknown[]): void;
    info(...a: unknown[]): void;
    warn(...a: unknown[]): void;
    error(...a: unknown[]): void;
  };
  requestHandler: NodeHttpHandler;
  credentials?: CredentialProvider;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Attempts per request when the network fails (no answer in time, connection refused, name not
 * resolved): retried like a 5xx, but only this often. Throttling keeps its 8 attempts; a host
 * that did not answer twice rarely answers the third time, and 8 unanswered attempts would hold
 * a cron job for many minutes before it says anything. A connection cut after the request was
 * sent (reset, "socket hang up") is not bounded this way: it fails at once, costs no waiting,
 * and is how an answer lost on the way back looks, so it keeps the full attempts like a 5xx.
 */
export const MAX_NETWORK_ATTEMPTS = 3;

/** Node's codes for a connection the other side (or a middlebox) cut after the request went out. */
const CUT_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

/** Whether a transient failure is a cut connection (fast, worth the full attempts) rather than silence or no host. */
function isCutConnection(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && CUT_CONNECTION.has(code)) || message === 'socket hang up';
}

/**
 * Default timeouts. Connecting takes milliseconds anywhere AWS is reachable. A control-plane call
 * (Describe, List, Create) answers in well under a second; 30 s leaves room for a slow network.
 * InvokeEndpoint waits for the model, which SageMaker allows 60 s
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-troubleshooting.html),
 * plus the upload of up to 6 MB: 90 s.
 */
export const TIMEOUTS = { connectMs: 5_000, requestMs: 30_000, invokeMs: 90_000 } as const;

/** What one kind of client needs beyond the shared settings. */
export interface ClientDefaults {
  /** The request timeout when neither `--request-timeout` nor the environment sets one. */
  requestTimeoutMs?: number;
}

/**
 * The one place AWS clients are configured: region, profile, endpoint override, adaptive
 * retries (client-side rate limiting plus backoff on throttling, network failures bounded by
 * {@link MAX_NETWORK_ATTEMPTS}), connection and request timeouts, user agent, and the SDK's own
 * logger routed into pino at debug level.
 */
export function clientConfig(options: ClientOptions, defaults: ClientDefaults = {}): SdkClientConfig {
  const requestTimeout = options.requestTimeoutMs ?? defaults.requestTimeoutMs ?? TIMEOUTS.requestMs;
  const config: SdkClientConfig = {
    retryStrategy: new BoundedRetryStrategy(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    customUserAgent: `sagectl/${VERSION}`,
    logger: sdkLogger(options.logger),
    requestHandler: new WhereHttpHandler({
      connectionTimeout: Math.min(TIMEOUTS.connectMs, requestTimeout),
      requestTimeout,
      // Without it the SDK only prints a warning when the timeout passes, and goes on waiting.
      throwOnRequestTimeout: true,
    }),
  };
  if (options.region !== undefined) config.region = options.region;
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  if (options.endpointUrl !== undefined) config.endpoint = checkEndpointUrl(options.endpointUrl);
  return config;
}

/** The adaptive strategy, with silent or absent hosts retried at most {@link MAX_NETWORK_ATTEMPTS} times in all. */
export class BoundedRetryStrategy extends AdaptiveRetryStrategy {
  constructor(readonly maxAttempts: number) {
    super(() => Promise.resolve(maxAttempts));
  }

  override refreshRetryTokenForRetry(
    ...args: Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>
  ): ReturnType<AdaptiveRetryStrategy['refreshRetryTokenForRetry']> {
    const [token, errorInfo] = args;
    // A refusal here makes the SDK throw the last error, with $metadata.attempts set.
    if (errorInfo.errorType === 'TRANSIENT' && !isCutConnection(errorInfo.error) && token.getRetryCount() + 1 >= MAX_NETWORK_ATTEMPTS) {
      return Promise.reject(new Error('network retries exhausted'));
    }
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/**
 * Node's HTTP handler, which also notes on each failure and response where the request went
 * (endpoint, region, timeout), so that errors can name them (core/aws-errors.ts).
 */
class WhereHttpHandler extends NodeHttpHandler {
  constructor(private readonly timeouts: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean }) {
    super(timeouts);
  }

  override async handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const [request] = args;
    const where: RequestWhere = {
      endpoint: `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`,
      region: signingRegion(request.headers),
      requestTimeoutMs: this.timeouts.requestTimeout,
    };
    try {
      const result = await super.handle(...args);
      annotateResponse(result.response, where);
      return result;
    } catch (error) {
      throw annotateRequestError(error, where);
    }
  }
}

/** The region of the SigV4 credential scope (`Credential=AKID/20260101/us-east-1/sagemaker/aws4_request`). */
function signingRegion(headers: Record<string, string>): string | undefined {
  const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return authorization ? /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] : undefined;
}

function checkEndpointUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // fall through to the usage error below
  }
  throw new UsageError(`--endpoint-url: expected an http:// or https:// URL, found "${url}"`);
}

function sdkLogger(logger: Logger): SdkClientConfig['logger'] {
  const child = logger.child({ component: 'aws-sdk' });
  const debug = (...args: unknown[]): void => child.debug({ sdk: args }, 'aws-sdk');
  // The SDK logs each request's input and output at info; that is our debug level.
  return { trace: debug, debug, info: debug, warn: (...args: unknown[]) => child.warn({ sdk: args }, 'aws-sdk warning'), error: debug };
}
