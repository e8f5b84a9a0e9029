import { describe, expect, it } from 'vitest';
import { disableMonitor, enableMonitor, type MonitorApi } from '../../../../src/commands/monitor/index.js';
import { MonitoringResourceFinder } from '../../../../src/commands/teardown/finders/monitoring.js';
import type { ScheduleInfo } from '../../../../src/services/monitoring.js';
import type { Config } from '../../../../src/core/schema.js';
import { testContext } from '../../helpers/context.js';
import { FakeS3 } from '../../helpers/fake-s3.js';
import { CONFIG } from '../drift/fixtures.js';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
const config: Config = { ...CONFIG, role: ROLE };

const tagsOf = (list: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((t): [string, string] => [t.Key ?? '', t.Value ?? '']));

/** A stateful Model Monitor: job definitions and schedules by name, with tags, every call recorded. */
class FakeMonitoring implements MonitorApi {
  readonly calls: string[] = [];
  readonly definitions = new Map<string, { arn: string; tags: Record<string, string>; input: unknown }>();
  readonly schedules = new Map<string, { info: ScheduleInfo; tags: Record<string, string>; input: unknown }>();
  /** describeSchedule answers "still there" this many times after a delete, as AWS does while it deletes. */
  lingering = 0;

  region = (): Promise<string> => Promise.resolve('eu-west-1');
  describeSchedule = (name: string): Promise<ScheduleInfo | undefined> => {
    this.calls.push(`describeSchedule ${name}`);
    if (this.lingering > 0) {
      this.lingering--;
      return Promise.resolve({ name, arn: 'x', status: 'Pending' });
    }
    return Promise.resolve(this.schedules.get(name)?.info);
  };
  describeJobDefinition = (name: string): Promise<string | undefined> => Promise.resolve(this.definitions.get(name)?.arn);
  createJobDefinition = (input: Parameters<MonitorApi['createJobDefinition']>[0]): Promise<string> => {
    this.calls.push(`createJobDefinition ${input.JobDefinitionName}`);
    const arn = `arn:aws:sagemaker:eu-west-1:123456789012:data-quality-job-definition/${input.JobDefinitionName}`;
    this.definitions.set(input.JobDefinitionName!, { arn, tags: tagsOf(input.Tags), input });
    return Promise.resolve(arn);
  };
  createSchedule = (input: Parameters<MonitorApi['createSchedule']>[0]): Promise<string> => {
    this.calls.push(`createSchedule ${input.MonitoringScheduleName}`);
    const arn = `arn:aws:sagemaker:eu-west-1:123456789012:monitoring-schedule/${input.MonitoringScheduleName}`;
    const info = { name: input.MonitoringScheduleName!, arn, status: 'Scheduled' };
    this.schedules.set(info.name, { info, tags: tagsOf(input.Tags), input });
    return Promise.resolve(arn);
  };
  deleteSchedule = (name: string): Promise<'deleted' | 'absent'> => {
    this.calls.push(`deleteSchedule ${name}`);
    return Promise.resolve(this.schedules.delete(name) ? 'deleted' : 'absent');
  };
  deleteJobDefinition = (name: string): Promise<'deleted' | 'absent'> => {
    this.calls.push(`deleteJobDefinition ${name}`);
    if ([...this.schedules.keys()].length > 0 || this.lingering > 0) return Promise.reject(new Error('ResourceInUse'));
    return Promise.resolve(this.definitions.delete(name) ? 'deleted' : 'absent');
  };
  listTags = (arn: string): Promise<Record<string, string>> =>
    Promise.resolve([...this.definitions.values(), ...this.schedules.values()].find((r) => ('info' in r ? r.info.arn : r.arn) === arn)?.tags ?? {});
}

function withBaseline(): FakeS3 {
  const s3 = new FakeS3();
  s3.put('bucket', 'churn/baseline/churn/statistics.json', '{}');
  return s3;
}

describe('monitor enable', () => {
  it('creates the job definition on the baseline, then an hourly schedule, tagged with the stack; again, changes nothing', async () => {
    const api = new FakeMonitoring();
    const ctx = testContext(config);
    const first = await enableMonitor(ctx, api, withBaseline(), 'churn');
    expect(first).toMatchObject({ name: 'churn-data-quality', jobDefinition: 'created', schedule: 'created', expression: 'cron(0 * ? * * *)' });
    const definition = api.definitions.get('churn-data-quality')!;
    expect(definition.input).toMatchObject({
      RoleArn: ROLE,
      DataQualityAppSpecification: { ImageUri: '468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
      DataQualityBaselineConfig: {
        StatisticsResource: { S3Uri: 's3://bucket/churn/baseline/churn/statistics.json' },
        ConstraintsResource: { S3Uri: 's3://bucket/churn/baseline/churn/constraints.json' },
      },
      DataQualityJobInput: { EndpointInput: { EndpointName: 'churn' } },
      DataQualityJobOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: 's3://bucket/churn/monitoring-reports/churn' } }] },
    });
    expect(definition.tags).toMatchObject({ 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' });
    expect(api.schedules.get('churn-data-quality')!.input).toMatchObject({
      MonitoringScheduleConfig: { MonitoringJobDefinitionName: 'churn-data-quality', MonitoringType: 'DataQuality' },
    });
    const again = await enableMonitor(ctx, api, withBaseline(), 'churn');
    expect(again).toMatchObject({ jobDefinition: 'unchanged', schedule: 'unchanged' });
    expect(api.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('refuses, before creating anything, without a baseline or a role', async () => {
    const api = new FakeMonitoring();
    await expect(enableMonitor(testContext(config), api, new FakeS3(), 'churn')).rejects.toThrow(
      'no baseline at s3://bucket/churn/baseline/churn/statistics.json',
    );
    await expect(enableMonitor(testContext(CONFIG), api, withBaseline(), 'churn')).rejects.toThrow('role is not set');
    expect(api.calls).toEqual([]);
  });
});

describe('monitor disable and teardown', () => {
  it('deletes the schedule, waits until it is gone, then the job definition', async () => {
    const api = new FakeMonitoring();
    const ctx = testContext(config);
    await enableMonitor(ctx, api, withBaseline(), 'churn');
    api.lingering = 2;
    const result = await disableMonitor(ctx, api, 'churn');
    expect(result).toMatchObject({ schedule: 'deleted', jobDefinition: 'deleted' });
    expect(api.calls.slice(-4)).toEqual([
      'describeSchedule churn-data-quality',
      'describeSchedule churn-data-quality',
      'describeSchedule churn-data-quality',
      'deleteJobDefinition churn-data-quality',
    ]);
    expect(await disableMonitor(ctx, api, 'churn')).toMatchObject({ schedule: 'absent', jobDefinition: 'absent' });
  });

  it("teardown's finder finds both when they carry the stack's tags, and not another stack's", async () => {
    const api = new FakeMonitoring();
    await enableMonitor(testContext(config), api, withBaseline(), 'churn');
    const finder = new MonitoringResourceFinder(api, api);
    const found = await finder.find('churn');
    expect(found.map((r) => [r.kind, r.name, r.managed])).toEqual([
      ['monitoring-schedule', 'churn-data-quality', true],
      ['data-quality-job-definition', 'churn-data-quality', true],
    ]);
    expect(await finder.find('other')).toEqual([]);
    for (const r of found) expect(await finder.delete(r)).toBe('deleted');
    expect(api.schedules.size + api.definitions.size).toBe(0);
  });
});
