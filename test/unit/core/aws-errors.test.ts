import { describe, expect, it } from 'vitest';
import { DescribeEndpointCommand, ResourceLimitExceeded, SageMakerClient, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { awsErrorName, translateAwsError } from '../../../src/core/aws-errors.js';
import { AwsRequestError, ConfigError, NetworkError, UsageError, WaitTimeoutError } from '../../../src/core/errors.js';
import { annotateRequestError, annotateResponse } from '../../../src/core/request-where.js';
import { clientConfig } from '../../../src/core/clients.js';
import { recordingLogger } from '../helpers/logger.js';

function named(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

const ACCESS = 'the credentials in use lack a permission: README.md lists the IAM permissions each command needs';
const LIMIT = 'an account limit or rate was reached: retry later, or ask AWS for a higher quota';

describe('translateAwsError', () => {
  it('turns a missing region into a usage error (exit 2) that says how to set one', () => {
    const error = translateAwsError('DescribeEndpoint', new Error('Region is missing'));
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({
      message: 'no AWS region: none was given and none is configured',
      exitCode: 2,
      resolution: 'pass --region, set `region:` in sagectl.yaml, or set AWS_REGION',
    });
  });

  it.each([
    ['CredentialsProviderError', 'Could not load credentials from any providers'],
    ['Error', 'could not load credentials from profile'],
  ])('turns missing credentials (%s) into a usage error (exit 2)', (name, message) => {
    const error = translateAwsError('ListEndpoints', named(name, message));
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({
      message: `no AWS credentials: ${message}`,
      exitCode: 2,
      resolution: 'set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    });
  });

  it.each(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'NotAuthorized'])(
    'turns %s into a refusal (exit 3) pointing at the IAM permissions',
    (name) => {
      const cause = named(name, 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sagemaker:CreateEndpoint');
      const error = translateAwsError('CreateEndpoint', cause);
      expect(error).toBeInstanceOf(AwsRequestError);
      expect(error).toMatchObject({
        message: `CreateEndpoint was refused (${name}): ${cause.message}`,
        operation: 'CreateEndpoint',
        awsCode: name,
        exitCode: 3,
        resolution: ACCESS,
        cause,
      });
    },
  );

  it.each(['ExpiredTokenException', 'ExpiredToken', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidSignatureException'])(
    'turns %s into a refusal (exit 3) that says to refresh the credentials',
    (name) => {
      const error = translateAwsError('ListEndpoints', named(name, 'The security token included in the request is expired'));
      expect(error).toMatchObject({ exitCode: 3, awsCode: name });
      expect((error as AwsRequestError).resolution).toMatch(/expired or invalid: refresh them/);
    },
  );

  it.each(['ThrottlingException', 'TooManyRequestsException', 'LimitExceededException', 'ResourceLimitExceeded'])(
    'turns %s into a refusal (exit 3) that mentions limits',
    (name) => {
      const error = translateAwsError('CreateEndpoint', named(name, 'Rate exceeded'));
      expect(error).toMatchObject({ exitCode: 3, awsCode: name, resolution: LIMIT });
    },
  );

  it('maps a real SDK service exception by its name', () => {
    const sdkError = new ResourceLimitExceeded({ message: 'account-level service limit', $metadata: { httpStatusCode: 400 } });
    expect(sdkError).toBeInstanceOf(SageMakerServiceException);
    const error = translateAwsError('CreateEndpoint', sdkError);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error.message).toBe('CreateEndpoint was refused (ResourceLimitExceeded): account-level service limit');
    expect((error as AwsRequestError).resolution).toBe(LIMIT);
  });

  it('gives no resolution for an error it knows nothing about', () => {
    const error = translateAwsError('CreateModel', named('ValidationException', 'Could not access model data'));
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error).toMatchObject({ exitCode: 3, awsCode: 'ValidationException', resolution: undefined });
    expect(error.message).toBe('CreateModel was refused (ValidationException): Could not access model data');
  });

  it.each([
    ['ECONNREFUSED', 'could not reach the AWS endpoint for DescribeEndpoint: ECONNREFUSED'],
    ['ECONNRESET', 'the connection to the AWS endpoint was cut before DescribeEndpoint was answered: ECONNRESET'],
    ['ENOTFOUND', 'cannot resolve the AWS endpoint for DescribeEndpoint: ENOTFOUND'],
    ['EAI_AGAIN', 'cannot resolve the AWS endpoint for DescribeEndpoint: EAI_AGAIN'],
    ['ETIMEDOUT', 'no answer from the AWS endpoint for DescribeEndpoint in time'],
  ])('turns a network error %s into a network failure (exit 6), not a refusal', (code, message) => {
    const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:5000`), { code });
    const error = translateAwsError('DescribeEndpoint', cause);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ message, operation: 'DescribeEndpoint', exitCode: 6, cause });
    expect((error as NetworkError).resolution).toContain('--endpoint-url');
  });

  it('names the endpoint, region, attempts and timeout the HTTP handler noted', () => {
    const cause = Object.assign(new Error('a request has exceeded the configured 2000 ms requestTimeout'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      $metadata: { attempts: 3 },
    });
    annotateRequestError(cause, { endpoint: 'https://api.sagemaker.eu-west-1.amazonaws.com', region: 'eu-west-1', requestTimeoutMs: 2000 });
    expect(translateAwsError('ListEndpoints', cause).message).toBe(
      'no answer from https://api.sagemaker.eu-west-1.amazonaws.com for ListEndpoints after 3 attempts of 2s each (region eu-west-1)',
    );
  });

  it('says when a name does not resolve which host, and to check the region', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND api.sagemaker.us-east-7.amazonaws.com'), { code: 'ENOTFOUND' });
    annotateRequestError(cause, { endpoint: 'https://api.sagemaker.us-east-7.amazonaws.com', region: 'us-east-7', requestTimeoutMs: 30_000 });
    const error = translateAwsError('ListEndpoints', cause);
    expect(error.message).toBe('cannot resolve api.sagemaker.us-east-7.amazonaws.com for ListEndpoints: ENOTFOUND (region us-east-7)');
    expect((error as NetworkError).resolution).toContain('check --region');
  });

  it("says an answer that did not parse is not AWS's (the SDK's `Unexpected token '<'`), with its status and type", () => {
    const cause = new SyntaxError(
      'Unexpected token \'<\', "<html><bod"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
    );
    const response = { statusCode: 200, headers: { 'content-type': 'text/plain' } };
    annotateResponse(response, { endpoint: 'http://127.0.0.1:5000', requestTimeoutMs: 30_000 });
    Object.defineProperty(cause, '$response', { value: response, enumerable: false });
    const error = translateAwsError('ListEndpoints', cause);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(
      `the answer from http://127.0.0.1:5000 to ListEndpoints is not AWS's: a body that does not parse (HTTP 200, text/plain: Unexpected token '<', "<html><bod"... is not valid JSON)`,
    );
    expect(error.message).not.toContain('hidden field');
  });

  it("says an HTML page is not AWS's, whatever its status", () => {
    const cause = Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 502 } });
    Object.defineProperty(cause, '$response', { value: { statusCode: 502, headers: { 'Content-Type': 'text/html; charset=utf-8' } } });
    expect(translateAwsError('ListEndpoints', cause).message).toBe(
      "the answer from the AWS endpoint to ListEndpoints is not AWS's: an HTML page (HTTP 502, text/html; charset=utf-8)",
    );
  });

  it.each([
    ['UsageError', new UsageError('x')],
    ['ConfigError', new ConfigError('x')],
    ['WaitTimeoutError', new WaitTimeoutError('x')],
    ['AwsRequestError', new AwsRequestError('Op', 'Code', 'x')],
  ])('passes our own %s through unchanged', (_name, ours) => {
    expect(translateAwsError('DescribeEndpoint', ours)).toBe(ours);
  });

  it('even our own error whose message looks like an SDK one passes through', () => {
    const ours = new UsageError('Region is missing in the flags');
    expect(translateAwsError('X', ours)).toBe(ours);
  });

  it.each([
    ['a string', 'boom', 'boom'],
    ['undefined', undefined, 'undefined'],
    ['an object', { message: 'not an Error' }, '[object Object]'],
  ])('wraps %s in a plain Error (an internal error, exit 1)', (_what, thrown, message) => {
    const error = translateAwsError('X', thrown);
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(message);
  });

  describe('errors the real SDK throws', () => {
    const saved = { ...process.env };
    const restore = (): void => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    };
    const describeOnce = async (options: { endpointUrl?: string; region?: string } = {}): Promise<unknown> => {
      const client = new SageMakerClient(clientConfig({ logger: recordingLogger('silent').logger, maxAttempts: 1, ...options }));
      try {
        await client.send(new DescribeEndpointCommand({ EndpointName: 'churn' }));
        return undefined;
      } catch (error) {
        return error;
      } finally {
        client.destroy();
      }
    };

    it('no region anywhere → usage error', async () => {
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      try {
        const error = translateAwsError('DescribeEndpoint', await describeOnce());
        expect(error).toBeInstanceOf(UsageError);
        expect(error.message).toBe('no AWS region: none was given and none is configured');
      } finally {
        restore();
      }
    });

    it('no credentials anywhere → usage error', async () => {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      try {
        const error = translateAwsError('DescribeEndpoint', await describeOnce({ region: 'us-east-1' }));
        expect(error).toBeInstanceOf(UsageError);
        expect(error.message).toMatch(/^no AWS credentials: Could not load credentials/);
      } finally {
        restore();
      }
    });

    it('a refused connection → exit 6 naming the endpoint and the region', async () => {
      // Port 1 on the loopback interface: refused at once, nothing leaves the machine.
      const error = translateAwsError('DescribeEndpoint', await describeOnce({ endpointUrl: 'http://127.0.0.1:1', region: 'eu-west-1' }));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ message: 'could not reach http://127.0.0.1:1 for DescribeEndpoint: ECONNREFUSED (region eu-west-1)', exitCode: 6 });
    });
  });
});

describe('awsErrorName', () => {
  it('is the error name of an Error', () => {
    expect(awsErrorName(named('ValidationException', 'x'))).toBe('ValidationException');
    expect(awsErrorName(new ResourceLimitExceeded({ message: 'x', $metadata: {} }))).toBe('ResourceLimitExceeded');
  });

  it('is undefined for anything else', () => {
    expect(awsErrorName('ValidationException')).toBeUndefined();
    expect(awsErrorName({ name: 'ValidationException' })).toBeUndefined();
    expect(awsErrorName(undefined)).toBeUndefined();
  });
});
