// The least-privilege teardown policy in docs/ci-and-cron.md against the calls teardown really
// makes: teardown runs on real SDK clients whose every command is recorded (aws-sdk-client-mock),
// against a stack that has everything (endpoint, autoscaling, API, function, log group, role,
// notebook, monitoring schedule, registry versions); each command is mapped to its IAM action and
// must be allowed. The janitor's policy (src/commands/janitor/policy.ts) runs the same teardown
// unattended, so it is held to the same calls.

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { APIGatewayClient, GetApiKeysCommand, GetRestApisCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetRoleCommand, IAMClient, ListRolePoliciesCommand, ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  DeleteEndpointCommand,
  DescribeDataQualityJobDefinitionCommand,
  DescribeEndpointCommand,
  DescribeModelPackageGroupCommand,
  DescribeMonitoringScheduleCommand,
  DescribeNotebookInstanceCommand,
  DescribeNotebookInstanceLifecycleConfigCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  ListMonitoringSchedulesCommand,
  ListNotebookInstancesCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { teardown, teardownServices, type TeardownOptions } from '../../../src/commands/teardown/index.js';
import { janitorPolicy } from '../../../src/commands/janitor/policy.js';
import { ServiceFactory } from '../../../src/services/factory.js';
import { testContext } from '../helpers/context.js';
import { recordingLogger } from '../helpers/logger.js';

const STACK = 'churn';
const ACCOUNT = '123456789012';
const TAGS = { 'sagectl:stack': STACK, 'sagectl:managed-by': 'sagectl' };
const tagList = Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value }));
const arn = (kind: string, name: string): string => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${kind}/${name}`;

/** IAM's service prefix for each client sagectl uses. */
const PREFIX = new Map<unknown, string>([
  [SageMakerClient, 'sagemaker'],
  [LambdaClient, 'lambda'],
  [IAMClient, 'iam'],
  [CloudWatchLogsClient, 'logs'],
  [APIGatewayClient, 'apigateway'],
  [ApplicationAutoScalingClient, 'application-autoscaling'],
  [ResourceGroupsTaggingAPIClient, 'tag'],
  [CloudWatchClient, 'cloudwatch'],
]);

/** API Gateway's IAM actions are its HTTP verbs. */
const API_GATEWAY_VERB: [RegExp, string][] = [
  [/^Get/, 'GET'],
  [/^Delete/, 'DELETE'],
  [/^Update/, 'PATCH'],
  [/^Create/, 'POST'],
  [/^Put/, 'PUT'],
];

function iamAction(prefix: string, command: string): string {
  const operation = command.replace(/Command$/, '');
  if (prefix !== 'apigateway') return `${prefix}:${operation}`;
  const verb = API_GATEWAY_VERB.find(([pattern]) => pattern.test(operation));
  return `apigateway:${verb ? verb[1] : operation}`;
}

/** Every action the documented teardown policy allows, read from the JSON block under its heading. */
function documentedActions(): Set<string> {
  const doc = readFileSync(new URL('../../../docs/ci-and-cron.md', import.meta.url), 'utf8');
  const section = doc.split('## Least-privilege IAM policy for a teardown-only role')[1] ?? '';
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!json) throw new Error('docs/ci-and-cron.md: no JSON policy under the teardown policy heading');
  const policy = JSON.parse(json) as { Statement: { Effect: string; Action: string | string[] }[] };
  return new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
}

/** What the test uses of an aws-sdk-client-mock stub, whatever its client. */
interface Recorder {
  on(command: unknown): { resolves(output: object): unknown; callsFake(fake: () => unknown): unknown };
  onAnyCommand(): { resolves(output: object): unknown };
  calls(): { args: unknown[] }[];
  restore(): void;
}

let stubs: [string, Recorder][];

beforeEach(() => {
  stubs = [...PREFIX].map(([client, prefix]) => {
    const stub = mockClient(client as never) as unknown as Recorder;
    stub.onAnyCommand().resolves({});
    return [prefix, stub];
  });
  const stub = (prefix: string): Recorder => stubs.find(([p]) => p === prefix)![1];
  const on = (prefix: string, command: unknown, output: object): unknown => stub(prefix).on(command).resolves(output);
  const sm = stub('sagemaker');
  const endpointArn = arn('endpoint', STACK);
  sm.on(ListEndpointsCommand).resolves({
    Endpoints: [{ EndpointName: STACK, EndpointArn: endpointArn, EndpointStatus: 'InService', CreationTime: new Date(0), LastModifiedTime: new Date(0) }],
  });
  sm.on(ListEndpointConfigsCommand).resolves({
    EndpointConfigs: [{ EndpointConfigName: `${STACK}-c1`, EndpointConfigArn: arn('endpoint-config', `${STACK}-c1`), CreationTime: new Date(0) }],
  });
  sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: `${STACK}-m1`, ModelArn: arn('model', `${STACK}-m1`), CreationTime: new Date(0) }] });
  sm.on(ListTagsCommand).resolves({ Tags: tagList });
  // Gone once deleted, so --wait sees it go.
  let deleted = false;
  sm.on(DeleteEndpointCommand).callsFake(() => {
    deleted = true;
    return {};
  });
  sm.on(DescribeEndpointCommand).callsFake(() => {
    if (deleted) throw Object.assign(new Error(`Could not find endpoint "${endpointArn}".`), { name: 'ValidationException', $fault: 'client', $metadata: {} });
    return {
      EndpointName: STACK,
      EndpointArn: endpointArn,
      EndpointConfigName: `${STACK}-c1`,
      EndpointStatus: 'InService',
      CreationTime: new Date(0),
      LastModifiedTime: new Date(0),
      ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 1 }],
    };
  });
  sm.on(DescribeModelPackageGroupCommand).resolves({ ModelPackageGroupName: STACK, ModelPackageGroupArn: arn('model-package-group', STACK) });
  sm.on(ListModelPackagesCommand).resolves({
    ModelPackageSummaryList: [
      {
        ModelPackageArn: arn('model-package', `${STACK}/1`),
        ModelPackageGroupName: STACK,
        ModelPackageVersion: 1,
        CreationTime: new Date(0),
        ModelPackageStatus: 'Completed',
      },
    ],
  });
  // The stack's notebook (stopped, so teardown deletes it at once) and its Model Monitor schedule.
  const notebookArn = arn('notebook-instance', STACK);
  const lifecycleArn = arn('notebook-instance-lifecycle-config', `${STACK}-autostop`);
  const scheduleArn = arn('monitoring-schedule', `${STACK}-data-quality`);
  const definitionArn = arn('data-quality-job-definition', `${STACK}-data-quality`);
  sm.on(ListNotebookInstancesCommand).resolves({
    NotebookInstances: [{ NotebookInstanceName: STACK, NotebookInstanceArn: notebookArn, NotebookInstanceStatus: 'Stopped', CreationTime: new Date(0) }],
  });
  sm.on(DescribeNotebookInstanceCommand).resolves({ NotebookInstanceName: STACK, NotebookInstanceArn: notebookArn, NotebookInstanceStatus: 'Stopped' });
  sm.on(DescribeNotebookInstanceLifecycleConfigCommand).resolves({ NotebookInstanceLifecycleConfigArn: lifecycleArn });
  sm.on(ListMonitoringSchedulesCommand).resolves({
    MonitoringScheduleSummaries: [
      {
        MonitoringScheduleName: `${STACK}-data-quality`,
        MonitoringScheduleArn: scheduleArn,
        MonitoringScheduleStatus: 'Scheduled',
        CreationTime: new Date(0),
        LastModifiedTime: new Date(0),
      },
    ],
  });
  sm.on(DescribeMonitoringScheduleCommand).resolves({ MonitoringScheduleArn: scheduleArn, MonitoringScheduleStatus: 'Scheduled' });
  sm.on(DescribeDataQualityJobDefinitionCommand).resolves({ JobDefinitionArn: definitionArn });
  on('tag', GetResourcesCommand, {
    ResourceTagMappingList: [endpointArn, notebookArn, lifecycleArn, scheduleArn, definitionArn].map((ResourceARN) => ({ ResourceARN, Tags: tagList })),
  });
  on('cloudwatch', GetMetricDataCommand, { MetricDataResults: [{ Id: 'q0', Values: [] }] });
  on('application-autoscaling', DescribeScalableTargetsCommand, {
    ScalableTargets: [
      {
        ServiceNamespace: 'sagemaker',
        ResourceId: `endpoint/${STACK}/variant/AllTraffic`,
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        MinCapacity: 1,
        MaxCapacity: 2,
        RoleARN: 'r',
        CreationTime: new Date(0),
      },
    ],
  });
  on('apigateway', GetRestApisCommand, { items: [{ id: 'a1', name: `${STACK}-api`, tags: TAGS }] });
  on('apigateway', GetUsagePlansCommand, { items: [{ id: 'u1', name: `${STACK}-plan`, tags: TAGS, apiStages: [{ apiId: 'a1', stage: 'v1' }] }] });
  on('apigateway', GetApiKeysCommand, { items: [{ id: 'k1', name: `${STACK}-key`, tags: TAGS }] });
  on('lambda', GetFunctionCommand, {
    Configuration: { FunctionName: `${STACK}-invoke`, FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${STACK}-invoke` },
    Tags: TAGS,
  });
  on('logs', DescribeLogGroupsCommand, {
    logGroups: [{ logGroupName: `/aws/lambda/${STACK}-invoke`, arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/${STACK}-invoke:*` }],
  });
  on('logs', ListTagsForResourceCommand, { tags: TAGS });
  on('iam', GetRoleCommand, {
    Role: { RoleName: `${STACK}-invoke-role`, Arn: `arn:aws:iam::${ACCOUNT}:role/${STACK}-invoke-role`, Path: '/', RoleId: 'x', CreateDate: new Date(0) },
  });
  // A fleet's roles are read with one ListRoles (the tagging API never shows roles).
  on('iam', ListRolesCommand, {
    Roles: [{ RoleName: `${STACK}-invoke-role`, Arn: `arn:aws:iam::${ACCOUNT}:role/${STACK}-invoke-role`, Path: '/', RoleId: 'x', CreateDate: new Date(0) }],
  });
  on('iam', ListRoleTagsCommand, { Tags: tagList });
  on('iam', ListRolePoliciesCommand, { PolicyNames: ['invoke-endpoint'] });
});

afterEach(() => {
  for (const [, stub] of stubs) stub.restore();
});

/** The IAM actions of every command sent while running teardown with these options. */
async function actionsOf(options: Omit<TeardownOptions, 'yes' | 'dryRun' | 'force' | 'concurrency'>, includeVersions: boolean): Promise<string[]> {
  const { logger } = recordingLogger('silent');
  const services = teardownServices(new ServiceFactory({ logger, region: 'us-east-1', maxAttempts: 1 }), includeVersions);
  const result = await teardown(testContext(), services, { yes: true, dryRun: false, force: false, concurrency: 2, ...options });
  expect(result.summary.failed).toBe(0);
  expect(result.summary.deleted + (result.summary.paused ?? 0)).toBeGreaterThan(0);
  return stubs.flatMap(([prefix, stub]) => stub.calls().map((call) => iamAction(prefix, (call.args[0] as object).constructor.name)));
}

describe('the documented least-privilege teardown policy', () => {
  const cases: [string, Omit<TeardownOptions, 'yes' | 'dryRun' | 'force' | 'concurrency'>, boolean][] = [
    ['a named stack', { criteria: { stacks: [STACK], all: false, tags: {} } }, false],
    ['--all', { criteria: { stacks: [], all: true, tags: {} } }, false],
    ['--idle with --wait', { criteria: { stacks: [], all: false, tags: {}, idleMs: 3_600_000 }, wait: { timeoutMs: 60_000 } }, false],
    ['--include-versions', { criteria: { stacks: [STACK], all: false, tags: {} } }, true],
  ];
  it.each(cases)('allows every call teardown makes for %s', async (_name, options, includeVersions) => {
    const called = new Set(await actionsOf(options, includeVersions));
    // The recording works: the stack's wire-api, notebook and monitoring resources were found and deleted.
    expect([...called]).toEqual(expect.arrayContaining(RECORDING_WORKS));
    const allowed = documentedActions();
    expect([...called].filter((a) => !allowed.has(a)).sort()).toEqual([]);
  });
});

/** Calls that prove the recording saw the whole stack go: wire-api, notebook and monitoring deletes. */
const RECORDING_WORKS = [
  'lambda:GetFunction',
  'lambda:DeleteFunction',
  'iam:DeleteRole',
  'apigateway:DELETE',
  'sagemaker:DeleteNotebookInstance',
  'sagemaker:DeleteNotebookInstanceLifecycleConfig',
  'sagemaker:DeleteMonitoringSchedule',
  'sagemaker:DeleteDataQualityJobDefinition',
];

/** Every action the janitor's function policy allows (one region and account: no extra statements). */
function janitorActions(): Set<string> {
  const policy = janitorPolicy({}) as { Statement: { Effect: string; Action: string | string[] }[] };
  return new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
}

describe("the janitor's function policy", () => {
  const cases: [string, Omit<TeardownOptions, 'yes' | 'dryRun' | 'force' | 'concurrency'>][] = [
    ['--idle', { criteria: { stacks: [], all: false, tags: {}, idleMs: 3_600_000 } }],
    ['--idle --pause', { criteria: { stacks: [], all: false, tags: {}, idleMs: 3_600_000 }, pause: true }],
  ];
  it.each(cases)('allows every call its teardown makes for %s', async (_name, options) => {
    const called = new Set(await actionsOf(options, false));
    const allowed = janitorActions();
    expect([...called].filter((a) => !allowed.has(a)).sort()).toEqual([]);
  });
});
