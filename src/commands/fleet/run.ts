import type { CommandContext } from '../../core/context.js';
import type { ClientOptions, CredentialProvider, TemporaryCredentials } from '../../core/clients.js';
import { mapLimit } from '../../core/concurrency.js';
import { ExitCode, exitCodeOf, messageOf } from '../../core/errors.js';
import type { OrganizationsService } from '../../services/organizations.js';
import type { RegionsService } from '../../services/regions.js';
import type { StsService } from '../../services/sts.js';
import { roleArn, type TargetSpec } from './targets.js';

/** One (account, region) pair to work in, with the client options that reach it. */
export interface FleetTarget {
  account: string;
  region: string;
  clientOptions: ClientOptions;
}

/** What one (account, region) gave: its result, or why it could not be worked in (the others go on). */
export interface TargetReport<R> {
  account: string;
  /** `*` when the whole account refused (its role could not be assumed, its regions not listed). */
  region: string;
  result?: R;
  error?: string;
  /** The exit code of the refusal (3 for AccessDenied, 6 for no answer…). */
  code?: ExitCode;
}

/** The services that find the targets, built with given client options (the caller's, or an assumed role's). */
export interface TargetServices {
  sts(options: ClientOptions): Promise<Pick<StsService, 'callerAccount' | 'assumeRole'>>;
  organizations(options: ClientOptions): Promise<Pick<OrganizationsService, 'activeAccounts'>>;
  regions(options: ClientOptions): Promise<Pick<RegionsService, 'enabledRegions'>>;
}

/** Refresh assumed credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * A credential provider for a role in another account: assumed on first use, assumed again
 * shortly before the credentials expire (a long teardown outlives one hour).
 */
export function assumedRole(sts: Pick<StsService, 'assumeRole'>, arn: string, now: () => Date): CredentialProvider {
  let current: Promise<TemporaryCredentials> | undefined;
  return async () => {
    const held = current ? await current.catch(() => undefined) : undefined;
    const fresh = held && (!held.expiration || held.expiration.getTime() - now().getTime() > REFRESH_MARGIN_MS);
    if (!fresh) current = sts.assumeRole(arn, 'sagectl-fleet');
    return current!;
  };
}

/**
 * Every (account, region) the spec names. Accounts are the caller's, those listed, or the
 * organization's active ones; in each, the role is assumed once up front, so an account that
 * refuses is reported once (region `*`) and the others go on. Regions are those listed, or each
 * account's enabled regions.
 */
export async function resolveTargets(
  ctx: CommandContext,
  spec: TargetSpec,
  services: TargetServices,
): Promise<{ targets: FleetTarget[]; refused: TargetReport<never>[] }> {
  const base = ctx.clientOptions;
  const home = base.region ?? (spec.regions === 'all' ? 'us-east-1' : spec.regions[0]!);
  const homeOptions = { ...base, region: home };
  const accounts: { account: string; options: ClientOptions }[] = [];
  const refused: TargetReport<never>[] = [];
  if (spec.accounts === undefined) {
    const account = await (await services.sts(homeOptions)).callerAccount().catch(() => 'current');
    accounts.push({ account, options: homeOptions });
  } else {
    const ids = spec.accounts === 'organization' ? await (await services.organizations(homeOptions)).activeAccounts() : spec.accounts;
    const sts = await services.sts(homeOptions);
    await mapLimit(ids, spec.concurrency, async (account) => {
      const credentials = assumedRole(sts, roleArn(account, spec.assumeRole!, home), () => ctx.clock.now());
      try {
        await credentials();
        accounts.push({ account, options: { ...homeOptions, credentials } });
      } catch (error) {
        ctx.logger.error(`account ${account}: could not assume role ${spec.assumeRole}: ${messageOf(error)}`);
        refused.push({ account, region: '*', error: `could not assume role ${spec.assumeRole}: ${messageOf(error)}`, code: exitCodeOf(error) });
      }
    });
  }
  const targets: FleetTarget[] = [];
  await mapLimit(accounts, spec.concurrency, async ({ account, options }) => {
    let regions: string[];
    try {
      regions = spec.regions === 'all' ? await (await services.regions(options)).enabledRegions() : spec.regions;
    } catch (error) {
      refused.push({ account, region: '*', error: `could not list its enabled regions: ${messageOf(error)}`, code: exitCodeOf(error) });
      return;
    }
    for (const region of regions) targets.push({ account, region, clientOptions: { ...options, region } });
  });
  const order = (a: { account: string; region: string }, b: { account: string; region: string }): number =>
    a.account.localeCompare(b.account) || a.region.localeCompare(b.region);
  return { targets: targets.sort(order), refused: refused.sort(order) };
}

/**
 * Runs `work` in every target, at most `concurrency` at once (the one bound over the fleet);
 * a target that fails is reported with its reason and exit code, and the others go on.
 */
export async function forEachTarget<R>(
  ctx: CommandContext,
  targets: readonly FleetTarget[],
  concurrency: number,
  work: (target: FleetTarget) => Promise<R>,
): Promise<TargetReport<R>[]> {
  return mapLimit(targets, concurrency, async (t): Promise<TargetReport<R>> => {
    try {
      return { account: t.account, region: t.region, result: await work(t) };
    } catch (error) {
      ctx.logger.error(`account ${t.account} region ${t.region}: ${messageOf(error)}`);
      return { account: t.account, region: t.region, error: messageOf(error), code: exitCodeOf(error) };
    }
  });
}

/** The exit code of a fleet run: the worst of the targets' (a refused target is at least 3). */
export function fleetExitCode<R>(reports: readonly TargetReport<R>[], codeOf: (result: R) => ExitCode = () => ExitCode.Ok): ExitCode {
  let worst: ExitCode = ExitCode.Ok;
  for (const r of reports) {
    const code = r.result !== undefined ? codeOf(r.result) : Math.max(r.code ?? ExitCode.AwsRefused, ExitCode.AwsRefused);
    if (code !== ExitCode.Ok && (worst === ExitCode.Ok || code > worst)) worst = code as ExitCode;
  }
  return worst;
}

/** `account 111122223333, us-east-1` — the heading of a target's block in a report. */
export function targetHeading(r: { account: string; region: string }): string {
  return `== account ${r.account}, ${r.region === '*' ? 'every region' : r.region} ==`;
}
