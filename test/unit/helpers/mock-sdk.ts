import { afterEach, beforeEach } from 'vitest';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { recordingLogger } from './logger.js';
import { clientConfig } from '../../../src/core/clients.js';
import { SageMakerService } from '../../../src/services/sagemaker.js';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingService } from '../../../src/services/autoscaling.js';

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

/** The same for Application Auto Scaling: a real client from the factory with `send` stubbed. */
export function useAutoScalingMock(): { mock: () => AwsClientStub<ApplicationAutoScalingClient>; service: () => AutoScalingService } {
  let stub: AwsClientStub<ApplicationAutoScalingClient> | undefined;
  let service: AutoScalingService | undefined;
  beforeEach(() => {
    const { logger } = recordingLogger('silent');
    const client = new ApplicationAutoScalingClient(clientConfig({ logger, region: 'us-east-1', maxAttempts: 1 }));
    stub = mockClient(client);
    service = new AutoScalingService(client, logger);
  });
  afterEach(() => stub?.restore());
  return { mock: () => stub!, service: () => service! };
}
