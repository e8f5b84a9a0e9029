import { describe, expect, it } from 'vitest';
import {
  CreateEndpointConfigCommand,
  DescribeEndpointConfigCommand,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { toDeploymentConfig, type DeploymentSpec } from '../../../src/services/deployment-config.js';
import { deploymentSpec, type DeploymentFlags } from '../../../src/commands/endpoint/deployment.js';
import { UsageError } from '../../../src/core/errors.js';
import { useSageMakerMock } from '../helpers/mock-sdk.js';

const { mock, service } = useSageMakerMock();

describe('the UpdateEndpoint request for each strategy', () => {
  it.each<[string, DeploymentSpec, object]>([
    ['all at once', { strategy: 'all-at-once' }, { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 } } }],
    [
      'canary by percent, with bake, termination wait, maximum time and alarms',
      {
        strategy: 'canary',
        size: { unit: 'percent', value: 10 },
        bakeSeconds: 600,
        terminationWaitSeconds: 120,
        maxExecutionSeconds: 3600,
        rollbackAlarms: ['a', 'b'],
      },
      {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 600, CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 } },
          TerminationWaitInSeconds: 120,
          MaximumExecutionTimeoutInSeconds: 3600,
        },
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'a' }, { AlarmName: 'b' }] },
      },
    ],
    [
      'canary by instances',
      { strategy: 'canary', size: { unit: 'instances', value: 1 } },
      {
        BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 0, CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 } } },
      },
    ],
    [
      'linear',
      { strategy: 'linear', size: { unit: 'percent', value: 25 }, bakeSeconds: 60 },
      {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'LINEAR', WaitIntervalInSeconds: 60, LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 } },
        },
      },
    ],
  ])('%s', async (_name, spec, expected) => {
    expect(toDeploymentConfig(spec)).toEqual(expected);
    mock().on(UpdateEndpointCommand).resolves({ EndpointArn: 'arn' });
    await service().updateEndpoint('churn', 'churn-2', spec);
    expect(mock()).toHaveReceivedCommandWith(UpdateEndpointCommand, { EndpointName: 'churn', EndpointConfigName: 'churn-2', DeploymentConfig: expected });
  });

  it('sends no DeploymentConfig when none is given (SageMaker default: blue/green, all at once)', async () => {
    mock().on(UpdateEndpointCommand).resolves({});
    await service().updateEndpoint('churn', 'churn-2');
    expect(mock().commandCalls(UpdateEndpointCommand)[0]?.args[0].input).toEqual({ EndpointName: 'churn', EndpointConfigName: 'churn-2' });
  });
});

describe('deploymentSpec: endpoint.deployment with flags on top', () => {
  it('reads the config section', () => {
    expect(deploymentSpec({ strategy: 'canary', percent: 10, bake: '10m', rollbackAlarms: ['churn-5xx'] }, {})).toEqual({
      strategy: 'canary',
      size: { unit: 'percent', value: 10 },
      bakeSeconds: 600,
      rollbackAlarms: ['churn-5xx'],
    });
  });

  it('lets flags override, a size flag implying its strategy', () => {
    expect(deploymentSpec({ strategy: 'canary', percent: 10 }, { linearInstances: '2', bake: '30s', rollbackAlarm: ['x'] })).toEqual({
      strategy: 'linear',
      size: { unit: 'instances', value: 2 },
      bakeSeconds: 30,
      rollbackAlarms: ['x'],
    });
    expect(deploymentSpec(undefined, {})).toBeUndefined();
  });

  it.each([
    [{ strategy: 'canary' }, /needs its canary size/],
    [{ strategy: 'blue' }, /--strategy/],
    [{ strategy: 'all-at-once', canaryPercent: '10' }, /does not go with --strategy all-at-once/],
    [{ canaryPercent: '10', linearPercent: '10' }, /not several/],
    [{ canaryPercent: '0' }, /1 to 100/],
    [{ strategy: 'all-at-once', bake: '2h' }, /--bake: expected between 0s and 3600s/],
    [{ strategy: 'all-at-once', maxExecutionTime: '1m' }, /--max-execution-time/],
    [{ bake: '1m' }, /need a strategy/],
    [{ strategy: 'all-at-once', rollbackAlarm: Array.from({ length: 11 }, (_, i) => `a${i}`) }, /at most 10/],
  ])('refuses %j', (flags, message) => {
    // `blue` stands for a value only commander's choices keep out: the check holds without them.
    expect(() => deploymentSpec(undefined, flags as DeploymentFlags)).toThrow(UsageError);
    expect(() => deploymentSpec(undefined, flags as DeploymentFlags)).toThrow(message);
  });
});

describe('endpoint config settings and weights', () => {
  it('round-trips settings and unmodelled variant fields from DescribeEndpointConfig to CreateEndpointConfig', async () => {
    const settings = {
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 5,
        DestinationS3Uri: 's3://b/c',
        CaptureOptions: [{ CaptureMode: 'Input' as const }],
      },
      KmsKeyId: 'key',
      AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://b/o' } },
    };
    mock()
      .on(DescribeEndpointConfigCommand)
      .resolves({
        EndpointConfigName: 'c1',
        EndpointConfigArn: 'arn:c1',
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: 'm', InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 1, VolumeSizeInGB: 30 },
        ],
        ...settings,
      });
    mock().on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: 'arn:c2' });
    const live = (await service().describeEndpointConfig('c1'))!;
    expect(live.settings).toEqual(settings);
    await service().createEndpointConfig('c2', live.variants, { k: 'v' }, live.settings);
    expect(mock()).toHaveReceivedCommandWith(CreateEndpointConfigCommand, {
      EndpointConfigName: 'c2',
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: 'm', InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 1, VolumeSizeInGB: 30 },
      ],
      Tags: [
        { Key: 'k', Value: 'v' },
        { Key: 'sagectl:variants', Value: 'AllTraffic=m/ml.m5.large/2/1' },
      ],
      ...settings,
    });
  });

  it('sends only the weights and counts asked for', async () => {
    mock().on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({ EndpointArn: 'arn' });
    await service().updateWeightsAndCapacities('churn', [
      { variantName: 'blue', weight: 0.9 },
      { variantName: 'green', instanceCount: 2 },
    ]);
    expect(mock()).toHaveReceivedCommandWith(UpdateEndpointWeightsAndCapacitiesCommand, {
      EndpointName: 'churn',
      DesiredWeightsAndCapacities: [
        { VariantName: 'blue', DesiredWeight: 0.9 },
        { VariantName: 'green', DesiredInstanceCount: 2 },
      ],
    });
  });
});
