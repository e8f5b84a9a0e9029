import { describe, expect, it } from 'vitest';
import {
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  TagLogGroupCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { isLogsNotFound } from '../../../src/services/logs.js';
import { AwsRequestError } from '../../../src/core/errors.js';
import { useLogsMock, awsError } from '../helpers/mock-sdk.js';

const { mock, service } = useLogsMock();

describe('LogsService', () => {
  it('lists every stream with the prefix, over pages; a group that does not exist yet has none', async () => {
    mock()
      .on(DescribeLogStreamsCommand)
      .resolvesOnce({ logStreams: [{ logStreamName: 'j/algo-1-1' }], nextToken: 'n' })
      .resolvesOnce({ logStreams: [{ logStreamName: 'j/algo-2-1' }] });
    expect(await service().listStreams('/aws/sagemaker/TrainingJobs', 'j/')).toEqual(['j/algo-1-1', 'j/algo-2-1']);
    expect(mock()).toHaveReceivedCommandWith(DescribeLogStreamsCommand, {
      logGroupName: '/aws/sagemaker/TrainingJobs',
      logStreamNamePrefix: 'j/',
      orderBy: 'LogStreamName',
    });
    mock().reset();
    mock().on(DescribeLogStreamsCommand).rejects(awsError('ResourceNotFoundException', 'The specified log group does not exist.'));
    expect(await service().listStreams('/aws/sagemaker/TrainingJobs', 'j/')).toEqual([]);
  });

  it('tags a log group with TagResource on the ARN DescribeLogGroups gives, without its trailing :*', async () => {
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/churn-invoke';
    mock()
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/aws/lambda/churn-invoke', arn: `${arn}:*` }] })
      .on(TagResourceCommand)
      .resolves({});
    const group = await service().describeLogGroup('/aws/lambda/churn-invoke');
    await service().tagLogGroup(group!.arn, { team: 'ml' });
    expect(mock()).toHaveReceivedCommandWith(TagResourceCommand, { resourceArn: arn, tags: { team: 'ml' } });
    expect(mock()).toHaveReceivedCommandTimes(TagLogGroupCommand, 0);
  });

  it('reads a page forward from the head with the token', async () => {
    mock()
      .on(GetLogEventsCommand)
      .resolves({ events: [{ timestamp: 1, message: 'a' }], nextForwardToken: 'f/2' });
    expect(await service().readPage('g', 's', 'f/1')).toEqual({ events: [{ timestamp: 1, message: 'a' }], nextToken: 'f/2' });
    expect(mock()).toHaveReceivedCommandWith(GetLogEventsCommand, { logGroupName: 'g', logStreamName: 's', startFromHead: true, nextToken: 'f/1' });
  });

  it('throttling after retries is an AwsRequestError the tail recognises', async () => {
    mock().on(GetLogEventsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const error = await service()
      .readPage('g', 's', undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect((error as AwsRequestError).awsCode).toBe('ThrottlingException');
  });

  it('isLogsNotFound', () => {
    expect(isLogsNotFound(awsError('ResourceNotFoundException', 'x'))).toBe(true);
    expect(isLogsNotFound(awsError('AccessDeniedException', 'x'))).toBe(false);
  });
});
