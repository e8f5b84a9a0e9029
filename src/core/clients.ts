import type { Logger } from 'pino';
import { UsageError } from './errors.js';
import { VERSION } from './version.js';

/** What every AWS client is configured from: flags, then config, then the standard AWS chain. */
export interface ClientOptions {
  region?: string;
  profile?: string;
  /** `--endpoint-url`; without it the SDK reads `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` itself. */
  endpointUrl?: string;
  logger: Logger;
  /** Attempts per request, first one included (adaptive retries absorb throttling). */
  maxAttempts?: number;
}

/** The subset of SDK v3 client configuration sagectl sets; every service client takes it. */
export interface SdkClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  retryMode: 'adaptive';
  maxAttempts: number;
  customUserAgent: string;
  logger: {
    trace(...a: unknown[]): void;
    debug(...a: unknown[]): void;
    info(...a: unknown[]): void;
    warn(...a: unknown[]): void;
    error(...a: unknown[]): void;
  };
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * The one place AWS clients are configured: region, profile, endpoint override, adaptive
 * retries (client-side rate limiting plus backoff on throttling), user agent, and the SDK's
 * own logger routed into pino at debug level.
 */
export function clientConfig(options: ClientOptions): SdkClientConfig {
  const config: SdkClientConfig = {
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    customUserAgent: `sagectl/${VERSION}`,
    logger: sdkLogger(options.logger),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  };
  if (options.region !== undefined) config.region = options.region;
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.endpointUrl !== undefined) config.endpoint = checkEndpointUrl(options.endpointUrl);
  return config;
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
