import { UsageError } from '../../core/errors.js';
import type { Tags } from '../../core/tags.js';
import type { RegistryService, VersionInfo } from '../../services/registry.js';

/** `--model-version N|latest-approved`. */
export type VersionRef = number | typeof LATEST_APPROVED;

export const LATEST_APPROVED = 'latest-approved';

/** The tags a model (and the endpoint serving it) carries to say which version it runs. */
export const VersionTagKey = {
  Version: 'sagectl:model-version',
  PackageArn: 'sagectl:model-package-arn',
} as const;

/** The registry calls choosing a version makes. */
export type VersionRegistry = Pick<RegistryService, 'listVersions' | 'describeVersion'>;

/** Reads `N` (a positive whole number) or `latest-approved`; anything else is a usage error naming the flag. */
export function parseVersionRef(text: string, flag = '--model-version'): VersionRef {
  if (text === LATEST_APPROVED) return LATEST_APPROVED;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`${flag}: expected a version number (1, 2, …) or ${LATEST_APPROVED}, found "${text}"`);
  return Number(text);
}

/**
 * The version to put live: number N, or the highest-numbered Approved one. A version that is
 * not Approved is refused (exit 2, nothing created) unless `allowUnapproved`; its approval is
 * never changed here (the SageMaker Python SDK approves a package it deploys; sagectl does not).
 * Shared by `deploy --model-version` and `update-endpoint --model-version` / `--rollback --to-version`.
 */
export async function resolveVersion(
  registry: VersionRegistry,
  stack: string,
  ref: VersionRef,
  options: { allowUnapproved?: boolean; flag?: string } = {},
): Promise<VersionInfo> {
  const flag = options.flag ?? '--model-version';
  const versions = await registry.listVersions(stack);
  if (versions.length === 0)
    throw new UsageError(`${flag}: stack ${stack} has no registered model versions`, 'register one with `sagectl register` or `sagectl train --register`');
  const summary = ref === LATEST_APPROVED ? versions.find((v) => v.approval === 'Approved') : versions.find((v) => v.version === ref);
  if (summary === undefined) {
    if (ref === LATEST_APPROVED)
      throw new UsageError(`${flag} ${LATEST_APPROVED}: stack ${stack} has no Approved version`, `approve one with \`sagectl approve ${stack} <version>\``);
    throw new UsageError(`${flag} ${ref}: stack ${stack} has no version ${ref} (it has ${versions.map((v) => v.version).join(', ')})`);
  }
  const version = await registry.describeVersion(summary.arn);
  if (version === undefined) throw new UsageError(`${flag} ${ref}: version ${summary.version} of ${stack} is gone`);
  if (version.approval !== 'Approved' && !options.allowUnapproved) {
    throw new UsageError(
      `${flag} ${ref}: ${stack} v${version.version} is ${version.approval}${version.approvalDescription ? ` (${version.approvalDescription})` : ''}; only an Approved version is put live`,
      `approve it with \`sagectl approve ${stack} ${version.version}\`, or pass --allow-unapproved`,
    );
  }
  return version;
}

/**
 * The model container for a version: it names the package (ModelPackageName), so the model,
 * and through it the endpoint, leads back to the version and its lineage.
 */
export function modelFromVersion(version: VersionInfo): { image: string; modelPackageArn: string } {
  return { image: version.image, modelPackageArn: version.arn };
}

/** The tags that say which version a model or endpoint runs. */
export function versionTags(version: Pick<VersionInfo, 'version' | 'arn'>): Tags {
  return { [VersionTagKey.Version]: String(version.version), [VersionTagKey.PackageArn]: version.arn };
}
