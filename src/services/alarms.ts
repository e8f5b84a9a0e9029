import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { toTagList, type Tags } from '../core/tags.js';
import { awsCallStrict } from './call.js';

export interface AlarmInfo {
  name: string;
  arn: string;
  state: string;
  actions: string[];
}

/** CloudWatch alarms: the janitor's failure path (an alarm on its function's errors). */
export class AlarmsService {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): AlarmsService {
    return new AlarmsService(new CloudWatchClient(clientConfig(options)), options.logger);
  }

  /** Alarms when the function fails at least once in an hour (PutMetricAlarm creates or replaces: it converges). */
  async putFunctionErrorsAlarm(name: string, functionName: string, actions: string[], tags: Tags, description: string): Promise<void> {
    await awsCallStrict(this.logger, 'PutMetricAlarm', () =>
      this.client.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          AlarmDescription: description,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: functionName }],
          Statistic: 'Sum',
          Period: 3600,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: actions,
          Tags: toTagList(tags),
        }),
      ),
    );
  }

  async describeAlarm(name: string): Promise<AlarmInfo | undefined> {
    const out = await awsCallStrict(this.logger, 'DescribeAlarms', () => this.client.send(new DescribeAlarmsCommand({ AlarmNames: [name] })));
    const a = out.MetricAlarms?.[0];
    return a ? { name, arn: a.AlarmArn ?? '', state: a.StateValue ?? 'INSUFFICIENT_DATA', actions: a.AlarmActions ?? [] } : undefined;
  }

  /** Deletes the alarm; DeleteAlarms answers success for a name that does not exist. */
  async deleteAlarm(name: string): Promise<void> {
    await awsCallStrict(this.logger, 'DeleteAlarms', () => this.client.send(new DeleteAlarmsCommand({ AlarmNames: [name] })));
  }
}
