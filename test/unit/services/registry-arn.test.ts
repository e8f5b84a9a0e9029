import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeOf } from '../../../src/core/errors.js';
import { isVersionArn, ModelPackageArnError, versionOfArn } from '../../../src/services/registry-arn.js';

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package';

describe('versionOfArn', () => {
  it('reads the version a model package version ARN ends in, for any group and version', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/), fc.integer({ min: 1, max: 2 ** 31 }), (group, version) => {
        const arn = `${ARN}/${group}/${version}`;
        expect(isVersionArn(arn)).toBe(true);
        expect(versionOfArn(arn)).toBe(version);
      }),
    );
  });

  it.each([
    ['an unversioned package', `${ARN}/churn-marketplace`],
    ['a package group', 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn'],
    ['a version that is not a number', `${ARN}/churn/latest`],
    ['version 0', `${ARN}/churn/0`],
    ['a fractional version', `${ARN}/churn/1.5`],
    ['an empty version', `${ARN}/churn/`],
    ['an empty string', ''],
    ['another service', 'arn:aws:iam::123456789012:role/churn/3'],
  ])('refuses %s with a typed error naming the ARN (never version 0)', (_what, arn) => {
    expect(isVersionArn(arn)).toBe(false);
    let thrown: unknown;
    try {
      versionOfArn(arn);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelPackageArnError);
    expect((thrown as ModelPackageArnError).arn).toBe(arn);
    expect((thrown as Error).message).toContain(`"${arn}"`);
    expect(exitCodeOf(thrown)).toBe(ExitCode.Internal);
  });

  it('refuses any ARN whose last part is not a positive whole number', () => {
    fc.assert(
      fc.property(
        fc.string().filter((tail) => !/^[1-9]\d*$/.test(tail)),
        (tail) => {
          expect(() => versionOfArn(`${ARN}/churn/${tail}`)).toThrow(ModelPackageArnError);
        },
      ),
    );
  });
});
