import { describe, expect, it } from 'vitest';
import { InvokeEndpointCommand, ModelError } from '@aws-sdk/client-sagemaker-runtime';
import { awsError, useRuntimeMock } from '../helpers/mock-sdk.js';
import { EndpointNotFoundError, isRuntimeEndpointNotFound, ModelInvocationError, parseLogStreamArn } from '../../../src/services/runtime.js';
import { AwsRequestError } from '../../../src/core/errors.js';

const { mock, service } = useRuntimeMock();
const body = new TextEncoder().encode('1,2,3\n');
const LOG_STREAM = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/churn:log-stream:AllTraffic/i-0abc';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('RuntimeService.invoke', () => {
  it('sends the body, content type, accept, target variant and custom attributes; returns the answer', async () => {
    mock()
      .on(InvokeEndpointCommand)
      .resolves({ Body: new TextEncoder().encode('0.93') as never, ContentType: 'text/csv', InvokedProductionVariant: 'Canary', CustomAttributes: 'trace=1' });
    const answer = await service().invoke({
      endpointName: 'churn',
      body,
      contentType: 'text/csv',
      accept: 'application/json',
      variant: 'Canary',
      customAttributes: 'trace=1',
    });
    expect(mock()).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'churn',
      Body: body,
      ContentType: 'text/csv',
      Accept: 'application/json',
      TargetVariant: 'Canary',
      CustomAttributes: 'trace=1',
    });
    expect(Buffer.from(answer.body).toString()).toBe('0.93');
    expect(answer).toMatchObject({ contentType: 'text/csv', invokedVariant: 'Canary', customAttributes: 'trace=1' });
  });

  it('sends no optional header that was not asked for', async () => {
    mock()
      .on(InvokeEndpointCommand)
      .resolves({ Body: new Uint8Array() as never });
    await service().invoke({ endpointName: 'churn', body, contentType: 'text/csv' });
    const input = mock().commandCalls(InvokeEndpointCommand)[0]!.args[0].input;
    expect(Object.keys(input).sort()).toEqual(['Body', 'ContentType', 'EndpointName']);
  });

  it("turns a ModelError into exit 4 with the container's message, log group and stream", async () => {
    mock()
      .on(InvokeEndpointCommand)
      .rejects(
        new ModelError({
          $metadata: { httpStatusCode: 424 },
          message: 'Received server error (500) from primary',
          OriginalStatusCode: 500,
          OriginalMessage: "could not convert string to float: 'abc'",
          LogStreamArn: LOG_STREAM,
        }),
      );
    const error = await rejection(service().invoke({ endpointName: 'churn', body, contentType: 'text/csv' }));
    expect(error).toBeInstanceOf(ModelInvocationError);
    expect((error as ModelInvocationError).exitCode).toBe(4);
    expect(error.message).toBe(
      "endpoint churn: the model's container answered 500: could not convert string to float: 'abc'\n  logs: log group /aws/sagemaker/Endpoints/churn, stream AllTraffic/i-0abc",
    );
  });

  it('a ModelError without a log stream still names the log group', async () => {
    mock()
      .on(InvokeEndpointCommand)
      .rejects(new ModelError({ $metadata: {}, message: 'Received client error (415)' }));
    const error = (await rejection(service().invoke({ endpointName: 'churn', body, contentType: 'text/csv' }))) as ModelInvocationError;
    expect(error.message).toContain('Received client error (415)');
    expect(error.logGroup).toBe('/aws/sagemaker/Endpoints/churn');
    expect(error.logStream).toBeUndefined();
  });

  it('a missing endpoint is an EndpointNotFoundError (exit 2)', async () => {
    mock().on(InvokeEndpointCommand).rejects(awsError('ValidationError', 'Endpoint nope of account 123456789012 not found.'));
    const error = await rejection(service().invoke({ endpointName: 'nope', body, contentType: 'text/csv' }));
    expect(error).toBeInstanceOf(EndpointNotFoundError);
    expect((error as EndpointNotFoundError).exitCode).toBe(2);
  });

  it('throttling that outlasts the retries is an AWS refusal (exit 3) that says to retry later', async () => {
    mock()
      .on(InvokeEndpointCommand)
      .rejects(awsError('ThrottlingException', 'Rate exceeded', 400));
    const error = await rejection(service().invoke({ endpointName: 'churn', body, contentType: 'text/csv' }));
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error.message).toBe('InvokeEndpoint was refused (ThrottlingException): Rate exceeded');
    expect((error as AwsRequestError).resolution).toMatch(/retry later/);
  });

  it('any other validation error is an AWS refusal, not a missing endpoint', async () => {
    mock().on(InvokeEndpointCommand).rejects(awsError('ValidationError', 'Variant Canary not found for endpoint churn.'));
    const error = await rejection(service().invoke({ endpointName: 'churn', body, contentType: 'text/csv', variant: 'Canary' }));
    expect(error).toBeInstanceOf(AwsRequestError);
    expect((error as AwsRequestError).exitCode).toBe(3);
  });
});

describe('helpers', () => {
  it('isRuntimeEndpointNotFound knows only the runtime wording', () => {
    expect(isRuntimeEndpointNotFound(awsError('ValidationError', 'Endpoint churn of account 123456789012 not found.'))).toBe(true);
    expect(isRuntimeEndpointNotFound(awsError('ValidationError', 'Variant x not found.'))).toBe(false);
    expect(isRuntimeEndpointNotFound(awsError('ModelError', 'Endpoint churn of account 1 not found.'))).toBe(false);
    expect(isRuntimeEndpointNotFound('Endpoint x not found')).toBe(false);
  });

  it('parseLogStreamArn splits group and stream', () => {
    expect(parseLogStreamArn(LOG_STREAM)).toEqual({ group: '/aws/sagemaker/Endpoints/churn', stream: 'AllTraffic/i-0abc' });
    expect(parseLogStreamArn(undefined)).toBeUndefined();
    expect(parseLogStreamArn('arn:aws:logs:us-east-1:1:log-group:x')).toBeUndefined();
  });
});
