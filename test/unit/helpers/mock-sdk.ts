import { afterEach, beforeEach } from 'vitest';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { recordingLogger } from './logger.js';
import { clientConfig } from '../../../src/core/clients.js';
import { SageMakerService } from '../../../src/services/sagemaker.js';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingService } from '../../../src/services/autoscaling.js';
import { JobsService } from '../../../src/services/jobs.js';
import { LogsService } from '../../../src/services/logs.js';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { RuntimeService } from '../../../src/services/runtime.js';

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

/** Like {@link useSageMakerMock}, for the SageMaker Runtime client behind RuntimeService. */
export function useRuntimeMock(): { mock: () => AwsClientStub<SageMakerRuntimeClient>; service: () => RuntimeService } {
  let stub: AwsClientStub<SageMakerRuntimeClient> | undefined;
  let service: RuntimeService | undefined;
  beforeEach(() => {
    const { logger } = recordingLogger('silent');
    const client = new SageMakerRuntimeClient(clientConfig({ logger, region: 'us-east-1', maxAttempts: 1 }));
    stub = mockClient(client);
    service = new RuntimeService(client, logger);
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

/**
 * The same for any service wrapper: `Client` is built by sagectl's client factory, its `send`
 * stubbed and reset before every test, and `wrap` builds the service around it.
 */
export function useServiceMock<C extends { send: (...args: never[]) => unknown }, S>(
  Client: new (config: ReturnType<typeof clientConfig>) => C,
  wrap: (client: C, logger: ReturnType<typeof recordingLogger>['logger']) => S,
): { mock: () => AwsClientStub<C>; service: () => S } {
  let stub: AwsClientStub<C> | undefined;
  let service: S | undefined;
  beforeEach(() => {
    const { logger } = recordingLogger('silent');
    const client = new Client(clientConfig({ logger, region: 'us-east-1', maxAttempts: 1 }));
    // aws-sdk-client-mock types its argument as an SDK client; C is one, but generically unprovable.
    stub = mockClient(client as never) as unknown as AwsClientStub<C>;
    service = wrap(client, logger);
  });
  afterEach(() => stub?.restore());
  return { mock: () => stub!, service: () => service! };
}

/** The SageMaker client stubbed for {@link JobsService} (training, tuning, transform jobs). */
export const useJobsMock = (): ReturnType<typeof useServiceMock<SageMakerClient, JobsService>> =>
  useServiceMock(SageMakerClient, (client, logger) => new JobsService(client, logger));

/** The CloudWatch Logs client stubbed for {@link LogsService}. */
export const useLogsMock = (): ReturnType<typeof useServiceMock<CloudWatchLogsClient, LogsService>> =>
  useServiceMock(CloudWatchLogsClient, (client, logger) => new LogsService(client, logger));

/** The Application Auto Scaling client stubbed for {@link AutoScalingService}. */
export const useAutoScalingMock = (): ReturnType<typeof useServiceMock<ApplicationAutoScalingClient, AutoScalingService>> =>
  useServiceMock(ApplicationAutoScalingClient, (client, logger) => new AutoScalingService(client, logger));
