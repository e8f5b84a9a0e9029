import { describe, expect, it } from 'vitest';
import {
  LambdaClient,
  AddPermissionCommand,
  CreateFunctionCommand,
  RemovePermissionCommand,
  GetFunctionCommand,
  TagResourceCommand as TagFunctionCommand,
} from '@aws-sdk/client-lambda';
import {
  IAMClient,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  CreateRoleCommand,
  GetRoleCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import {
  APIGatewayClient,
  DeleteStageCommand,
  DeleteUsagePlanCommand,
  GetStagesCommand,
  TagResourceCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateUsagePlanCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, DeleteLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaService, isRoleNotYetAssumable, type FunctionSpec } from '../../../src/services/lambda.js';
import { IamService, isIamNotFound } from '../../../src/services/iam.js';
import { ApiGatewayService } from '../../../src/services/apigateway.js';
import { LogsService } from '../../../src/services/logs.js';
import { AwsRequestError } from '../../../src/core/errors.js';
import { awsError, useServiceMock } from '../helpers/mock-sdk.js';

const ROLE_NOT_READY = awsError('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.');
const SPEC: FunctionSpec = {
  name: 'churn-invoke',
  roleArn: 'arn:aws:iam::123456789012:role/churn-invoke-role',
  runtime: 'nodejs24.x',
  handler: 'handler.handler',
  zip: new Uint8Array([80, 75]),
  environment: { ENDPOINT_NAME: 'churn' },
  timeoutSeconds: 30,
  memoryMB: 256,
  description: 'd',
};

describe('LambdaService', () => {
  const { mock, service } = useServiceMock(LambdaClient, (c, l) => new LambdaService(c, l));

  it('creates the function with its zip, runtime, environment and tags', async () => {
    mock().on(CreateFunctionCommand).resolves({ FunctionArn: 'arn:fn' });
    expect(await service().createFunction(SPEC, { 'sagectl:stack': 'churn' })).toEqual({ arn: 'arn:fn' });
    expect(mock()).toHaveReceivedCommandWith(CreateFunctionCommand, {
      FunctionName: 'churn-invoke',
      Runtime: 'nodejs24.x',
      Handler: 'handler.handler',
      Code: { ZipFile: SPEC.zip },
      Environment: { Variables: { ENDPOINT_NAME: 'churn' } },
      Tags: { 'sagectl:stack': 'churn' },
    });
  });

  it('reports the role-propagation refusal as role-not-ready, and translates every other error', async () => {
    mock()
      .on(CreateFunctionCommand)
      .rejectsOnce(ROLE_NOT_READY)
      .rejectsOnce(awsError('InvalidParameterValueException', 'Unzipped size must be smaller than 262144000 bytes'));
    expect(await service().createFunction(SPEC, {})).toBe('role-not-ready');
    await expect(service().createFunction(SPEC, {})).rejects.toBeInstanceOf(AwsRequestError);
  });

  it('recognises the role-propagation error by name and message only', () => {
    expect(isRoleNotYetAssumable(ROLE_NOT_READY)).toBe(true);
    expect(isRoleNotYetAssumable(awsError('InvalidParameterValueException', 'Runtime is invalid'))).toBe(false);
    expect(isRoleNotYetAssumable(awsError('AccessDeniedException', 'The role defined for the function cannot be assumed by Lambda.'))).toBe(false);
  });

  it('replaces the API Gateway permission: removes the old statement (absent is fine), adds one scoped to the source ARN', async () => {
    mock()
      .on(RemovePermissionCommand)
      .rejects(awsError('ResourceNotFoundException', 'No policy is associated with the given resource.', 404));
    mock().on(AddPermissionCommand).resolves({});
    await service().allowInvoke('churn-invoke', 'sid', 'apigateway.amazonaws.com', 'arn:aws:execute-api:us-east-1:1:abc/*/POST/predict');
    expect(mock()).toHaveReceivedCommandWith(AddPermissionCommand, {
      FunctionName: 'churn-invoke',
      StatementId: 'sid',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: 'arn:aws:execute-api:us-east-1:1:abc/*/POST/predict',
    });
  });

  it('a missing function is undefined', async () => {
    mock()
      .on(GetFunctionCommand)
      .rejects(awsError('ResourceNotFoundException', 'Function not found', 404));
    expect(await service().getFunction('x')).toBeUndefined();
  });
});

describe('IamService', () => {
  const { mock, service } = useServiceMock(IAMClient, (c, l) => new IamService(c, l));

  it('creates the role with its trust policy as JSON and its tags', async () => {
    mock()
      .on(CreateRoleCommand)
      .resolves({ Role: { Arn: 'arn:role', RoleName: 'r', Path: '/', RoleId: 'x', CreateDate: new Date() } });
    expect(await service().createRole('r', { Version: '2012-10-17' }, { a: 'b' }, 'd')).toBe('arn:role');
    expect(mock()).toHaveReceivedCommandWith(CreateRoleCommand, {
      RoleName: 'r',
      AssumeRolePolicyDocument: '{"Version":"2012-10-17"}',
      Tags: [{ Key: 'a', Value: 'b' }],
    });
  });

  it('deletes the inline policies, then the role; a missing role is absent', async () => {
    mock()
      .on(ListRolePoliciesCommand)
      .resolves({ PolicyNames: ['invoke-endpoint'] });
    expect(await service().deleteRole('r')).toBe('deleted');
    expect(mock()).toHaveReceivedCommandWith(DeleteRolePolicyCommand, { RoleName: 'r', PolicyName: 'invoke-endpoint' });
    expect(mock()).toHaveReceivedCommandWith(DeleteRoleCommand, { RoleName: 'r' });
    mock().reset();
    mock()
      .on(ListRolePoliciesCommand)
      .rejects(awsError('NoSuchEntityException', 'The role with name r cannot be found.', 404));
    expect(await service().deleteRole('r')).toBe('absent');
    expect(mock()).not.toHaveReceivedCommand(DeleteRoleCommand);
  });

  it('NoSuchEntity is "not found"; AccessDenied is not', async () => {
    expect(isIamNotFound(awsError('NoSuchEntityException', 'x'))).toBe(true);
    mock().on(GetRoleCommand).rejects(awsError('AccessDenied', 'no'));
    await expect(service().getRole('r')).rejects.toBeInstanceOf(AwsRequestError);
  });
});

describe('ApiGatewayService', () => {
  const { mock, service } = useServiceMock(APIGatewayClient, (c, l) => new ApiGatewayService(c, l));

  it('lists every REST API with its tags, across pages', async () => {
    mock()
      .on(GetRestApisCommand)
      .resolvesOnce({ items: [{ id: 'a', name: 'x-api', tags: { k: 'v' } }], position: 'p2' })
      .resolvesOnce({ items: [{ id: 'b', name: 'y-api' }] });
    expect(await service().listRestApis()).toEqual([
      { id: 'a', name: 'x-api', tags: { k: 'v' } },
      { id: 'b', name: 'y-api', tags: {} },
    ]);
  });

  it('puts the method and an AWS_PROXY integration called with POST', async () => {
    mock().on(PutMethodCommand).resolves({}).on(PutIntegrationCommand).resolves({});
    await service().putLambdaProxyMethod('api', 'res', 'POST', 'arn:uri', true);
    expect(mock()).toHaveReceivedCommandWith(PutMethodCommand, {
      restApiId: 'api',
      resourceId: 'res',
      httpMethod: 'POST',
      authorizationType: 'NONE',
      apiKeyRequired: true,
    });
    expect(mock()).toHaveReceivedCommandWith(PutIntegrationCommand, {
      restApiId: 'api',
      resourceId: 'res',
      httpMethod: 'POST',
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: 'arn:uri',
    });
  });

  it('sets stage throttling for every method', async () => {
    mock().on(UpdateStageCommand).resolves({});
    await service().setStageThrottle('api', 'prod', { rateLimit: 5, burstLimit: 10 });
    expect(mock()).toHaveReceivedCommandWith(UpdateStageCommand, {
      restApiId: 'api',
      stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '5' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '10' },
      ],
    });
  });

  it('detaches a usage plan’s stages before deleting it', async () => {
    mock().on(UpdateUsagePlanCommand).resolves({}).on(DeleteUsagePlanCommand).resolves({});
    expect(await service().deleteUsagePlan('plan', [{ apiId: 'api', stage: 'prod' }])).toBe('deleted');
    expect(mock()).toHaveReceivedNthCommandWith(UpdateUsagePlanCommand, 1, {
      usagePlanId: 'plan',
      patchOperations: [{ op: 'remove', path: '/apiStages', value: 'api:prod' }],
    });
    expect(mock()).toHaveReceivedCommandWith(DeleteUsagePlanCommand, { usagePlanId: 'plan' });
    expect(
      mock()
        .calls()
        .map((c) => c.args[0].constructor.name),
    ).toEqual(['UpdateUsagePlanCommand', 'DeleteUsagePlanCommand']);
  });
});

describe('LogsService', () => {
  const { mock, service } = useServiceMock(CloudWatchLogsClient, (c, l) => new LogsService(c, l));

  it('finds a log group by exact name (not a longer one sharing the prefix)', async () => {
    mock()
      .on(DescribeLogGroupsCommand)
      .resolves({
        logGroups: [
          { logGroupName: '/aws/lambda/a-invoke-2', arn: 'x:*' },
          { logGroupName: '/aws/lambda/a-invoke', arn: 'arn:lg:*' },
        ],
      });
    expect(await service().describeLogGroup('/aws/lambda/a-invoke')).toEqual({ name: '/aws/lambda/a-invoke', arn: 'arn:lg' });
  });

  it('a log group that is already gone counts as absent', async () => {
    mock().on(DeleteLogGroupCommand).rejects(awsError('ResourceNotFoundException', 'The specified log group does not exist.'));
    expect(await service().deleteLogGroup('/aws/lambda/x')).toBe('absent');
  });
});

describe('wire-api creates whose earlier answer was lost', () => {
  const STACK_TAGS = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };

  describe('IamService.createRole', () => {
    const { mock, service } = useServiceMock(IAMClient, (c, l) => new IamService(c, l));
    const exists = awsError('EntityAlreadyExists', 'Role with name churn-invoke-role already exists.');

    it('adopts the role that holds this stack’s tags', async () => {
      mock().on(CreateRoleCommand).rejects(exists);
      mock()
        .on(GetRoleCommand)
        .resolves({ Role: { RoleName: 'churn-invoke-role', Arn: 'arn:role', Path: '/', RoleId: 'x', CreateDate: new Date(0) } });
      mock()
        .on(ListRoleTagsCommand)
        .resolves({ Tags: Object.entries(STACK_TAGS).map(([Key, Value]) => ({ Key, Value })) });
      expect(await service().createRole('churn-invoke-role', { Version: '2012-10-17' }, STACK_TAGS, 'd')).toBe('arn:role');
    });

    it('refuses one held by another stack', async () => {
      mock().on(CreateRoleCommand).rejects(exists);
      mock()
        .on(GetRoleCommand)
        .resolves({ Role: { RoleName: 'churn-invoke-role', Arn: 'arn:role', Path: '/', RoleId: 'x', CreateDate: new Date(0) } });
      mock()
        .on(ListRoleTagsCommand)
        .resolves({
          Tags: [
            { Key: 'sagectl:stack', Value: 'other' },
            { Key: 'sagectl:managed-by', Value: 'sagectl' },
          ],
        });
      await expect(service().createRole('churn-invoke-role', { Version: '2012-10-17' }, STACK_TAGS, 'd')).rejects.toBeInstanceOf(AwsRequestError);
    });
  });

  describe('LambdaService.createFunction', () => {
    const { mock, service } = useServiceMock(LambdaClient, (c, l) => new LambdaService(c, l));
    const exists = awsError('ResourceConflictException', 'Function already exist: churn-invoke');

    it('adopts the function that holds this stack’s tags, and refuses another stack’s', async () => {
      mock().on(CreateFunctionCommand).rejects(exists);
      mock()
        .on(GetFunctionCommand)
        .resolves({ Configuration: { FunctionName: SPEC.name, FunctionArn: 'arn:fn' }, Tags: STACK_TAGS });
      expect(await service().createFunction(SPEC, STACK_TAGS)).toEqual({ arn: 'arn:fn' });
      mock()
        .on(GetFunctionCommand)
        .resolves({ Configuration: { FunctionName: SPEC.name, FunctionArn: 'arn:fn' }, Tags: { 'sagectl:stack': 'other', 'sagectl:managed-by': 'sagectl' } });
      await expect(service().createFunction(SPEC, STACK_TAGS)).rejects.toBeInstanceOf(AwsRequestError);
    });
  });
});

describe('tags and stages on a re-run of wire-api', () => {
  const lambda = useServiceMock(LambdaClient, (c, l) => new LambdaService(c, l));
  const iam = useServiceMock(IAMClient, (c, l) => new IamService(c, l));
  const api = useServiceMock(APIGatewayClient, (c, l) => new ApiGatewayService(c, l));

  it("tags the function, the role and the REST API (by the API's ARN)", async () => {
    lambda.mock().on(TagFunctionCommand).resolves({});
    iam.mock().on(TagRoleCommand).resolves({});
    api.mock().on(TagResourceCommand).resolves({});
    await lambda.service().tagFunction('arn:fn', { team: 'ml' });
    await iam.service().tagRole('churn-invoke-role', { team: 'ml' });
    await api.service().tagRestApi('eu-west-1', 'a1b2', { team: 'ml' });
    expect(lambda.mock()).toHaveReceivedCommandWith(TagFunctionCommand, { Resource: 'arn:fn', Tags: { team: 'ml' } });
    expect(iam.mock()).toHaveReceivedCommandWith(TagRoleCommand, { RoleName: 'churn-invoke-role', Tags: [{ Key: 'team', Value: 'ml' }] });
    expect(api.mock()).toHaveReceivedCommandWith(TagResourceCommand, { resourceArn: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2', tags: { team: 'ml' } });
  });

  it('lists stage names and deletes a stage, a gone one counting as success', async () => {
    api
      .mock()
      .on(GetStagesCommand)
      .resolves({ item: [{ stageName: 'prod' }, { stageName: 'live' }, {}] });
    expect(await api.service().listStages('a1')).toEqual(['prod', 'live']);
    api.mock().on(DeleteStageCommand).resolvesOnce({}).rejectsOnce(awsError('NotFoundException', 'Invalid stage identifier specified'));
    expect(await api.service().deleteStage('a1', 'prod')).toBe('deleted');
    expect(await api.service().deleteStage('a1', 'prod')).toBe('absent');
    expect(api.mock()).toHaveReceivedCommandWith(DeleteStageCommand, { restApiId: 'a1', stageName: 'prod' });
  });
});
