import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { _InstanceType, ProductionVariantInstanceType, TrainingInstanceType, TransformInstanceType } from '@aws-sdk/client-sagemaker';
import {
  NOTEBOOK_INSTANCE_TYPES,
  PRODUCTION_VARIANT_INSTANCE_TYPES,
  TRAINING_INSTANCE_TYPES,
  TRANSFORM_INSTANCE_TYPES,
} from '../../../src/core/instance-types.js';
import { instanceTypeProblem } from '../../../src/core/instance-type.js';

const sorted = (values: Record<string, string>): string[] => [...new Set(Object.values(values))].sort();

describe('the SDK-free instance-type lists', () => {
  // When this fails after an SDK upgrade: `npm run generate:instance-types`.
  it.each([
    ['ProductionVariantInstanceType', PRODUCTION_VARIANT_INSTANCE_TYPES, ProductionVariantInstanceType],
    ['TrainingInstanceType', TRAINING_INSTANCE_TYPES, TrainingInstanceType],
    ['TransformInstanceType', TRANSFORM_INSTANCE_TYPES, TransformInstanceType],
    ['_InstanceType (notebook instances)', NOTEBOOK_INSTANCE_TYPES, _InstanceType],
  ])('equal the SDK’s %s enum', (_name, generated, sdk) => {
    expect([...generated]).toEqual(sorted(sdk as Record<string, string>));
  });
});

describe('instanceTypeProblem', () => {
  it('accepts every type the SDK lists for the use', () => {
    for (const t of PRODUCTION_VARIANT_INSTANCE_TYPES) expect(instanceTypeProblem(t, 'endpoint')).toBeUndefined();
    for (const t of TRAINING_INSTANCE_TYPES) expect(instanceTypeProblem(t, 'training')).toBeUndefined();
    for (const t of TRANSFORM_INSTANCE_TYPES) expect(instanceTypeProblem(t, 'transform')).toBeUndefined();
  });

  it.each([
    ['ml.m5.larg', 'endpoint', 'expected a SageMaker instance type for endpoints (did you mean ml.m5.large?)'],
    ['m5.large', 'endpoint', 'expected a SageMaker instance type for endpoints (did you mean ml.m5.large?)'],
    ['ml.m5.xlarg', 'training', 'expected a SageMaker instance type for training jobs (did you mean ml.m5.xlarge?)'],
    ['ml.t3.mediun', 'notebook', 'expected a SageMaker instance type for notebook instances (did you mean ml.t3.medium?)'],
    ['ml.banana.huge', 'endpoint', 'expected a SageMaker instance type for endpoints such as ml.m5.large'],
  ] as const)('%s for %s: %s', (value, use, message) => {
    expect(instanceTypeProblem(value, use)).toBe(message);
  });

  it('says when a type exists for another use only', () => {
    const trainingOnly = TRAINING_INSTANCE_TYPES.find((t) => !PRODUCTION_VARIANT_INSTANCE_TYPES.includes(t) && !TRANSFORM_INSTANCE_TYPES.includes(t));
    expect(trainingOnly).toBeDefined();
    expect(instanceTypeProblem(trainingOnly!, 'endpoint')).toBe(
      `expected a SageMaker instance type for endpoints (${trainingOnly} is offered only for training jobs)`,
    );
  });

  it('suggests, for any one-letter slip in a listed type, a listed type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRODUCTION_VARIANT_INSTANCE_TYPES), fc.nat(), (type, at) => {
        const i = 3 + (at % (type.length - 3));
        const typo = type.slice(0, i) + type.slice(i + 1);
        fc.pre(!PRODUCTION_VARIANT_INSTANCE_TYPES.includes(typo));
        const suggestion = /did you mean (\S+)\?/.exec(instanceTypeProblem(typo, 'endpoint') ?? '')?.[1];
        expect(suggestion && PRODUCTION_VARIANT_INSTANCE_TYPES.includes(suggestion)).toBe(true);
      }),
      { seed: 12 },
    );
  });
});
