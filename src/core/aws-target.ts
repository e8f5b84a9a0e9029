import { UsageError } from './errors.js';

/**
 * AWS regions by name (https://docs.aws.amazon.com/general/latest/gr/rande.html, the commercial,
 * China, GovCloud and European Sovereign Cloud partitions). A name outside this list would only
 * fail later as an unresolvable host (`getaddrinfo ENOTFOUND api.sagemaker.us-east-7…`), so it is
 * refused before any request; against an emulator (an endpoint override) any region-shaped name goes.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
  'cn-north-1', 'cn-northwest-1',
  'us-gov-east-1', 'us-gov-west-1',
  'eusc-de-east-1',
]; // prettier-ignore

/** The shape every AWS region name has: area, optional sub-area, direction, number. */
const REGION_SHAPE = /^[a-z]{2,4}(-[a-z]{2,4})?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]\d?$/;

/** Where the region came from, for the message: `--region`, `region:` in the config, `AWS_REGION`. */
export type RegionSource = string;

/**
 * Refuses (exit 2) a region that is not an AWS region: not region-shaped at all, or, when requests
 * go to AWS itself, not one of {@link KNOWN_REGIONS}.
 */
export function checkRegion(region: string, source: RegionSource, endpointOverride: boolean): void {
  if (!REGION_SHAPE.test(region)) {
    throw new UsageError(`${source}: "${region}" is not an AWS region name`, `use a region such as us-east-1 or eu-west-1${nearest(region)}`);
  }
  if (endpointOverride || KNOWN_REGIONS.includes(region)) return;
  throw new UsageError(
    `${source}: "${region}" is not an AWS region`,
    `use one of the regions AWS runs${nearest(region)}; a region newer than this sagectl needs a newer sagectl`,
  );
}

function nearest(region: string): string {
  const prefix = region.split('-').slice(0, 2).join('-');
  const close = KNOWN_REGIONS.filter((r) => r.startsWith(prefix));
  return close.length > 0 ? ` (${close.join(', ')})` : '';
}

/** Whether requests go somewhere other than AWS's own endpoints (`--endpoint-url`, `AWS_ENDPOINT_URL[_<SERVICE>]`). */
function hasEndpointOverride(endpointUrl: string | undefined, env: NodeJS.ProcessEnv): boolean {
  return endpointUrl !== undefined || Object.keys(env).some((k) => k === 'AWS_ENDPOINT_URL' || k.startsWith('AWS_ENDPOINT_URL_'));
}

/**
 * Refuses (exit 2) a `--profile` that neither ~/.aws/config nor ~/.aws/credentials defines
 * (`AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` honoured, read by the SDK's own loader),
 * naming the profiles that exist. Otherwise the SDK reports it as "no credentials", which sends
 * the user looking in the wrong place. Returns the profile's region, if it sets one.
 */
export async function checkProfile(profile: string): Promise<string | undefined> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const sections = { ...credentialsFile, ...configFile };
  if (sections[profile] !== undefined) return configFile[profile]?.region;
  // The loader keeps `[sso-session x]` and `[services x]` sections beside the profiles.
  const names = Object.keys(sections)
    .filter((name) => !/^(sso-session|services)\./.test(name))
    .sort();
  throw new UsageError(
    `--profile ${profile}: no such profile in the AWS config or credentials file`,
    names.length > 0
      ? `profiles that exist: ${names.join(', ')}`
      : 'no profiles are configured: run `aws configure --profile ' + profile + '` or `aws configure sso`',
  );
}

/** What the region and profile checks look at. */
export interface AwsTarget {
  /** `--region`, when given. */
  regionFlag?: string;
  /** The config's `region:` (after `--region` was applied). */
  configRegion?: string;
  profile?: string;
  endpointUrl?: string;
}

/**
 * The checks that need no request: the profile exists, and the region that will be used (flag,
 * config, `AWS_REGION`, else the profile's) is an AWS region. Usage errors (exit 2).
 */
export async function checkAwsTarget(target: AwsTarget, env: NodeJS.ProcessEnv): Promise<void> {
  const profileRegion = target.profile !== undefined ? await checkProfile(target.profile) : undefined;
  const override = hasEndpointOverride(target.endpointUrl, env);
  if (target.regionFlag !== undefined) return checkRegion(target.regionFlag, '--region', override);
  if (target.configRegion !== undefined) return checkRegion(target.configRegion, 'region (config)', override);
  const fromEnv = env.AWS_REGION;
  if (fromEnv !== undefined && fromEnv !== '') return checkRegion(fromEnv, 'AWS_REGION', override);
  if (profileRegion !== undefined) checkRegion(profileRegion, `region of profile ${target.profile ?? ''}`, override);
}
