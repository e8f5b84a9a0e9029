import { AwsRequestError, NetworkError, SagectlError, UsageError } from './errors.js';
import { formatDuration } from './duration.js';
import { requestWhereOf } from './request-where.js';

/** The parts of an SDK v3 service exception sagectl reads. */
interface SdkError {
  name: string;
  message: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

function isSdkError(error: unknown): error is SdkError {
  return error instanceof Error;
}

/** The SDK's error name, or undefined for anything that is not an Error. */
export function awsErrorName(error: unknown): string | undefined {
  return isSdkError(error) ? error.name : undefined;
}

/**
 * Turns an SDK error into one of the tool's errors: missing region or credentials are the
 * user's to fix (exit 2); no answer, or an answer that is not AWS's, is a network failure
 * (exit 6); anything AWS answered with after retries is a refusal (exit 3). Our own errors pass
 * through unchanged.
 */
export function translateAwsError(operation: string, error: unknown): Error {
  if (error instanceof SagectlError || !isSdkError(error)) return error instanceof Error ? error : new Error(String(error));
  if (/region is missing/i.test(error.message)) {
    return new UsageError('no AWS region: none was given and none is configured', 'pass --region, set `region:` in sagectl.yaml, or set AWS_REGION');
  }
  if (error.name === 'CredentialsProviderError' || /could not load credentials/i.test(error.message)) {
    return new UsageError(`no AWS credentials: ${error.message}`, 'set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  }
  const network = networkFailure(operation, error);
  if (network) return network;
  return new AwsRequestError(operation, error.name, error.message, { cause: error, resolution: resolutionFor(error.name) });
}

const NO_ANSWER = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** A connection cut after the request went out (the SDK names a "socket hang up" TimeoutError, but nothing timed out). */
const CUT = new Set(['ECONNRESET', 'EPIPE']);
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/** A failure of the network, or of whatever answered in AWS's place, as a {@link NetworkError}; else undefined. */
function networkFailure(operation: string, error: SdkError): NetworkError | undefined {
  const where = requestWhereOf(error);
  const endpoint = where?.endpoint ?? 'the AWS endpoint';
  const region = where?.region !== undefined ? ` (region ${where.region})` : '';
  const code = error.code ?? '';
  const attempts = error.$metadata?.attempts;
  const tries = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
  const override = 'check --endpoint-url / AWS_ENDPOINT_URL';
  if (CUT.has(code)) {
    return new NetworkError(operation, `the connection to ${endpoint} was cut before ${operation} was answered: ${code}${tries}${region}`, {
      cause: error,
      resolution: `a proxy, VPN or the network cut it, and the request may have been applied: run the command again (it converges); if it keeps happening, ${override}`,
    });
  }
  if (error.name === 'TimeoutError' || NO_ANSWER.has(code)) {
    const each = where ? ` of ${formatDuration(where.requestTimeoutMs)}` : '';
    const after =
      attempts !== undefined && attempts > 1 ? `after ${attempts} attempts${each} each` : where ? `after ${formatDuration(where.requestTimeoutMs)}` : 'in time';
    return new NetworkError(operation, `no answer from ${endpoint} for ${operation} ${after}${region}`, {
      cause: error,
      resolution: `check the network (a proxy or firewall?) and ${override}; if AWS is just slow, raise --request-timeout or SAGECTL_REQUEST_TIMEOUT`,
    });
  }
  if (REFUSED.has(code)) {
    return new NetworkError(operation, `could not reach ${endpoint} for ${operation}: ${code}${tries}${region}`, {
      cause: error,
      resolution: `nothing answers at that address: ${override}, or start the emulator it names`,
    });
  }
  if (UNRESOLVED.has(code)) {
    const host = hostOf(endpoint);
    return new NetworkError(operation, `cannot resolve ${host} for ${operation}: ${code}${tries}${region}`, {
      cause: error,
      resolution:
        code === 'EAI_AGAIN'
          ? `the name lookup failed: check the network and DNS; check --region too (is the region right, and does it offer this service?) and ${override}`
          : `no such host: check --region (is the region right, and does it offer this service?) and ${override}`,
    });
  }
  const foreign = notAwsAnswer(error);
  if (foreign) {
    return new NetworkError(operation, `the answer from ${endpoint} to ${operation} is not AWS's: ${foreign}${region}`, {
      cause: error,
      resolution: `something other than AWS answered (a proxy, a captive portal, an emulator without this API?): ${override} and HTTPS_PROXY`,
    });
  }
  return undefined;
}

/** Why a response is not one AWS sends (an HTML page, a body the SDK could not parse), or undefined. */
function notAwsAnswer(error: SdkError): string | undefined {
  const response = error.$response;
  const contentType = Object.entries(response?.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const status = response?.statusCode ?? error.$metadata?.httpStatusCode;
  const described = `HTTP ${status ?? '?'}${contentType ? `, ${contentType}` : ''}`;
  if (contentType && /text\/html/i.test(contentType)) return `an HTML page (${described})`;
  // The SDK's parse failures: `SyntaxError: Unexpected token '<' …` plus a hint about its hidden `$response` field.
  if (error.name === 'SyntaxError' || /Deserialization error/i.test(error.message)) {
    return `a body that does not parse (${described}: ${error.message.split('\n')[0] ?? ''})`;
  }
  return undefined;
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return endpoint;
  }
}

function resolutionFor(name: string): string | undefined {
  if (/ExpiredToken|InvalidClientTokenId|UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch/i.test(name)) {
    return 'the credentials are expired or invalid: refresh them (e.g. `aws sso login`) or check AWS_PROFILE / --profile';
  }
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name)) {
    return 'the credentials in use lack a permission: README.md lists the IAM permissions each command needs';
  }
  if (/Throttl|TooManyRequests|LimitExceeded|ResourceLimitExceeded/i.test(name)) {
    return 'an account limit or rate was reached: retry later, or ask AWS for a higher quota';
  }
  return undefined;
}
