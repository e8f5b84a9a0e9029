import { parseDuration } from './duration.js';

/** The environment variable that sets the request timeout when `--request-timeout` is not given. */
export const REQUEST_TIMEOUT_ENV = 'SAGECTL_REQUEST_TIMEOUT';

/**
 * The request timeout the user asked for, in milliseconds: `--request-timeout`, else
 * `SAGECTL_REQUEST_TIMEOUT`, else undefined (each client keeps its own default, core/clients.ts).
 * A malformed value is a usage error, before any request.
 */
export function requestTimeoutFrom(flag: string | undefined, env: NodeJS.ProcessEnv): number | undefined {
  if (flag !== undefined) return parseDuration(flag, '--request-timeout');
  const fromEnv = env[REQUEST_TIMEOUT_ENV];
  if (fromEnv === undefined || fromEnv === '') return undefined;
  return parseDuration(fromEnv, REQUEST_TIMEOUT_ENV);
}
