import { AwsRequestError, SagectlError, UsageError } from './errors.js';

/** The parts of an SDK v3 service exception sagectl reads. */
interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
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
 * user's to fix (exit 2); anything AWS answered with after retries is a refusal (exit 3).
 * Our own errors pass through unchanged.
 */
export function translateAwsError(operation: string, error: unknown): Error {
  if (error instanceof SagectlError || !isSdkError(error)) return error instanceof Error ? error : new Error(String(error));
  if (/region is missing/i.test(error.message)) {
    return new UsageError('no AWS region: none was given and none is configured', 'pass --region, set `region:` in sagectl.yaml, or set AWS_REGION');
  }
  if (error.name === 'CredentialsProviderError' || /could not load credentials/i.test(error.message)) {
    return new UsageError(`no AWS credentials: ${error.message}`, 'set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return new AwsRequestError(operation, code, `could not reach the AWS endpoint (${error.message})`, {
      cause: error,
      resolution: 'check --endpoint-url / AWS_ENDPOINT_URL and the network',
    });
  }
  return new AwsRequestError(operation, error.name, error.message, { cause: error, resolution: resolutionFor(error.name) });
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
