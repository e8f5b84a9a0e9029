import { afterEach, beforeEach } from 'vitest';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { recordingLogger } from './logger.js';
import { clientConfig } from '../../../src/core/clients.js';
import { SageMakerService } from '../../../src/services/sagemaker.js';
import { JobsService } from '../../../src/services/jobs.js';
import { LogsService } from '../../../src/services/logs.js';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/**
 * The one owner of SDK mocks in unit tests: a real client built by sagectl's client factory
 * (fake credentials from setup.ts), with its `send` stubbed, reset before every test.
 */
export function useSageMakerMock(): { mock: () => AwsClientStub<SageMakerClient>; service: () => SageMakerService } {
  let stub: AwsClientStub<SageMakerClient> | undefined;
  let service: SageMakerService | undefined;
  beforeEach(() => {
    const { logger } = recordingLogger('silent');
    const client = new SageMakerClient(clientConfig({ logger, region: 'us-east-1', maxAttempts: 1 }));
    stub = mockClient(client);
    service = new SageMakerService(client, logger);
  });
  afterEach(() => stub?.restore());
  return {
    mock: () => stub!,
    service: () => service!,
  };
}

/** An SDK-style service exception, as the SDK throws it. */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** The SageMaker client stubbed for {@link JobsService} (training, tuning, transform jobs). */
export function useJobsMock(): { mock: () => AwsClientStub<SageMakerClient>; service: () => JobsService } {
  let stub: AwsClientStub<SageMakerClient> | undefined;
  let service: JobsService | undefined;
  beforeEach(() => {
    const { logger } = recordingLogger('silent');
    const client = new SageMakerClient(clientConfig({ logger, region: 'us-east-1', maxAttempts: 1 }));
    stub = mockClient(client);
    service = new JobsService(client, logger);
  });
  afterEach(() => stub?.restore());
  return { mock: () => stub!, service: () => service! };
}

/** The CloudWatch Logs client stubbed for {@link LogsService}. */
export function useLogsMock(): { mock: () => AwsClientStub<CloudWatchLogsClient>; service: () => LogsService } {
  let stub: AwsClientStub<CloudWatchLogsClient> | undefined;
  let service: LogsService | undefined;
  beforeEach(() => {
    const { logger } = recordingLogger('silent');
    const client = new CloudWatchLogsClient(clientConfig({ logger, region: 'us-east-1', maxAttempts: 1 }));
    stub = mockClient(client);
    service = new LogsService(client, logger);
  });
  afterEach(() => stub?.restore());
  return { mock: () => stub!, service: () => service! };
}
