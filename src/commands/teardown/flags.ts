import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { assertStackName } from '../../core/names.js';
import type { TeardownFlags } from './cli.js';
import { isBulk, parseSelectionFlags, type SelectionFilters } from './selection.js';

/** What `sagectl teardown`'s arguments and flags ask for, every value read and checked. */
export interface TeardownFlagOptions {
  /** The stacks named on the command line (checked names; none means the config's, or the filters'). */
  stacks: string[];
  filters: SelectionFilters;
  dryRun: boolean;
  force: boolean;
  concurrency: number;
  includeVersions: boolean;
  /** --pause: delete only the selected stacks' endpoints, keeping what `resume` needs. */
  pause?: true;
  /** --wait, with how long at most. */
  wait?: { timeoutMs: number };
}

/** Reads teardown's arguments and flags; a bad value is a usage error (exit 2) naming the flag, before any request. */
export function parseTeardownFlags(stacks: string[], flags: TeardownFlags): TeardownFlagOptions {
  const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1, 32);
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  for (const stack of stacks) assertStackName(stack);
  const filters = parseSelectionFlags(flags);
  if (stacks.length > 0 && filters.all) throw new UsageError('--all selects every stack: do not also name stacks');
  // Versions are history: only a teardown that names its stacks may remove them.
  if (flags.includeVersions && isBulk(filters))
    throw new UsageError('--include-versions only goes with named stacks: bulk teardown never removes model versions');
  if (flags.pause && flags.includeVersions) throw new UsageError('--pause keeps every stack whole: it does not go with --include-versions');
  if (flags.pause && flags.force) throw new UsageError('--pause does not go with --force: pause refuses what sagectl does not manage');
  return {
    stacks,
    filters,
    dryRun: Boolean(flags.dryRun),
    force: Boolean(flags.force),
    concurrency,
    includeVersions: Boolean(flags.includeVersions),
    ...(flags.wait ? { wait: { timeoutMs } } : {}),
    ...(flags.pause ? { pause: true as const } : {}),
  };
}

/** A whole number within bounds; commander hands over the declared default as a number, a typed value as text. */
function wholeNumber(value: string | number, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, found "${value}"`);
  }
  return n;
}
