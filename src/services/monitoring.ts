import {
  CreateDataQualityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  DeleteDataQualityJobDefinitionCommand,
  DeleteMonitoringScheduleCommand,
  DescribeDataQualityJobDefinitionCommand,
  DescribeMonitoringScheduleCommand,
  SageMakerClient,
  paginateListMonitoringSchedules,
  type CreateDataQualityJobDefinitionCommandInput,
  type CreateMonitoringScheduleCommandInput,
} from '@aws-sdk/client-sagemaker';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { awsCall, awsCallStrict, deleteIfExists } from './call.js';
import { isSageMakerNotFound, type DeleteOutcome, type ResourceSummary } from './sagemaker.js';

/** A monitoring schedule, as status shows it. */
export interface ScheduleInfo {
  name: string;
  arn: string;
  status: string;
  /** The cron expression it runs on. */
  expression?: string;
  lastExecution?: { status: string; scheduledTime?: Date; failureReason?: string };
}

/** Model Monitor (data-quality job definitions and monitoring schedules) in sagectl's vocabulary. */
export class MonitoringService {
  constructor(
    private readonly client: SageMakerClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): MonitoringService {
    return new MonitoringService(new SageMakerClient(clientConfig(options)), options.logger);
  }

  /** The region requests go to (the analyzer image is regional). */
  region(): Promise<string> {
    return this.client.config.region();
  }

  /** Every monitoring schedule in the region (all pages): name, ARN and creation time, for fleet selection. */
  async listSchedules(): Promise<ResourceSummary[]> {
    const rows: ResourceSummary[] = [];
    await awsCallStrict(this.logger, 'ListMonitoringSchedules', async () => {
      for await (const page of paginateListMonitoringSchedules({ client: this.client }, {})) {
        for (const m of page.MonitoringScheduleSummaries ?? []) {
          rows.push({
            name: m.MonitoringScheduleName ?? '',
            arn: m.MonitoringScheduleArn ?? '',
            ...(m.CreationTime ? { creationTime: m.CreationTime } : {}),
            ...(m.MonitoringScheduleStatus ? { status: m.MonitoringScheduleStatus } : {}),
          });
        }
      }
    });
    return rows;
  }

  async describeSchedule(name: string): Promise<ScheduleInfo | undefined> {
    const out = await awsCall(
      this.logger,
      'DescribeMonitoringSchedule',
      () => this.client.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name })),
      isSageMakerNotFound,
    );
    // Every real answer names the ARN; one without it describes nothing.
    if (!out?.MonitoringScheduleArn) return undefined;
    const last = out.LastMonitoringExecutionSummary;
    const expression = out.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression;
    return {
      name,
      arn: out.MonitoringScheduleArn,
      status: out.MonitoringScheduleStatus ?? 'Unknown',
      ...(expression ? { expression } : {}),
      ...(last
        ? {
            lastExecution: {
              status: last.MonitoringExecutionStatus ?? 'Unknown',
              ...(last.ScheduledTime ? { scheduledTime: last.ScheduledTime } : {}),
              ...(last.FailureReason ? { failureReason: last.FailureReason } : {}),
            },
          }
        : {}),
    };
  }

  async createSchedule(input: CreateMonitoringScheduleCommandInput): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateMonitoringSchedule', () => this.client.send(new CreateMonitoringScheduleCommand(input)));
    return out.MonitoringScheduleArn ?? '';
  }

  deleteSchedule(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteMonitoringSchedule',
      () => this.client.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: name })),
      isSageMakerNotFound,
    );
  }

  /** The job definition's ARN, or undefined when there is none of that name. */
  async describeJobDefinition(name: string): Promise<string | undefined> {
    const out = await awsCall(
      this.logger,
      'DescribeDataQualityJobDefinition',
      () => this.client.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: name })),
      isSageMakerNotFound,
    );
    return out?.JobDefinitionArn;
  }

  async createJobDefinition(input: CreateDataQualityJobDefinitionCommandInput): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateDataQualityJobDefinition', () => this.client.send(new CreateDataQualityJobDefinitionCommand(input)));
    return out.JobDefinitionArn ?? '';
  }

  deleteJobDefinition(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteDataQualityJobDefinition',
      () => this.client.send(new DeleteDataQualityJobDefinitionCommand({ JobDefinitionName: name })),
      isSageMakerNotFound,
    );
  }
}
