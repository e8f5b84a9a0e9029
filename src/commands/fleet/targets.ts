import { UsageError } from '../../core/errors.js';
import type { TargetFlags } from '../../cli/target-options.js';

export type { TargetFlags };

/** Where a fleet command works: which regions, which accounts and how to reach them, how many pairs at once. */
export interface TargetSpec {
  /** Region names, or every region enabled for each account. */
  regions: string[] | 'all';
  /** Account ids, every active account of the organization, or only the caller's (undefined). */
  accounts?: string[] | 'organization';
  /** The role name assumed in each account. */
  assumeRole?: string;
  /** (account, region) pairs worked on at once: the one bound over the whole fleet. */
  concurrency: number;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
/** IAM role names: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Reads the target flags (pure): a bad region, account id or role name, or a contradiction, is a
 * usage error naming the flag (exit 2, before any request). `defaultRegion` is the single region
 * used when only accounts are given.
 */
export function parseTargetFlags(flags: TargetFlags, defaultRegion: string | undefined): TargetSpec {
  const concurrency = Number(flags.targetConcurrency ?? 6);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--target-concurrency: expected a whole number from 1 to 64, found "${flags.targetConcurrency}"`);
  if (flags.regions !== undefined && flags.allRegions) throw new UsageError('--regions and --all-regions: give one of them');
  if (flags.accounts !== undefined && flags.organization) throw new UsageError('--accounts and --organization: give one of them');
  const regions = flags.allRegions ? 'all' : flags.regions !== undefined ? list(flags.regions, '--regions', REGION, 'a region such as eu-west-1') : undefined;
  const accounts = flags.organization
    ? 'organization'
    : flags.accounts !== undefined
      ? list(flags.accounts, '--accounts', ACCOUNT, 'a 12-digit account id')
      : undefined;
  if (accounts !== undefined && flags.assumeRole === undefined)
    throw new UsageError(`${flags.organization ? '--organization' : '--accounts'} needs --assume-role NAME: the role sagectl assumes in each account`);
  if (flags.assumeRole !== undefined && !ROLE_NAME.test(flags.assumeRole))
    throw new UsageError(`--assume-role: expected a role name (1-64 of letters, digits and +=,.@_-), found "${flags.assumeRole}"`);
  const inRegions = regions ?? (defaultRegion !== undefined ? [defaultRegion] : undefined);
  if (inRegions === undefined) throw new UsageError('--accounts: no region to work in', 'pass --regions, or --region, or set AWS_REGION');
  return {
    regions: inRegions,
    ...(accounts !== undefined ? { accounts } : {}),
    ...(flags.assumeRole !== undefined ? { assumeRole: flags.assumeRole } : {}),
    concurrency,
  };
}

function list(text: string, flag: string, pattern: RegExp, what: string): string[] {
  const items = [...new Set(text.split(',').map((s) => s.trim()))];
  const bad = items.find((s) => !pattern.test(s));
  if (bad !== undefined) throw new UsageError(`${flag}: expected ${what}, found "${bad}"`);
  return items;
}

/** The role ARN assumed in `account` (the partition of the region: aws, aws-cn, aws-us-gov). */
export function roleArn(account: string, roleName: string, region: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}
