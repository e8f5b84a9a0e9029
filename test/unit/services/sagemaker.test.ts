import { describe, expect, it } from 'vitest';
import {
  SearchCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListTagsCommand,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { isSageMakerNotFound } from '../../../src/services/sagemaker.js';
import { AwsRequestError, ExitCode } from '../../../src/core/errors.js';
import { useSageMakerMock, awsError } from '../helpers/mock-sdk.js';

const { mock, service } = useSageMakerMock();
const notFound = (what: string) => awsError('ValidationException', `Could not find ${what} "arn:aws:sagemaker:us-east-1:123456789012:${what}/x".`);

describe('isSageMakerNotFound', () => {
  it.each([
    [notFound('endpoint'), true],
    [awsError('ValidationException', 'Could not find model "arn:…".'), true],
    [awsError('ResourceNotFound', 'Resource not found'), true],
    [awsError('ValidationException', 'Requested resource not found.'), true],
    [awsError('ValidationException', 'Cannot create already existing model'), false],
    [awsError('AccessDeniedException', 'Could not find credentials'), false],
    ['Could not find endpoint', false],
  ])('%o → %s', (error, expected) => {
    expect(isSageMakerNotFound(error)).toBe(expected);
  });
});

describe('SageMakerService', () => {
  it('describes an endpoint in sagectl terms', async () => {
    const created = new Date('2026-11-25T10:00:00Z');
    mock()
      .on(DescribeEndpointCommand, { EndpointName: 'churn' })
      .resolves({
        EndpointName: 'churn',
        EndpointArn: 'arn:e',
        EndpointStatus: 'Failed',
        EndpointConfigName: 'churn-1',
        FailureReason: 'ping failed',
        CreationTime: created,
        LastModifiedTime: created,
        ProductionVariants: [
          { VariantName: 'AllTraffic', CurrentInstanceCount: 1, DesiredInstanceCount: 2, CurrentWeight: 1 },
          { VariantName: 'B', CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } },
        ],
      });
    expect(await service().describeEndpoint('churn')).toEqual({
      name: 'churn',
      arn: 'arn:e',
      status: 'Failed',
      configName: 'churn-1',
      failureReason: 'ping failed',
      creationTime: created,
      lastModifiedTime: created,
      variants: [
        { variantName: 'AllTraffic', currentInstanceCount: 1, desiredInstanceCount: 2, currentWeight: 1 },
        { variantName: 'B', serverless: { memoryMB: 2048, maxConcurrency: 5 } },
      ],
    });
  });

  it('answers undefined for a missing endpoint, config or model', async () => {
    mock().on(DescribeEndpointCommand).rejects(notFound('endpoint'));
    mock().on(DescribeEndpointConfigCommand).rejects(notFound('endpoint-config'));
    mock().on(DescribeModelCommand).rejects(notFound('model'));
    expect(await service().describeEndpoint('gone')).toBeUndefined();
    expect(await service().describeEndpointConfig('gone')).toBeUndefined();
    expect(await service().describeModel('gone')).toBeUndefined();
  });

  it('turns other errors into AwsRequestError (exit 3) naming the operation', async () => {
    mock().on(DescribeEndpointCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform sagemaker:DescribeEndpoint'));
    const error = await service()
      .describeEndpoint('churn')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect((error as AwsRequestError).exitCode).toBe(ExitCode.AwsRefused);
    expect((error as Error).message).toBe('DescribeEndpoint was refused (AccessDeniedException): User is not authorized to perform sagemaker:DescribeEndpoint');
  });

  it('creates a model with its container and tags', async () => {
    mock().on(CreateModelCommand).resolves({ ModelArn: 'arn:m' });
    const arn = await service().createModel(
      { name: 'churn-AllTraffic-1', image: 'img', modelDataUrl: 's3://b/m.tar.gz', executionRoleArn: 'arn:role', environment: { A: '1' } },
      { 'sagectl:stack': 'churn' },
    );
    expect(arn).toBe('arn:m');
    expect(mock()).toHaveReceivedCommandWith(CreateModelCommand, {
      ModelName: 'churn-AllTraffic-1',
      ExecutionRoleArn: 'arn:role',
      PrimaryContainer: { Image: 'img', ModelDataUrl: 's3://b/m.tar.gz', Environment: { A: '1' } },
      Tags: [{ Key: 'sagectl:stack', Value: 'churn' }],
    });
  });

  it('creates an endpoint config with instance or serverless variants', async () => {
    mock().on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: 'arn:c' });
    await service().createEndpointConfig(
      'churn-1',
      [
        { variantName: 'AllTraffic', modelName: 'm1', instanceType: 'ml.m5.large', initialInstanceCount: 2, initialVariantWeight: 0.9 },
        { variantName: 'B', modelName: 'm2', serverless: { memoryMB: 1024, maxConcurrency: 2 } },
      ],
      { k: 'v' },
    );
    expect(mock()).toHaveReceivedCommandWith(CreateEndpointConfigCommand, {
      EndpointConfigName: 'churn-1',
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: 'm1', InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 0.9 },
        { VariantName: 'B', ModelName: 'm2', ServerlessConfig: { MemorySizeInMB: 1024, MaxConcurrency: 2 }, InitialVariantWeight: 1 },
      ],
      // The variants summarised in the same request, for fleet status (services/variant-summary.ts).
      Tags: [
        { Key: 'k', Value: 'v' },
        { Key: 'sagectl:variants', Value: 'AllTraffic=m1/ml.m5.large/2/0.9 B=m2/serverless/1024/2//1' },
      ],
    });
  });

  it('reads a config back into the same variant shape it writes', async () => {
    mock()
      .on(DescribeEndpointConfigCommand)
      .resolves({
        EndpointConfigName: 'c',
        EndpointConfigArn: 'arn:c',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, InitialVariantWeight: 1 }],
      });
    expect((await service().describeEndpointConfig('c'))?.variants).toEqual([
      { variantName: 'AllTraffic', modelName: 'm', instanceType: 'ml.m5.large', initialInstanceCount: 1, initialVariantWeight: 1 },
    ]);
  });

  it('creates and updates endpoints', async () => {
    mock().on(CreateEndpointCommand).resolves({ EndpointArn: 'arn:e' });
    mock().on(UpdateEndpointCommand).resolves({ EndpointArn: 'arn:e' });
    await service().createEndpoint('churn', 'churn-1', { k: 'v' });
    await service().updateEndpoint('churn', 'churn-2');
    expect(mock()).toHaveReceivedCommandWith(CreateEndpointCommand, { EndpointName: 'churn', EndpointConfigName: 'churn-1', Tags: [{ Key: 'k', Value: 'v' }] });
    expect(mock()).toHaveReceivedCommandWith(UpdateEndpointCommand, { EndpointName: 'churn', EndpointConfigName: 'churn-2' });
  });

  it('deletes, and counts what is already gone as absent', async () => {
    mock().on(DeleteEndpointCommand).resolves({});
    mock().on(DeleteModelCommand).rejects(notFound('model'));
    expect(await service().deleteEndpoint('churn')).toBe('deleted');
    expect(await service().deleteModel('churn-m')).toBe('absent');
  });

  it('does not hide a refused delete', async () => {
    mock().on(DeleteModelCommand).rejects(awsError('AccessDeniedException', 'denied'));
    await expect(service().deleteModel('m')).rejects.toBeInstanceOf(AwsRequestError);
  });

  it('lists every page, passing NameContains', async () => {
    mock()
      .on(ListEndpointsCommand, { NameContains: 'churn' })
      .resolvesOnce({
        Endpoints: [{ EndpointName: 'churn', EndpointArn: 'arn:1', EndpointStatus: 'InService', CreationTime: new Date(0), LastModifiedTime: new Date(0) }],
        NextToken: 't1',
      })
      .resolvesOnce({
        Endpoints: [{ EndpointName: 'churn-b', EndpointArn: 'arn:2', EndpointStatus: 'Creating', CreationTime: new Date(0), LastModifiedTime: new Date(0) }],
      });
    const rows = await service().listEndpoints('churn');
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['churn', 'InService'],
      ['churn-b', 'Creating'],
    ]);
    expect(mock()).toHaveReceivedCommandTimes(ListEndpointsCommand, 2);
    expect(mock()).toHaveReceivedNthCommandWith(ListEndpointsCommand, 2, { NameContains: 'churn', NextToken: 't1' });
  });

  it('lists models without a filter', async () => {
    mock()
      .on(ListModelsCommand)
      .resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: new Date(0) }] });
    expect(await service().listModels()).toEqual([{ name: 'm', arn: 'arn:m', creationTime: new Date(0) }]);
    expect(mock()).toHaveReceivedCommandWith(ListModelsCommand, {});
  });

  it('reads tags across pages, and none for a resource that is gone', async () => {
    mock()
      .on(ListTagsCommand, { ResourceArn: 'arn:e' })
      .resolvesOnce({ Tags: [{ Key: 'a', Value: '1' }], NextToken: 'n' })
      .resolvesOnce({ Tags: [{ Key: 'b', Value: '2' }] });
    mock().on(ListTagsCommand, { ResourceArn: 'arn:gone' }).rejects(notFound('endpoint'));
    expect(await service().listTags('arn:e')).toEqual({ a: '1', b: '2' });
    expect(await service().listTags('arn:gone')).toEqual({});
  });
});

describe('creates whose earlier answer was lost', () => {
  const STACK_TAGS = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
  const exists = (kind: string, arn: string) => awsError('ValidationException', `Cannot create already existing ${kind} "${arn}".`);
  const modelArn = 'arn:aws:sagemaker:us-east-1:123456789012:model/churn-m1';
  const spec = { name: 'churn-m1', image: 'img:1', executionRoleArn: 'arn:aws:iam::123456789012:role/r' };
  const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

  it('a model that already exists with this stack’s tags is this run’s: its ARN, no error', async () => {
    mock().on(CreateModelCommand).rejects(exists('model', modelArn));
    mock().on(DescribeModelCommand).resolves({ ModelName: 'churn-m1', ModelArn: modelArn });
    mock()
      .on(ListTagsCommand)
      .resolves({ Tags: tagList(STACK_TAGS) });
    await expect(service().createModel(spec, STACK_TAGS)).resolves.toBe(modelArn);
    expect(mock().commandCalls(ListTagsCommand)[0]?.args[0].input).toEqual({ ResourceArn: modelArn });
  });

  it('one held by another stack, or unmanaged, stays a refusal (exit 3)', async () => {
    mock().on(CreateModelCommand).rejects(exists('model', modelArn));
    mock().on(DescribeModelCommand).resolves({ ModelName: 'churn-m1', ModelArn: modelArn });
    const owners: Record<string, string>[] = [{ 'sagectl:stack': 'other', 'sagectl:managed-by': 'sagectl' }, { 'sagectl:stack': 'churn' }, {}];
    for (const tags of owners) {
      mock()
        .on(ListTagsCommand)
        .resolves({ Tags: tagList(tags) });
      const error = await service()
        .createModel(spec, STACK_TAGS)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsRequestError);
      expect((error as AwsRequestError).exitCode).toBe(ExitCode.AwsRefused);
      expect((error as Error).message).toContain('Cannot create already existing model');
    }
  });

  it('an endpoint config of this stack is adopted the same way', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/churn-c1';
    mock().on(CreateEndpointConfigCommand).rejects(exists('endpoint configuration', arn));
    mock().on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'churn-c1', EndpointConfigArn: arn, ProductionVariants: [] });
    mock()
      .on(ListTagsCommand)
      .resolves({ Tags: tagList(STACK_TAGS) });
    await expect(service().createEndpointConfig('churn-c1', [], STACK_TAGS)).resolves.toBe(arn);
  });

  it('an endpoint is adopted only when it serves the config this create asked for', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn';
    mock().on(CreateEndpointCommand).rejects(exists('endpoint', arn));
    mock()
      .on(ListTagsCommand)
      .resolves({ Tags: tagList(STACK_TAGS) });
    mock().on(DescribeEndpointCommand).resolves({ EndpointName: 'churn', EndpointArn: arn, EndpointConfigName: 'churn-c1', EndpointStatus: 'Creating' });
    await expect(service().createEndpoint('churn', 'churn-c1', STACK_TAGS)).resolves.toBe(arn);
    await expect(service().createEndpoint('churn', 'churn-c2', STACK_TAGS)).rejects.toThrow(/Cannot create already existing endpoint/);
  });
});

describe('searchEndpoints', () => {
  it('asks Search for the endpoints with the tag, 100 a page, every page, each as DescribeEndpoint describes it', async () => {
    const at = new Date('2026-11-20T00:00:00Z');
    const record = (name: string) => ({
      Endpoint: {
        EndpointName: name,
        EndpointArn: `arn:aws:sagemaker:us-east-1:1:endpoint/${name}`,
        EndpointConfigName: `${name}-c`,
        EndpointStatus: 'InService' as const,
        CreationTime: at,
        LastModifiedTime: at,
        ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 2, DesiredInstanceCount: 3, CurrentWeight: 1 }],
      },
    });
    mock()
      .on(SearchCommand)
      .resolvesOnce({ Results: [record('a')], NextToken: 't' })
      .resolvesOnce({ Results: [record('b'), {}] });
    const found = await service().searchEndpoints('sagectl:managed-by', 'sagectl');
    expect(found.map((e) => e.name)).toEqual(['a', 'b']);
    expect(found[0]).toEqual({
      name: 'a',
      arn: 'arn:aws:sagemaker:us-east-1:1:endpoint/a',
      status: 'InService',
      configName: 'a-c',
      creationTime: at,
      lastModifiedTime: at,
      variants: [{ variantName: 'AllTraffic', currentInstanceCount: 2, desiredInstanceCount: 3, currentWeight: 1 }],
    });
    expect(mock()).toHaveReceivedCommandTimes(SearchCommand, 2);
    expect(mock()).toHaveReceivedNthCommandWith(SearchCommand, 1, {
      Resource: 'Endpoint',
      SearchExpression: { Filters: [{ Name: 'Tags.sagectl:managed-by', Operator: 'Equals', Value: 'sagectl' }] },
      MaxResults: 100,
    });
    expect(mock()).toHaveReceivedNthCommandWith(SearchCommand, 2, { NextToken: 't' });
  });
});
