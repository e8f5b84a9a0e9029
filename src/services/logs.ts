import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import type { Tags } from '../core/tags.js';
import { awsCall, awsCallStrict, hasErrorName, deleteIfExists } from './call.js';
import type { DeleteOutcome } from './sagemaker.js';

/** CloudWatch Logs says "not found" as ResourceNotFoundException; this is the one place that knows it. */
export function isLogsNotFound(error: unknown): boolean {
  return hasErrorName(error, 'ResourceNotFoundException');
}

/** CloudWatch Logs in sagectl's vocabulary (what teardown needs of it). */
export class LogsService {
  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly logger: Logger,
  ) {}

  /** Builds the service with a client configured by the one client factory. */
  static create(options: ClientOptions): LogsService {
    return new LogsService(new CloudWatchLogsClient(clientConfig(options)), options.logger);
  }

  /** The log group by exact name, with its ARN (without the trailing `:*`), or undefined. */
  async describeLogGroup(name: string): Promise<{ name: string; arn: string; createdAt?: Date } | undefined> {
    let found: { name: string; arn: string; createdAt?: Date } | undefined;
    await awsCallStrict(this.logger, 'DescribeLogGroups', async () => {
      for await (const page of paginateDescribeLogGroups({ client: this.client }, { logGroupNamePrefix: name })) {
        const g = page.logGroups?.find((x) => x.logGroupName === name);
        if (g) {
          found = { name, arn: (g.logGroupArn ?? g.arn ?? '').replace(/:\*$/, ''), ...(g.creationTime !== undefined ? { createdAt: new Date(g.creationTime) } : {}) };
          break;
        }
      }
    });
    return found;
  }

  /** Creates a log group with its tags and retention, so it belongs to the stack (and is not left to grow forever). */
  async createLogGroup(name: string, tags: Tags, retentionDays: number): Promise<void> {
    await awsCallStrict(this.logger, 'CreateLogGroup', () => this.client.send(new CreateLogGroupCommand({ logGroupName: name, tags })));
    await awsCallStrict(this.logger, 'PutRetentionPolicy', () => this.client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: retentionDays })));
  }

  /** The log group's tags; an empty record when it is gone. */
  async listTags(arn: string): Promise<Tags> {
    const out = await awsCall(this.logger, 'ListTagsForResource', () => this.client.send(new ListTagsForResourceCommand({ resourceArn: arn })), isLogsNotFound);
    return out?.tags ?? {};
  }

  /** Deletes a log group; one that is already gone (or never written to) counts as success. */
  async deleteLogGroup(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteLogGroup', () => this.client.send(new DeleteLogGroupCommand({ logGroupName: name })), isLogsNotFound);
  }
}
