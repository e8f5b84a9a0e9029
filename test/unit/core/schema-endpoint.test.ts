import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/core/schema.js';

// endpoint.variants, endpoint.deployment, endpoint.autoscaling and endpoint.dataCapture.
const issues = (endpoint: unknown): string[] => {
  const parsed = configSchema.safeParse({ endpoint });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the endpoint sections of update-endpoint', () => {
  it('accepts the full sketch', () => {
    expect(
      issues({
        instanceType: 'ml.m5.large',
        variants: [
          { name: 'blue', weight: 0.9 },
          { name: 'green', weight: 0.1, instanceCount: 2, model: { image: 'img:2', modelData: 's3://bucket/m.tar.gz' } },
        ],
        deployment: { strategy: 'canary', percent: 10, bake: '10m', terminationWait: '5m', maxExecutionTime: '1h', rollbackAlarms: ['churn-5xx'] },
        autoscaling: { min: 1, max: 4, invocationsPerInstance: 200 },
        dataCapture: { s3Uri: 's3://bucket/capture', percent: 20, captureContent: ['input', 'output'] },
      }),
    ).toEqual([]);
  });

  it.each([
    [{ variants: [{ name: 'x'.repeat(28) }] }, /variants\.0\.name: expected a variant name of at most 27 characters/],
    [{ variants: [{ name: 'blue_1' }] }, /variants\.0\.name: expected a variant name of letters/],
    [{ variants: [{ name: 'a' }, { name: 'a' }] }, /variants\.1\.name: expected unique variant names/],
    [{ variants: [{ name: 'a', weight: 0 }] }, /variants: expected at least one variant with a weight above 0/],
    [{ variants: [{ name: 'a', weight: -1 }] }, /variants\.0\.weight/],
    [{ deployment: { strategy: 'all-at-once', percent: 10 } }, /deployment\.strategy: expected canary or linear/],
    [{ deployment: { strategy: 'canary', percent: 10, instances: 1 } }, /deployment\.instances: expected either percent or instances/],
    [{ deployment: { strategy: 'canary', bake: 'soon' } }, /deployment\.bake: expected a duration/],
    [{ deployment: { strategy: 'blue' } }, /deployment\.strategy/],
    [{ autoscaling: { min: 3, max: 2, invocationsPerInstance: 1 } }, /autoscaling\.max: expected max to be at least min/],
    [{ dataCapture: { s3Uri: 'bucket/x', percent: 10 } }, /dataCapture\.s3Uri/],
    [{ dataCapture: { s3Uri: 's3://bucket/x', percent: 101 } }, /dataCapture\.percent/],
  ])('refuses %j', (endpoint, message) => {
    expect(issues(endpoint).join('\n')).toMatch(message);
  });
});
