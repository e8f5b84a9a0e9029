// The launcher's fault injector, exercised with plain SDK calls: each test signs with its own
// access key, so the faults it sets reach only its own requests.

import { randomBytes } from 'node:crypto';
import { CreateModelCommand, DescribeModelCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { injectedFaults, setFaults } from './faults.js';

const endpoint = inject('motoEndpoint');
const ROLE = 'arn:aws:iam::123456789012:role/sagectl-e2e';
const region = 'us-east-1';

beforeAll(() => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});

const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const credentials = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'testing' });
/** One attempt per call: the test sees each injected fault instead of the SDK's retry hiding it. */
const sagemaker = (key: string, maxAttempts = 1) => new SageMakerClient({ endpoint, region, credentials: credentials(key), maxAttempts });

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('fault injector', () => {
  it('throttles as SageMaker does (HTTP 400 ThrottlingException), only for the access key it was set for', async () => {
    const key = unique('THROTTLE');
    await setFaults(endpoint, { seed: 1, accessKey: key, throttle: 1 });
    const error = await rejection(sagemaker(key).send(new ListModelsCommand({})));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    await expect(sagemaker(unique('OTHER')).send(new ListModelsCommand({}))).resolves.toBeDefined();
    expect(await injectedFaults(endpoint, key)).toEqual([{ target: 'SageMaker.ListModels', service: 'sagemaker', fault: 'throttle' }]);
  });

  it('answers 5xx InternalFailure or ServiceUnavailable, which the SDK retries until it gets through', async () => {
    const key = unique('FIVEXX');
    await setFaults(endpoint, { seed: 2, accessKey: key, serverError: 1 });
    const errors = await Promise.all([1, 2, 3, 4, 5, 6].map(() => rejection(sagemaker(key).send(new ListModelsCommand({})))));
    for (const e of errors) expect([`InternalFailure 500`, `ServiceUnavailable 503`]).toContain(`${e.name} ${e.$metadata?.httpStatusCode}`);
    expect(new Set(errors.map((e) => e.name)).size).toBe(2);

    await setFaults(endpoint, { seed: 2, accessKey: key, serverError: 0.5 });
    await expect(sagemaker(key, 8).send(new ListModelsCommand({}))).resolves.toBeDefined();
  });

  it('loses the answer of a create it applied: the caller sees a dropped connection, the model exists, a retry meets "already existing"', async () => {
    const key = unique('LOST');
    const name = unique('lost-model');
    await setFaults(endpoint, { seed: 3, accessKey: key, lostAnswer: 1 });
    const create = () =>
      sagemaker(key).send(new CreateModelCommand({ ModelName: name, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: 'sagectl-e2e/xgboost:1' } }));
    const lost = await rejection(create());
    expect(lost.$metadata?.httpStatusCode).toBeUndefined(); // no HTTP answer at all
    expect(await injectedFaults(endpoint, key)).toEqual([{ target: 'SageMaker.CreateModel', service: 'sagemaker', fault: 'lostAnswer' }]);

    await setFaults(endpoint, { seed: 3, accessKey: key });
    const model = await sagemaker(key).send(new DescribeModelCommand({ ModelName: name }));
    expect(model.ModelName).toBe(name);
    const again = await rejection(create());
    expect(again.name).toBe('ValidationException');
    expect(again.message).toBe(`Cannot create already existing model "${model.ModelArn}".`);
  });

  it('is reproducible: the same seed faults the same requests of the same sequence, at about the share asked', async () => {
    const pattern = async (seed: number): Promise<boolean[]> => {
      const key = unique('SEED');
      await setFaults(endpoint, { seed, accessKey: key, throttle: 0.1, serverError: 0.1 });
      const client = sagemaker(key);
      const out: boolean[] = [];
      for (let i = 0; i < 60; i++)
        out.push(
          await client.send(new ListModelsCommand({})).then(
            () => false,
            () => true,
          ),
        );
      return out;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(await pattern(43)).not.toEqual(first);
    const faulted = first.filter(Boolean).length;
    expect(faulted).toBeGreaterThan(3);
    expect(faulted).toBeLessThan(25);
  });

  it('denies one named action, for one resource only when one is given, as a missing IAM permission would', async () => {
    const key = unique('DENY');
    const lambda = new LambdaClient({ endpoint, region, credentials: credentials(key), maxAttempts: 1 });
    const iam = new IAMClient({ endpoint, region, credentials: credentials(key), maxAttempts: 1 });
    await setFaults(endpoint, { seed: 4, accessKey: key, deny: [{ action: 'lambda:GetFunction', resource: 'stack-b-invoke' }, { action: 'iam:GetRole' }] });

    const denied = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'stack-b-invoke' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata?.httpStatusCode).toBe(403);
    expect(denied.message).toContain('not authorized to perform: lambda:GetFunction');
    const other = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'stack-a-invoke' })));
    expect(other.name).toBe('ResourceNotFoundException'); // reached moto: not denied

    const role = await rejection(iam.send(new GetRoleCommand({ RoleName: unique('any-role') })));
    expect(role.name).toBe('AccessDenied');
    expect(role.$metadata?.httpStatusCode).toBe(403);
    expect((await injectedFaults(endpoint, key)).map((f) => f.fault)).toEqual(['deny', 'deny']);
  });
});
