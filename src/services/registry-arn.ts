/**
 * What the registry's ARNs say, without the AWS SDK: command modules import this, so a flag or
 * config error is reported before any SDK client is loaded.
 */
import { ExitCode, SagectlError } from '../core/errors.js';

/** `…:model-package/<group>/<version>`: a version of a package group (an unversioned package has no group part). */
const VERSION_ARN = /^arn:[\w-]+:sagemaker:[^:]*:\d*:model-package\/[^/]+\/([1-9]\d*)$/;

/**
 * An ARN that should name a model package version does not. sagectl only reads version numbers from
 * ARNs AWS gave it, so this is a response it does not understand: exit 1, with the ARN in the message.
 */
export class ModelPackageArnError extends SagectlError {
  constructor(readonly arn: string) {
    super(`expected a model package version ARN (…:model-package/<group>/<version>), found "${arn}"`, ExitCode.Internal);
  }
}

/** Whether the ARN names a version of a model package group. */
export function isVersionArn(arn: string): boolean {
  return VERSION_ARN.test(arn);
}

/** The version number a versioned package's ARN ends in; refuses any other ARN rather than guess. */
export function versionOfArn(arn: string): number {
  const match = VERSION_ARN.exec(arn);
  if (!match?.[1]) throw new ModelPackageArnError(arn);
  return Number(match[1]);
}
