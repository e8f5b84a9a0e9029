import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';

/**
 * The flags that spread a command over regions and accounts (status, bulk teardown, janitor).
 * This module imports only commander, so declarations that use it keep `--help` free of the SDK;
 * the shell (src/cli.ts) also reads {@link asksForTargets} here to pick the fleet workflow.
 */
export function withTargets<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return command
    .addOption(new Option('--regions <list>', 'work in these regions, comma-separated (e.g. us-east-1,eu-west-1)'))
    .addOption(new Option('--all-regions', 'work in every region enabled for each account'))
    .addOption(new Option('--accounts <list>', 'work in these accounts, comma-separated 12-digit ids (needs --assume-role)'))
    .addOption(new Option('--organization', 'work in every active account of the AWS Organization (needs --assume-role)'))
    .addOption(new Option('--assume-role <name>', 'the role to assume in each account, by name (e.g. sagectl-fleet)'))
    .addOption(new Option('--target-concurrency <n>', '(account, region) pairs worked on at once (default: 6)'));
}

/** The region and account flags as commander parses them. */
export interface TargetFlags {
  regions?: string;
  allRegions?: true;
  accounts?: string;
  organization?: true;
  assumeRole?: string;
  targetConcurrency?: string | number;
}

/** Whether any flag asks for more than the one region and account of the credentials. */
export function asksForTargets(flags: TargetFlags): boolean {
  return flags.regions !== undefined || Boolean(flags.allRegions) || flags.accounts !== undefined || Boolean(flags.organization);
}
