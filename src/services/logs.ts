import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  paginateDescribeLogGroups,
  paginateDescribeLogStreams,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { translateAwsError } from '../core/aws-errors.js';
import type { Tags } from '../core/tags.js';
import { awsCall, awsCallStrict, deleteIfExists } from './call.js';
import type { DeleteOutcome } from './sagemaker.js';

/** One log event. */
export interface LogEvent {
  timestamp: number;
  message: string;
}

/** One page of a stream read forward. */
export interface LogPage {
  events: LogEvent[];
  /** Pass back to read on; the same token as was sent means the end of the stream for now. */
  nextToken: string | undefined;
}

/**
 * CloudWatch Logs answers a log group or stream that does not exist (yet: SageMaker creates the
 * group with a job's first log line) with ResourceNotFoundException. The one place that knows.
 */
export function isLogsNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

/**
 * CloudWatch Logs in sagectl's vocabulary: a group's streams and a stream's events page by page
 * (train, logs), and the log groups a stack owns (wire-api's function log group, teardown).
 */
export class LogsService {
  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): LogsService {
    return new LogsService(new CloudWatchLogsClient(clientConfig(options)), options.logger);
  }

  /** The names of the group's streams starting with `prefix` (all pages, by name); none when the group does not exist yet. */
  async listStreams(group: string, prefix: string): Promise<string[]> {
    const names: string[] = [];
    try {
      const input = { logGroupName: group, ...(prefix ? { logStreamNamePrefix: prefix } : {}), orderBy: 'LogStreamName' as const };
      for await (const page of paginateDescribeLogStreams({ client: this.client }, input)) {
        for (const s of page.logStreams ?? []) if (s.logStreamName) names.push(s.logStreamName);
      }
    } catch (error) {
      if (isLogsNotFound(error)) {
        this.logger.debug({ group }, 'log group not found (yet)');
        return names;
      }
      throw translateAwsError('DescribeLogStreams', error);
    }
    return names;
  }

  /**
   * One page of a stream, oldest first from `token` (or from the start). Reading forward with
   * `startFromHead` and the forward token is what makes every event come exactly once:
   * the token is a cursor, and at the end CloudWatch returns the token it was given.
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
   */
  async readPage(group: string, stream: string, token: string | undefined): Promise<LogPage> {
    try {
      const out = await this.client.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, ...(token !== undefined ? { nextToken: token } : {}) }),
      );
      return {
        events: (out.events ?? []).map((e) => ({ timestamp: e.timestamp ?? 0, message: e.message ?? '' })),
        nextToken: out.nextForwardToken,
      };
    } catch (error) {
      throw translateAwsError('GetLogEvents', error);
    }
  }

  /** The last `limit` events of a stream (newest page read backwards from the end), oldest first. */
  async lastEvents(group: string, stream: string, limit: number): Promise<LogEvent[]> {
    try {
      const out = await this.client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: false, limit }));
      return (out.events ?? []).map((e) => ({ timestamp: e.timestamp ?? 0, message: e.message ?? '' }));
    } catch (error) {
      if (isLogsNotFound(error)) return [];
      throw translateAwsError('GetLogEvents', error);
    }
  }

  /** The log group by exact name, with its ARN (without the trailing `:*`), or undefined. */
  async describeLogGroup(name: string): Promise<{ name: string; arn: string; createdAt?: Date } | undefined> {
    let found: { name: string; arn: string; createdAt?: Date } | undefined;
    await awsCallStrict(this.logger, 'DescribeLogGroups', async () => {
      for await (const page of paginateDescribeLogGroups({ client: this.client }, { logGroupNamePrefix: name })) {
        const g = page.logGroups?.find((x) => x.logGroupName === name);
        if (g) {
          found = {
            name,
            arn: (g.logGroupArn ?? g.arn ?? '').replace(/:\*$/, ''),
            ...(g.creationTime !== undefined ? { createdAt: new Date(g.creationTime) } : {}),
          };
          break;
        }
      }
    });
    return found;
  }

  /** Creates a log group with its tags and retention, so it belongs to the stack (and is not left to grow forever). */
  async createLogGroup(name: string, tags: Tags, retentionDays: number): Promise<void> {
    await awsCallStrict(this.logger, 'CreateLogGroup', () => this.client.send(new CreateLogGroupCommand({ logGroupName: name, tags })));
    await awsCallStrict(this.logger, 'PutRetentionPolicy', () =>
      this.client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: retentionDays })),
    );
  }

  /** Sets how long the group keeps its events (re-running an install converges on the retention asked for). */
  async setRetention(name: string, retentionDays: number): Promise<void> {
    await awsCallStrict(this.logger, 'PutRetentionPolicy', () =>
      this.client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: retentionDays })),
    );
  }

  /**
   * Adds or updates the log group's tags (the ARN without the trailing `:*`, as
   * {@link describeLogGroup} returns it). TagResource, not the TagLogGroup that AWS is deprecating.
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
   */
  async tagLogGroup(arn: string, tags: Tags): Promise<void> {
    await awsCallStrict(this.logger, 'TagResource', () => this.client.send(new TagResourceCommand({ resourceArn: arn, tags })));
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
