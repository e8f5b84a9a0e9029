// The launcher's patches to moto, exercised with plain SDK calls against the shared server.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  AddTagsCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  DescribeModelCommand,
  ListTagsCommand,
  SageMakerClient,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  type DescribeEndpointCommandOutput,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { e2eEnv, readRequestLog, resetRequestLog } from './moto.mjs';

const endpoint = inject('motoEndpoint');
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/sagectl-e2e`;
const GOOD_IMAGE = 'sagectl-e2e/xgboost:1';
const FAILING_IMAGE = 'sagectl-e2e/will-fail:1';
const PING_FAILURE = /did not pass the ping health check/;

let sm: SageMakerClient;

beforeAll(() => {
  // The SDK warns on Node 20 at client creation; sagectl silences it for itself, the tests likewise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  sm = new SageMakerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
});

/** A name no other test (or earlier run against the same server) uses. */
function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

async function createModel(name: string, image = GOOD_IMAGE, tags?: Tag[]): Promise<string> {
  const out = await sm.send(new CreateModelCommand({ ModelName: name, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: image }, Tags: tags }));
  return out.ModelArn!;
}

async function createConfig(name: string, model: string, instances = 1): Promise<void> {
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: instances, InitialVariantWeight: 1 },
      ],
    }),
  );
}

/** A model and an endpoint config serving it, named after `prefix`; returns the config name. */
async function modelAndConfig(prefix: string, image = GOOD_IMAGE, instances = 1): Promise<string> {
  const model = unique(`${prefix}-m`);
  const config = unique(`${prefix}-c`);
  await createModel(model, image);
  await createConfig(config, model, instances);
  return config;
}

function describeEndpoint(name: string): Promise<DescribeEndpointCommandOutput> {
  return sm.send(new DescribeEndpointCommand({ EndpointName: name }));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('UpdateEndpoint', () => {
  it('switches the endpoint to the new config and its variants', async () => {
    const first = await modelAndConfig('upd', GOOD_IMAGE, 1);
    const second = await modelAndConfig('upd', GOOD_IMAGE, 3);
    const name = unique('upd-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: first }));
    const before = await describeEndpoint(name);
    await sleep(20);

    const out = await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: second }));

    expect(out.EndpointArn).toBe(before.EndpointArn);
    const after = await describeEndpoint(name);
    expect(after.EndpointConfigName).toBe(second);
    expect(after.EndpointStatus).toBe('InService');
    expect(after.FailureReason).toBeUndefined();
    expect(after.ProductionVariants?.[0]).toMatchObject({ VariantName: 'AllTraffic', CurrentInstanceCount: 3 });
    expect(after.CreationTime).toEqual(before.CreationTime);
    expect(after.LastModifiedTime!.getTime()).toBeGreaterThan(before.LastModifiedTime!.getTime());
  });

  it('refuses a missing endpoint or a missing config with ValidationException', async () => {
    const config = await modelAndConfig('upd-missing');
    const missing = unique('no-such-ep');
    const noEndpoint = await rejection(sm.send(new UpdateEndpointCommand({ EndpointName: missing, EndpointConfigName: config })));
    expect(noEndpoint.name).toBe('ValidationException');
    expect(noEndpoint.message).toBe(`Could not find endpoint "arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${missing}".`);

    const name = unique('upd-missing-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config }));
    const noConfig = await rejection(sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: unique('no-such-config') })));
    expect(noConfig.name).toBe('ValidationException');
    expect(noConfig.message).toMatch(/^Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:\d{12}:endpoint-config\//);
    expect((await describeEndpoint(name)).EndpointConfigName).toBe(config);
  });

  it('rolls back a failing update: old config, InService, FailureReason; a later good update clears it', async () => {
    const good = await modelAndConfig('rb', GOOD_IMAGE, 2);
    const bad = await modelAndConfig('rb-bad', FAILING_IMAGE, 5);
    const better = await modelAndConfig('rb', GOOD_IMAGE, 4);
    const name = unique('rb-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: good }));

    await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: bad }));

    const rolledBack = await describeEndpoint(name);
    expect(rolledBack.EndpointStatus).toBe('InService');
    expect(rolledBack.EndpointConfigName).toBe(good);
    expect(rolledBack.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(2);
    expect(rolledBack.FailureReason).toMatch(PING_FAILURE);

    await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: better }));
    const updated = await describeEndpoint(name);
    expect(updated.EndpointConfigName).toBe(better);
    expect(updated.FailureReason).toBeUndefined();
  });
});

describe('UpdateEndpoint rollback alarms (test-only trigger)', () => {
  it('rolls back when a rollback alarm named with "e2e-firing" is watched, naming it; other alarms never fire', async () => {
    const good = await modelAndConfig('alarm', GOOD_IMAGE, 1);
    const next = await modelAndConfig('alarm', GOOD_IMAGE, 2);
    const name = unique('alarm-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: good }));
    const deployment = (alarm: string) => ({
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE' as const, WaitIntervalInSeconds: 0 } },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: alarm }] },
    });

    await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: next, DeploymentConfig: deployment('churn-e2e-firing') }));
    const rolledBack = await describeEndpoint(name);
    expect(rolledBack).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: good });
    expect(rolledBack.FailureReason).toContain('churn-e2e-firing');

    await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: next, DeploymentConfig: deployment('churn-5xx') }));
    expect((await describeEndpoint(name)).EndpointConfigName).toBe(next);
  });
});

describe('CreateEndpoint', () => {
  it('ends Failed with a FailureReason when the model image contains "fail"', async () => {
    const config = await modelAndConfig('fail', FAILING_IMAGE);
    const name = unique('fail-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config }));

    const described = await describeEndpoint(name);
    expect(described.EndpointStatus).toBe('Failed');
    expect(described.FailureReason).toBe(
      'The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.',
    );
  });

  it('leaves an endpoint of a good image InService with no FailureReason', async () => {
    const config = await modelAndConfig('ok');
    const name = unique('ok-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config }));
    const described = await describeEndpoint(name);
    expect(described.EndpointStatus).toBe('InService');
    expect(described.FailureReason).toBeUndefined();
  });
});

describe('creating what already exists', () => {
  it('refuses a second CreateModel of the same name and keeps the first', async () => {
    const name = unique('dup-m');
    const arn = await createModel(name, GOOD_IMAGE);
    const error = await rejection(createModel(name, 'other-image:2'));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(`Cannot create already existing model "${arn}".`);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    const model = await sm.send(new DescribeModelCommand({ ModelName: name }));
    expect(model.PrimaryContainer?.Image).toBe(GOOD_IMAGE);
  });

  it('refuses a second CreateEndpointConfig and CreateEndpoint of the same name', async () => {
    const model = unique('dup-m');
    await createModel(model);
    const config = unique('dup-c');
    await createConfig(config, model);
    const configError = await rejection(createConfig(config, model));
    expect(configError.name).toBe('ValidationException');
    expect(configError.message).toMatch(/^Cannot create already existing endpoint configuration "arn:aws:sagemaker:[^"]+:endpoint-config\//);

    const name = unique('dup-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config }));
    const endpointError = await rejection(sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config })));
    expect(endpointError.name).toBe('ValidationException');
    expect(endpointError.message).toMatch(/^Cannot create already existing endpoint "arn:aws:sagemaker:[^"]+:endpoint\//);
  });
});

describe('tags', () => {
  it('AddTags overwrites the value of an existing key instead of adding a second one', async () => {
    const arn = await createModel(unique('tag-m'), GOOD_IMAGE, [
      { Key: 'sagectl:stack', Value: 'one' },
      { Key: 'team', Value: 'ml' },
    ]);
    await sm.send(
      new AddTagsCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'sagectl:stack', Value: 'two' },
          { Key: 'new', Value: 'yes' },
        ],
      }),
    );

    const { Tags } = await sm.send(new ListTagsCommand({ ResourceArn: arn }));
    expect(Tags).toHaveLength(3);
    expect(Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual({ 'sagectl:stack': 'two', team: 'ml', new: 'yes' });
  });

  it('ListTags and AddTags on a missing ARN answer ValidationException at once, with no retries', async () => {
    const arn = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${unique('no-such-ep')}`;
    await resetRequestLog(endpoint);

    const listError = await rejection(sm.send(new ListTagsCommand({ ResourceArn: arn })));
    const addError = await rejection(sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] })));

    for (const error of [listError, addError]) {
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain(arn);
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.$metadata?.attempts).toBe(1);
    }
    expect((await readRequestLog(endpoint)).count).toBe(2);
  });
});

describe('UpdateEndpointWeightsAndCapacities', () => {
  it('changes only what the request names', async () => {
    const config = await modelAndConfig('w', GOOD_IMAGE, 2);
    const name = unique('w-ep');
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config }));

    await sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: name,
        DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredWeight: 0.5 }],
      }),
    );

    const variant = (await describeEndpoint(name)).ProductionVariants?.[0];
    expect(variant).toMatchObject({ CurrentWeight: 0.5, DesiredWeight: 0.5, CurrentInstanceCount: 2, DesiredInstanceCount: 2 });
  });
});

describe('request counter', () => {
  it('counts AWS requests by target, ignores its own and moto-api requests, and resets', async () => {
    await resetRequestLog(endpoint);
    expect(await readRequestLog(endpoint)).toEqual({ count: 0, requests: [] });

    const model = unique('count-m');
    await createModel(model);
    await sm.send(new DescribeModelCommand({ ModelName: model }));
    await rejection(sm.send(new DescribeEndpointCommand({ EndpointName: unique('no-such-ep') })));
    // Query protocol: the counter reads Action from the form body and must leave it for moto.
    const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const role = unique('count-role');
    const created = await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }));
    expect(created.Role?.RoleName).toBe(role);
    await fetch(`${endpoint}/moto-api/`);

    const log = await readRequestLog(endpoint);
    expect(log.count).toBe(4);
    expect(log.requests).toEqual([
      { target: 'SageMaker.CreateModel', service: 'sagemaker' },
      { target: 'SageMaker.DescribeModel', service: 'sagemaker' },
      { target: 'SageMaker.DescribeEndpoint', service: 'sagemaker' },
      { target: 'CreateRole', service: 'iam' },
    ]);

    await resetRequestLog(endpoint);
    expect((await readRequestLog(endpoint)).count).toBe(0);
  });
});

describe('network latency', () => {
  const setLatency = async (body: object): Promise<Response> => fetch(`${endpoint}/_e2e/latency`, { method: 'POST', body: JSON.stringify(body) });

  it('delays only the requests of the access key it is set for, by the set time, until turned off', async () => {
    const key = unique('LATENCY');
    const slow = new SageMakerClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: key, secretAccessKey: 'testing' } });
    const timed = async (client: SageMakerClient): Promise<number> => {
      const start = performance.now();
      await rejection(client.send(new DescribeEndpointCommand({ EndpointName: unique('no-such-ep') })));
      return performance.now() - start;
    };
    expect((await setLatency({ ms: 300, accessKey: key })).status).toBe(200);
    try {
      expect(await timed(slow)).toBeGreaterThanOrEqual(300);
      // Another run's requests are not slowed.
      expect(await timed(sm)).toBeLessThan(300);
    } finally {
      await setLatency({ ms: 0, accessKey: key });
    }
    expect(await timed(slow)).toBeLessThan(300);
  });

  it('refuses a latency that is not a number of milliseconds from 0 to 10000', async () => {
    for (const ms of [-1, 10_001, '50', true, null]) expect((await setLatency({ ms })).status, String(ms)).toBe(400);
  });
});

describe('e2eEnv', () => {
  it('points the SDK at moto and drops every AWS_* variable of the caller', () => {
    const env = e2eEnv('http://127.0.0.1:1', {
      PATH: '/bin',
      AWS_PROFILE: 'prod',
      AWS_SESSION_TOKEN: 'secret',
      AWS_ENDPOINT_URL_SAGEMAKER: 'http://127.0.0.1:2',
    });
    expect(env).toMatchObject({
      PATH: '/bin',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(env.AWS_ENDPOINT_URL_SAGEMAKER).toBeUndefined();
    expect(existsSync(env.AWS_CONFIG_FILE!)).toBe(false);
    expect(existsSync(env.AWS_SHARED_CREDENTIALS_FILE!)).toBe(false);
  });
});
