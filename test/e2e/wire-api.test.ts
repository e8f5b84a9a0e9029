import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IAMClient, GetRoleCommand, GetRolePolicyCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { LambdaClient, GetFunctionCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import {
  APIGatewayClient,
  GetApiKeysCommand,
  GetDeploymentsCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { e2eEnv, readRequestLog, resetRequestLog } from './moto.mjs';
import { useMotoLambdaWithoutDocker } from './moto-lambda.js';
import { runCli, hasStackTrace } from '../support/run-cli.js';
import { invokePolicy, trustPolicy } from '../../src/commands/wire-api/policy.js';
import { fromTagList } from '../../src/core/tags.js';

// deploy → wire-api → check the wiring with plain SDK calls → wire-api again (nothing new) →
// teardown (nothing left), through the built CLI against moto.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = `wa-${randomBytes(3).toString('hex')}`;
const aws = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
const iam = new IAMClient(aws);
const lambda = new LambdaClient(aws);
const apigw = new APIGatewayClient(aws);
const logs = new CloudWatchLogsClient(aws);
let dir: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const stackApis = async () => ((await apigw.send(new GetRestApisCommand({ limit: 500 }))).items ?? []).filter((a) => a.tags?.['sagectl:stack'] === stack);

interface WireResult {
  outcome: string;
  url: string;
  apiId: string;
  functionArn: string;
  roleArn: string;
}

beforeAll(async () => {
  await useMotoLambdaWithoutDocker(endpoint);
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-wire-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      `name: ${stack}`,
      'region: us-east-1',
      'role: arn:aws:iam::123456789012:role/SageMakerExecution',
      'model:',
      '  image: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      '  modelData: s3://e2e-bucket/model.tar.gz',
      'endpoint:',
      '  instanceType: ml.m5.large',
      'api:',
      '  cors: true',
      '  throttle: { rateLimit: 20, burstLimit: 40 }',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wire-api against moto', () => {
  let first: WireResult;

  it('refuses, exit 2 and nothing created, while the endpoint does not exist', async () => {
    await resetRequestLog(endpoint);
    const run = await cli('wire-api');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`endpoint ${stack} does not exist`);
    expect(hasStackTrace(run.stderr)).toBe(false);
    const sent = (await readRequestLog(endpoint)).requests.map((r) => r.target);
    expect(sent).toEqual(['SageMaker.DescribeEndpoint']);
  });

  it('creates the role, the function and the API, and prints the invoke URL', async () => {
    const deployed = await cli('deploy');
    expect(deployed.code, deployed.stderr).toBe(0);
    const page = path.join(dir, 'index.html');
    const run = await cli('wire-api', '--output', 'json', '--page', page);
    expect(run.code, run.stderr).toBe(0);
    first = JSON.parse(run.stdout) as WireResult;
    expect(first.outcome).toBe('created');
    expect(first.url).toBe(`https://${first.apiId}.execute-api.us-east-1.amazonaws.com/prod/predict`);
    expect(readFileSync(page, 'utf8')).toContain(first.url);

    const text = await cli('wire-api');
    expect(text.stdout).toContain(first.url);
    expect(text.stdout).toContain(`curl -sS -X POST '${first.url}'`);
  });

  it('the role is trusted by Lambda only and may invoke this endpoint only (as unit-tested)', async () => {
    const role = await iam.send(new GetRoleCommand({ RoleName: `${stack}-invoke-role` }));
    expect(role.Role?.Arn).toBe(first.roleArn);
    expect(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!))).toEqual(trustPolicy());
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: `${stack}-invoke-role`, PolicyName: 'invoke-endpoint' }));
    const endpointArn = `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${stack}`;
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!))).toEqual(invokePolicy(endpointArn, `${stack}-invoke`));
    const tags = fromTagList((await iam.send(new ListRoleTagsCommand({ RoleName: `${stack}-invoke-role` }))).Tags);
    expect(tags).toMatchObject({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
  });

  it('the function runs the handler on a current Node.js runtime with the endpoint in its environment', async () => {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: `${stack}-invoke` }));
    expect(fn.Configuration).toMatchObject({ FunctionArn: first.functionArn, Role: first.roleArn, Handler: 'handler.handler', Runtime: 'nodejs24.x' });
    expect(fn.Configuration?.Environment?.Variables).toMatchObject({ ENDPOINT_NAME: stack, CONTENT_TYPE: 'text/csv', CORS_ORIGIN: '*' });
    expect(fn.Tags).toMatchObject({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
    const permission = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: `${stack}-invoke` }))).Policy!) as {
      Statement: { Principal: { Service: string }; Action: string; Condition: { ArnLike: { 'AWS:SourceArn': string } } }[];
    };
    expect(permission.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:123456789012:${first.apiId}/*/POST/predict` } },
      }),
    ]);
  });

  it('the API has POST /predict with an AWS_PROXY integration to the function, and a deployment on the prod stage', async () => {
    expect((await stackApis()).map((a) => a.id)).toEqual([first.apiId]);
    const resources = (await apigw.send(new GetResourcesCommand({ restApiId: first.apiId }))).items ?? [];
    const predict = resources.find((r) => r.path === '/predict')!;
    const post = await apigw.send(new GetMethodCommand({ restApiId: first.apiId, resourceId: predict.id, httpMethod: 'POST' }));
    expect(post.methodIntegration).toMatchObject({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${first.functionArn}/invocations`,
    });
    const options = await apigw.send(new GetMethodCommand({ restApiId: first.apiId, resourceId: predict.id, httpMethod: 'OPTIONS' }));
    expect(options.methodIntegration?.type).toBe('MOCK');
    const stage = await apigw.send(new GetStageCommand({ restApiId: first.apiId, stageName: 'prod' }));
    const deployments = (await apigw.send(new GetDeploymentsCommand({ restApiId: first.apiId }))).items ?? [];
    expect(deployments.map((d) => d.id)).toContain(stage.deploymentId);
    expect(stage.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 20, throttlingBurstLimit: 40 });
  });

  it('a second run keeps the same API (no second one) and updates the function', async () => {
    const run = await cli('wire-api', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const second = JSON.parse(run.stdout) as WireResult;
    expect(second).toMatchObject({ outcome: 'updated', apiId: first.apiId, url: first.url, functionArn: first.functionArn });
    expect(await stackApis()).toHaveLength(1);
    expect(run.stderr).toContain(`updated Lambda function ${stack}-invoke`);
  });

  it('a renamed stage leaves one stage, serving the new URL, and a tag added to the config reaches the API, the function, its log group and the role', async () => {
    const file = path.join(dir, 'sagectl.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('api:\n', 'tags: { team: e2e }\napi:\n  stage: live\n'));
    const run = await cli('wire-api', '--output', 'json');
    writeFileSync(file, original); // the apiKey test below starts from the original file
    expect(run.code, run.stderr).toBe(0);
    const renamed = JSON.parse(run.stdout) as WireResult & { removedStages: string[] };
    expect(renamed).toMatchObject({ apiId: first.apiId, url: first.url.replace('/prod/', '/live/'), removedStages: ['prod'] });
    const stages = (await apigw.send(new GetStagesCommand({ restApiId: first.apiId }))).item ?? [];
    expect(stages.map((s) => s.stageName)).toEqual(['live']);
    const api = (await stackApis())[0]!;
    expect(api.tags).toMatchObject({ team: 'e2e', 'sagectl:stack': stack });
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: `${stack}-invoke` }))).Tags).toMatchObject({ team: 'e2e' });
    expect(fromTagList((await iam.send(new ListRoleTagsCommand({ RoleName: `${stack}-invoke-role` }))).Tags)).toMatchObject({ team: 'e2e' });
    const [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${stack}-invoke` }))).logGroups ?? [];
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn: group?.logGroupArn }))).tags).toMatchObject({ team: 'e2e', 'sagectl:stack': stack });
  });

  it('teardown removes the API, the function, its log group and the role, then the endpoint', async () => {
    const run = await cli('teardown', stack, '--yes', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { stacks: { resources: { kind: string; action: string }[] }[] };
    const kinds = report.stacks.flatMap((s) => s.resources).map((r) => `${r.kind}:${r.action}`);
    expect(kinds).toEqual([
      'rest-api:deleted',
      'lambda-function:deleted',
      'log-group:deleted',
      'iam-role:deleted',
      'endpoint:deleted',
      'endpoint-config:deleted',
      'model:deleted',
    ]);
    expect(await stackApis()).toEqual([]);
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: `${stack}-invoke` }))).rejects.toThrow(/not found/i);
    await expect(iam.send(new GetRoleCommand({ RoleName: `${stack}-invoke-role` }))).rejects.toThrow(/cannot be found|not found/i);
    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${stack}-invoke` }))).logGroups ?? [];
    expect(groups).toEqual([]);
  });
});

describe('wire-api with api.apiKey against moto', () => {
  const keyed = `${stack}-k`;

  it('requires the key, makes one usage plan and one key, shows the key once, and teardown removes both', async () => {
    const config = path.join(dir, 'keyed.yaml');
    writeFileSync(
      config,
      readFileSync(path.join(dir, 'sagectl.yaml'), 'utf8')
        .replace(`name: ${stack}`, `name: ${keyed}`)
        .replace('api:\n', 'api:\n  apiKey: true\n  quota: 500\n'),
    );
    expect((await cli('deploy', '-c', config)).code).toBe(0);
    const first = await cli('wire-api', '-c', config, '--output', 'json', '--log-level', 'debug');
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout) as WireResult & { apiKey: { id: string; usagePlanId: string; value?: string } };
    expect(created.apiKey.value).toMatch(/^\w{20,}$/);
    // On stdout once, as the result; never in the logs, even the SDK's own at debug level.
    expect(first.stderr).toContain('CreateApiKeyCommand');
    expect(first.stderr).not.toContain(created.apiKey.value);

    const resources = (await apigw.send(new GetResourcesCommand({ restApiId: created.apiId }))).items ?? [];
    const predict = resources.find((r) => r.path === '/predict')!;
    expect((await apigw.send(new GetMethodCommand({ restApiId: created.apiId, resourceId: predict.id, httpMethod: 'POST' }))).apiKeyRequired).toBe(true);
    const plans = ((await apigw.send(new GetUsagePlansCommand({}))).items ?? []).filter((p) => p.tags?.['sagectl:stack'] === keyed);
    expect(plans).toEqual([
      expect.objectContaining({
        id: created.apiKey.usagePlanId,
        apiStages: [{ apiId: created.apiId, stage: 'prod' }],
        quota: expect.objectContaining({ limit: 500, period: 'DAY' }) as object,
      }),
    ]);
    const planKeys = (await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: created.apiKey.usagePlanId }))).items ?? [];
    expect(planKeys.map((k) => k.id)).toEqual([created.apiKey.id]);

    const again = await cli('wire-api', '-c', config, '--output', 'json');
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as typeof created;
    expect(second.apiKey).toEqual({ id: created.apiKey.id, usagePlanId: created.apiKey.usagePlanId });
    expect(again.stdout).not.toContain(created.apiKey.value!);

    const down = await cli('teardown', keyed, '--yes', '--output', 'json');
    expect(down.code, down.stderr).toBe(0);
    expect(((await apigw.send(new GetUsagePlansCommand({}))).items ?? []).filter((p) => p.tags?.['sagectl:stack'] === keyed)).toEqual([]);
    expect(((await apigw.send(new GetApiKeysCommand({}))).items ?? []).filter((k) => k.tags?.['sagectl:stack'] === keyed)).toEqual([]);
  });
});
