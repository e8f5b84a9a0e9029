import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { awsCall, awsCallStrict, deleteIfExists, hasErrorName } from './call.js';
import type { DeleteOutcome } from './sagemaker.js';

/** A schedule that invokes one target with a fixed input. */
export interface ScheduleSpec {
  name: string;
  /** `rate(1 hour)`, `cron(…)`. */
  expression: string;
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the target. */
  roleArn: string;
  /** The event the target receives (JSON). */
  input: string;
  description: string;
}

export interface ScheduleInfo extends ScheduleSpec {
  arn: string;
  state: string;
}

const isSchedulerNotFound = (error: unknown): boolean => hasErrorName(error, 'ResourceNotFoundException');

/** EventBridge Scheduler: the janitor's schedule (the default schedule group). */
export class SchedulerService {
  constructor(
    private readonly client: SchedulerClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): SchedulerService {
    return new SchedulerService(new SchedulerClient(clientConfig(options)), options.logger);
  }

  async getSchedule(name: string): Promise<ScheduleInfo | undefined> {
    const out = await awsCall(this.logger, 'GetSchedule', () => this.client.send(new GetScheduleCommand({ Name: name })), isSchedulerNotFound);
    if (!out) return undefined;
    return {
      name,
      arn: out.Arn ?? '',
      state: out.State ?? 'UNKNOWN',
      expression: out.ScheduleExpression ?? '',
      targetArn: out.Target?.Arn ?? '',
      roleArn: out.Target?.RoleArn ?? '',
      input: out.Target?.Input ?? '',
      description: out.Description ?? '',
    };
  }

  /** Creates the schedule, or brings an existing one to the spec (re-running install converges). */
  async putSchedule(spec: ScheduleSpec): Promise<'created' | 'updated'> {
    const input: CreateScheduleCommandInput = {
      Name: spec.name,
      ScheduleExpression: spec.expression,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Description: spec.description,
      // A run that fails is not retried within the hour: the next run starts over, and the alarm says it failed.
      Target: { Arn: spec.targetArn, RoleArn: spec.roleArn, Input: spec.input, RetryPolicy: { MaximumRetryAttempts: 0 } },
    };
    if (await this.getSchedule(spec.name)) {
      await awsCallStrict(this.logger, 'UpdateSchedule', () => this.client.send(new UpdateScheduleCommand(input)));
      return 'updated';
    }
    await awsCallStrict(this.logger, 'CreateSchedule', () => this.client.send(new CreateScheduleCommand(input)));
    return 'created';
  }

  async deleteSchedule(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteSchedule', () => this.client.send(new DeleteScheduleCommand({ Name: name })), isSchedulerNotFound);
  }
}
