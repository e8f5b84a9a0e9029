import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/core/schema.js';

// Issue 12 (3): what AWS would refuse is refused by the config check, each rule naming its key.
const issues = (config: unknown): string[] => {
  const parsed = configSchema.safeParse(config);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const serverless = { memoryMB: 2048, maxConcurrency: 5 };

describe('serverless exclusions', () => {
  it.each([
    [
      { serverless, dataCapture: { s3Uri: 's3://bucket/capture', percent: 20 } },
      'endpoint.dataCapture: expected no data capture: a serverless endpoint does not support it',
    ],
    [
      { serverless, variants: [{ name: 'blue' }, { name: 'green' }] },
      'endpoint.variants: expected one variant: a serverless endpoint has a single production variant',
    ],
    [
      {
        variants: [
          { name: 'blue', serverless },
          { name: 'green', instanceType: 'ml.m5.large' },
        ],
      },
      'endpoint.variants: expected one variant: a serverless endpoint has a single production variant',
    ],
    [
      { serverless, autoscaling: { min: 1, max: 2, invocationsPerInstance: 10 } },
      'endpoint.autoscaling: expected no autoscaling: a serverless endpoint scales by itself up to serverless.maxConcurrency',
    ],
    [
      { serverless, variants: [{ name: 'blue', instanceCount: 2 }] },
      'endpoint.variants.0.instanceCount: expected no instanceCount: a serverless endpoint has no instances',
    ],
    [{ serverless, instanceType: 'ml.m5.large' }, 'endpoint.serverless: expected either serverless or instanceType/instanceCount, not both'],
  ])('refuses %j', (endpoint, message) => {
    expect(issues({ endpoint })).toContain(message);
  });

  it('accepts a serverless endpoint with one variant, and instance variants beside data capture', () => {
    expect(issues({ endpoint: { serverless, variants: [{ name: 'blue' }] } })).toEqual([]);
    expect(
      issues({
        endpoint: { instanceType: 'ml.m5.large', variants: [{ name: 'a' }, { name: 'b' }], dataCapture: { s3Uri: 's3://bucket/c', percent: 5 } },
      }),
    ).toEqual([]);
  });
});

describe('deployment limits (BlueGreenUpdatePolicy, TrafficRoutingConfig)', () => {
  it.each([
    [{ strategy: 'canary', percent: 10, bake: '2h' }, "endpoint.deployment.bake: expected a duration from 0s to 1h (SageMaker's WaitIntervalInSeconds)"],
    [
      { strategy: 'canary', percent: 10, terminationWait: '61m' },
      "endpoint.deployment.terminationWait: expected a duration from 0s to 1h (SageMaker's TerminationWaitInSeconds)",
    ],
    [
      { strategy: 'canary', percent: 10, maxExecutionTime: '5m' },
      "endpoint.deployment.maxExecutionTime: expected a duration from 10m to 8h (SageMaker's MaximumExecutionTimeoutInSeconds)",
    ],
    [
      { strategy: 'canary', percent: 10, maxExecutionTime: '9h' },
      "endpoint.deployment.maxExecutionTime: expected a duration from 10m to 8h (SageMaker's MaximumExecutionTimeoutInSeconds)",
    ],
    [
      { strategy: 'canary', percent: 10, bake: '1h', terminationWait: '30m', maxExecutionTime: '1h' },
      'endpoint.deployment.maxExecutionTime: expected more than bake and terminationWait together',
    ],
    [{ strategy: 'canary' }, 'endpoint.deployment.percent: expected the canary size of a canary deployment (percent or instances)'],
    [{ strategy: 'linear' }, 'endpoint.deployment.percent: expected the step size of a linear deployment (percent or instances)'],
    [{ strategy: 'canary', percent: 60 }, 'endpoint.deployment.percent: expected a canary of at most 50 percent of the fleet'],
    [{ strategy: 'linear', percent: 5 }, 'endpoint.deployment.percent: expected a linear step of 10 to 50 percent of the fleet'],
  ])('refuses %j', (deployment, message) => {
    expect(issues({ endpoint: { instanceType: 'ml.m5.large', deployment } })).toContain(message);
  });

  it('accepts the limits themselves', () => {
    expect(issues({ endpoint: { deployment: { strategy: 'canary', instances: 1, bake: '1h', terminationWait: '0s', maxExecutionTime: '8h' } } })).toEqual([]);
    expect(issues({ endpoint: { deployment: { strategy: 'linear', percent: 10, bake: '0s', maxExecutionTime: '10m' } } })).toEqual([]);
  });
});

describe('instance types per use', () => {
  it.each([
    [{ endpoint: { instanceType: 'ml.m5.larg' } }, 'endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?)'],
    [
      { endpoint: { variants: [{ name: 'a', instanceType: 'ml.c5.larg' }] } },
      'endpoint.variants.0.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.c5.large?)',
    ],
    [{ training: { instanceType: 'ml.m5.xlarg' } }, 'training.instanceType: expected a SageMaker instance type for training jobs (did you mean ml.m5.xlarge?)'],
    [
      { transform: { instanceType: 'ml.m5.larg' } },
      'transform.instanceType: expected a SageMaker instance type for batch transform (did you mean ml.m5.large?)',
    ],
  ])('refuses %j', (config, message) => {
    expect(issues(config)).toContain(message);
  });
});
