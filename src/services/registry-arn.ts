/**
 * What the registry's ARNs say, without the AWS SDK: command modules import this, so a flag or
 * config error is reported before any SDK client is loaded.
 */

/** A versioned package's ARN ends in `/<group>/<version>`. */
export function versionOfArn(arn: string): number {
  const n = Number(arn.split('/').at(-1));
  return Number.isInteger(n) ? n : 0;
}
