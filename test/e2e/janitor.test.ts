import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogStreamCommand, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudFormationClient, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SageMakerClient, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { credentials } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { useMotoLambdaWithoutDocker } from './moto-lambda.js';
import { runCli } from '../support/run-cli.js';
import { fromTagList } from '../../src/core/tags.js';
import type * as Janitor from '../../src/lambda/janitor.js';

// janitor install → its schedule, function, roles, log group and alarm, checked with plain SDK
// calls → one run of the bundled function in-process, with the event the schedule sends →
// the idle stack is gone, the busy one stays, one JSON report → teardown --all leaves the janitor
// → janitor remove leaves nothing; janitor template passes CloudFormation's ValidateTemplate.
// In a region no other test uses, so the janitor's teardown sees only this file's stacks.

const endpoint = inject('motoEndpoint');
const REGION = 'ap-southeast-2';
const aws = { endpoint, region: REGION, credentials };
const env = { ...e2eEnv(endpoint), AWS_REGION: REGION };
const tag = randomBytes(2).toString('hex');
const idle = `jn-${tag}-idle`;
const busy = `jn-${tag}-busy`;
const BUNDLE = new URL('../../dist/janitor/handler.mjs', import.meta.url).href;
let dir: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', '--region', REGION, ...args], { cwd: dir, env });
const live = async () =>
  ((await new SageMakerClient(aws).send(new ListEndpointsCommand({ NameContains: `jn-${tag}` }))).Endpoints ?? [])
    .map((e) => e.EndpointName!)
    .filter((n) => n.startsWith(`jn-${tag}`))
    .sort();
const gone = (send: () => Promise<unknown>) =>
  send().then(
    () => false,
    () => true,
  );

beforeAll(async () => {
  await useMotoLambdaWithoutDocker(endpoint);
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-janitor-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    'role: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img:1\n  modelData: s3://bucket-e2e/m.tar.gz\nendpoint:\n  instanceType: ml.m5.large\n',
  );
  for (const stack of [idle, busy]) {
    const run = await cli('deploy', '--stack', stack);
    expect(run.code, run.stderr).toBe(0);
    const aged = await fetch(`${endpoint}/_e2e/sagemaker/endpoint-age`, {
      method: 'POST',
      body: JSON.stringify({ endpoint: stack, ageSeconds: 7200, region: REGION }),
    });
    expect(aged.status).toBe(200);
  }
  await new CloudWatchClient(aws).send(
    new PutMetricDataCommand({
      Namespace: 'AWS/SageMaker',
      MetricData: [
        {
          MetricName: 'Invocations',
          Dimensions: [
            { Name: 'EndpointName', Value: busy },
            { Name: 'VariantName', Value: 'AllTraffic' },
          ],
          Timestamp: new Date(Date.now() - 10 * 60_000),
          Value: 2,
          Unit: 'None',
        },
      ],
    }),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the janitor against moto', () => {
  let input: string;

  it('install creates the schedule, function, roles, log group and alarm as specified; installing again converges', async () => {
    const run = await cli('janitor', 'install', '--idle', '1h', '--every', '2h', '--log-retention', '14', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'created', expression: 'rate(2 hours)' });

    const schedule = await new SchedulerClient(aws).send(new GetScheduleCommand({ Name: 'sagectl-janitor' }));
    const fn = await new LambdaClient(aws).send(new GetFunctionCommand({ FunctionName: 'sagectl-janitor' }));
    expect(schedule).toMatchObject({ ScheduleExpression: 'rate(2 hours)', State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(schedule.Target?.Arn).toBe(fn.Configuration?.FunctionArn);
    input = schedule.Target!.Input!;
    expect(JSON.parse(input)).toEqual({ source: 'sagectl.janitor', settings: { idle: '1h', pause: false, dryRun: false, targetConcurrency: 6 } });
    expect(fn.Configuration).toMatchObject({ Handler: 'index.handler', Timeout: 900 });
    expect(fn.Tags).toMatchObject({ 'sagectl:managed-by': 'sagectl', 'sagectl:janitor': 'true' });
    expect(fn.Tags).not.toHaveProperty('sagectl:stack');

    const iam = new IAMClient(aws);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'sagectl-janitor-role' }));
    expect(fn.Configuration?.Role).toBe(role.Role?.Arn);
    expect(fromTagList((await iam.send(new ListRoleTagsCommand({ RoleName: 'sagectl-janitor-role' }))).Tags)).toMatchObject({ 'sagectl:janitor': 'true' });
    const policy = JSON.parse(
      decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: 'sagectl-janitor-role', PolicyName: 'sagectl-janitor' }))).PolicyDocument!),
    ) as { Statement: { Sid: string; Condition?: unknown }[] };
    expect(policy.Statement.find((s) => s.Sid === 'DeleteOrPauseOnlyWhatSagectlManages')?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/sagectl:managed-by': 'sagectl' },
    });
    const invoke = JSON.parse(
      decodeURIComponent(
        (await iam.send(new GetRolePolicyCommand({ RoleName: 'sagectl-janitor-scheduler-role', PolicyName: 'sagectl-janitor' }))).PolicyDocument!,
      ),
    ) as { Statement: { Action: string; Resource: string }[] };
    expect(invoke.Statement).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: fn.Configuration?.FunctionArn })]);
    expect(schedule.Target?.RoleArn).toContain('sagectl-janitor-scheduler-role');

    const groups =
      (await new CloudWatchLogsClient(aws).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/sagectl-janitor' }))).logGroups ?? [];
    expect(groups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([['/aws/lambda/sagectl-janitor', 14]]);
    const alarms = (await new CloudWatchClient(aws).send(new DescribeAlarmsCommand({ AlarmNames: ['sagectl-janitor-errors'] }))).MetricAlarms ?? [];
    expect(alarms[0]).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'sagectl-janitor' }] });

    const again = await cli('janitor', 'install', '--idle', '1h', '--every', '1h', '--output', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'updated', expression: 'rate(1 hour)' });
    expect((await new SchedulerClient(aws).send(new GetScheduleCommand({ Name: 'sagectl-janitor' }))).ScheduleExpression).toBe('rate(1 hour)');
  }, 120_000);

  it('one run of the bundled function with the schedule’s event tears down the idle stack, spares the busy one, and logs one JSON report', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const lines: string[] = [];
    try {
      const { runJanitor } = (await import(BUNDLE)) as typeof Janitor;
      const report = await runJanitor(JSON.parse(input), { clientOptions: { region: REGION }, write: (l) => lines.push(l) });
      expect(report.exitCode).toBe(0);
    } finally {
      process.env = saved;
    }
    expect(await live()).toEqual([busy]);
    const reports = lines.filter((l) => l.includes('"sagectlJanitorReport"'));
    expect(reports).toHaveLength(1);
    const report = JSON.parse(reports[0]!) as { result: { stacks: { stack: string; reasons: string[]; resources: { action: string }[] }[] } };
    const ours = report.result.stacks.filter((s) => s.stack.startsWith(`jn-${tag}`));
    expect(ours.map((s) => [s.stack, s.reasons, s.resources.every((r) => r.action === 'deleted')])).toEqual([[idle, ['idle for 1h'], true]]);

    // As Lambda would, the report goes to the function's log group; status reads it back.
    const logs = new CloudWatchLogsClient(aws);
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/sagectl-janitor', logStreamName: '2026/11/26/[$LATEST]e2e' }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/aws/lambda/sagectl-janitor',
        logStreamName: '2026/11/26/[$LATEST]e2e',
        logEvents: [{ timestamp: Date.now(), message: reports[0]! }],
      }),
    );
    const status = await cli('janitor', 'status', '--output', 'json');
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      installed: true,
      schedule: { expression: 'rate(1 hour)', state: 'ENABLED' },
      settings: { idle: '1h' },
      lastRuns: [{ exitCode: 0, deleted: 3, failed: 0 }],
    });
    // Over regions: the janitor of each, grouped; a region without one says so.
    const fleet = await cli('janitor', 'status', '--regions', `${REGION},ca-central-1`, '--output', 'json');
    expect(fleet.code, fleet.stderr).toBe(0);
    const targets = (JSON.parse(fleet.stdout) as { targets: { region: string; result?: { installed: boolean; lastRuns: unknown[] } }[] }).targets;
    expect(targets.map((t) => [t.region, t.result?.installed, t.result?.lastRuns.length])).toEqual([
      ['ap-southeast-2', true, 1],
      ['ca-central-1', false, 0],
    ]);
  }, 120_000);

  it('teardown --all never removes the janitor', async () => {
    const run = await cli('teardown', '--all', '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(await live()).toEqual([]);
    expect(await gone(() => new LambdaClient(aws).send(new GetFunctionCommand({ FunctionName: 'sagectl-janitor' })))).toBe(false);
  });

  it('janitor remove leaves nothing, and a second remove is fine', async () => {
    for (const _ of [1, 2]) expect((await cli('janitor', 'remove')).code).toBe(0);
    expect(await gone(() => new SchedulerClient(aws).send(new GetScheduleCommand({ Name: 'sagectl-janitor' })))).toBe(true);
    expect(await gone(() => new LambdaClient(aws).send(new GetFunctionCommand({ FunctionName: 'sagectl-janitor' })))).toBe(true);
    for (const role of ['sagectl-janitor-role', 'sagectl-janitor-scheduler-role'])
      expect(await gone(() => new IAMClient(aws).send(new GetRoleCommand({ RoleName: role })))).toBe(true);
    const groups =
      (await new CloudWatchLogsClient(aws).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/sagectl-janitor' }))).logGroups ?? [];
    expect(groups).toEqual([]);
    expect((await new CloudWatchClient(aws).send(new DescribeAlarmsCommand({ AlarmNames: ['sagectl-janitor-errors'] }))).MetricAlarms ?? []).toEqual([]);
  });

  it('janitor template passes CloudFormation’s ValidateTemplate, and --zip writes the code', async () => {
    const zip = path.join(dir, 'janitor.zip');
    const run = await cli('janitor', 'template', '--idle', '24h', '--pause', '--organization', '--assume-role', 'sagectl-fleet', '--zip', zip);
    expect(run.code, run.stderr).toBe(0);
    const out = await new CloudFormationClient(aws).send(new ValidateTemplateCommand({ TemplateBody: run.stdout }));
    expect(out.Description).toBe('sagectl 0.1.0 janitor: teardown --idle 24h --pause on rate(1 hour)');
    // The check can fail: a template cut short is refused.
    await expect(new CloudFormationClient(aws).send(new ValidateTemplateCommand({ TemplateBody: run.stdout.slice(0, 200) }))).rejects.toThrow();
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK');
  });
});
