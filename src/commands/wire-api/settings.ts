import { UsageError } from '../../core/errors.js';
import { assertStackName } from '../../core/names.js';
import type { Config } from '../../core/schema.js';
import type { Throttle } from '../../services/apigateway.js';

/** The `api` section with its defaults applied. */
export interface ApiSettings {
  stack: string;
  stage: string;
  path: string;
  /** The allowed origin, or undefined for no CORS. */
  corsOrigin?: string;
  apiKey: boolean;
  throttle?: Throttle;
  quotaPerDay?: number;
  contentType: string;
  accept?: string;
}

const DEFAULT_STAGE = 'prod';
const DEFAULT_PATH = 'predict';
const DEFAULT_CONTENT_TYPE = 'text/csv';

/** Reads wire-api's settings from the validated config; no stack name is a usage error (exit 2). */
export function apiSettings(config: Config): ApiSettings {
  const stack = config.name;
  if (stack === undefined)
    throw new UsageError('wire-api needs a stack name', 'pass it as `sagectl wire-api <stack>`, with --stack, or set `name:` in sagectl.yaml');
  assertStackName(stack);
  const api = config.api ?? {};
  if (api.quota !== undefined && !api.apiKey) throw new UsageError('api.quota applies only with api.apiKey: true (quotas are counted per API key)');
  const cors = api.cors === true ? '*' : api.cors === false ? undefined : api.cors;
  return {
    stack,
    stage: api.stage ?? DEFAULT_STAGE,
    path: api.path ?? DEFAULT_PATH,
    ...(cors !== undefined ? { corsOrigin: cors } : {}),
    apiKey: api.apiKey ?? false,
    ...(api.throttle ? { throttle: api.throttle } : {}),
    ...(api.quota !== undefined ? { quotaPerDay: api.quota } : {}),
    contentType: api.contentType ?? DEFAULT_CONTENT_TYPE,
    ...(api.accept ? { accept: api.accept } : {}),
  };
}
