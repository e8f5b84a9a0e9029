import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromProductionVariant, toProductionVariant, type VariantSpec } from '../../../src/services/sagemaker-variants.js';
import { variantSummary, variantsFromSummary } from '../../../src/services/variant-summary.js';
import { withVariantSummary } from '../../../src/services/sagemaker.js';

const name = fc.stringMatching(/^[a-zA-Z0-9](?:-?[a-zA-Z0-9]){0,20}$/);
const instance = fc.record({
  variantName: name,
  modelName: name,
  instanceType: fc.constantFrom('ml.m5.large', 'ml.g5.12xlarge', 'ml.c7i.48xlarge', 'ml.inf2.xlarge'),
  initialInstanceCount: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
  initialVariantWeight: fc.option(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 1, noNaN: true })), { nil: undefined }),
});
const serverless = fc.record({
  variantName: name,
  modelName: name,
  initialVariantWeight: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  serverless: fc.record({
    memoryMB: fc.constantFrom(1024, 2048, 6144),
    maxConcurrency: fc.integer({ min: 1, max: 200 }),
    provisionedConcurrency: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  }),
});
const variants = fc.uniqueArray(fc.oneof(instance, serverless), { minLength: 1, maxLength: 4, selector: (v) => v.variantName });

/** What DescribeEndpointConfig gives back for variants sent with CreateEndpointConfig (what status would read). */
const described = (vs: readonly VariantSpec[]): VariantSpec[] =>
  vs.map((v) => {
    const read = fromProductionVariant(toProductionVariant(v));
    if (read.serverless && read.serverless.provisionedConcurrency === undefined) delete read.serverless.provisionedConcurrency;
    return read;
  });

describe('the variants summary tag', () => {
  it('reads back exactly what DescribeEndpointConfig would give, or is not written at all', () => {
    fc.assert(
      fc.property(variants, (vs) => {
        const value = variantSummary(vs);
        if (value === undefined) return;
        expect(value.length).toBeLessThanOrEqual(256);
        // SageMaker's tag value alphabet.
        expect(value).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u);
        expect(variantsFromSummary(value)).toEqual(described(vs as VariantSpec[]));
      }),
      { numRuns: 300 },
    );
  });

  it('is written whenever it fits: one or two variants with ordinary names always do', () => {
    const v: VariantSpec[] = [
      { variantName: 'AllTraffic', modelName: 'churn-m-20261126-101500', instanceType: 'ml.m5.large', initialInstanceCount: 2, initialVariantWeight: 0.9 },
      { variantName: 'B', modelName: 'churn-m-20261126-111500', serverless: { memoryMB: 2048, maxConcurrency: 5 } },
    ];
    expect(variantSummary(v)).toBe('AllTraffic=churn-m-20261126-101500/ml.m5.large/2/0.9 B=churn-m-20261126-111500/serverless/2048/5//1');
  });

  it('is not written when it would pass 256 characters (status describes that config)', () => {
    const long = 'm'.repeat(63);
    const v: VariantSpec[] = ['a', 'b', 'c', 'd'].map((variantName) => ({ variantName, modelName: long, instanceType: 'ml.m5.large' }));
    expect(variantSummary(v)).toBeUndefined();
  });

  it('believes nothing of a value that is not exactly what it writes', () => {
    for (const bad of [
      '',
      'AllTraffic',
      'AllTraffic=m/ml.m5.large/1',
      'AllTraffic=m/m5.large/1/1',
      'AllTraffic=m/ml.m5.large/01/1',
      'AllTraffic=m/ml.m5.large/1/1.50',
      'AllTraffic=m/ml.m5.large/-1/1',
      'AllTraffic=m/ml.m5.large/1/1 AllTraffic=n/ml.m5.large/1/1',
      'AllTraffic=m/serverless/1024/2/1',
      'All_Traffic=m/ml.m5.large/1/1',
      'AllTraffic=m/ml.m5.large/1/1  B=m/ml.m5.large/1/1',
    ])
      expect(variantsFromSummary(bad), bad).toBeUndefined();
  });

  it('never carries a summary copied from another config: replaced, or dropped when the new one does not fit', () => {
    const copied = { 'sagectl:stack': 'churn', 'sagectl:variants': 'AllTraffic=old/ml.m5.large/1/1' };
    expect(withVariantSummary(copied, [{ variantName: 'AllTraffic', modelName: 'new', instanceType: 'ml.m5.xlarge' }])).toEqual({
      'sagectl:stack': 'churn',
      'sagectl:variants': 'AllTraffic=new/ml.m5.xlarge/1/1',
    });
    const tooLong = ['a', 'b', 'c', 'd'].map((variantName) => ({ variantName, modelName: 'm'.repeat(63), instanceType: 'ml.m5.large' }));
    expect(withVariantSummary(copied, tooLong)).toEqual({ 'sagectl:stack': 'churn' });
  });
});
