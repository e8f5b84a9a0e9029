import { UsageError } from '../../core/errors.js';
import { parseDuration, formatDuration } from '../../core/duration.js';
import type { TargetSpec } from '../fleet/targets.js';

/**
 * What the janitor does on each run. The schedule sends it as the event, so the schedule is the
 * one record of the settings (`janitor status` reads them back from it), and the function runs
 * exactly what the schedule says.
 */
export interface JanitorSettings {
  /** The idle window, as written (`24h`). */
  idle: string;
  /** Pause idle stacks instead of deleting them. */
  pause: boolean;
  /** Report what would be done, change nothing. */
  dryRun: boolean;
  /** Regions other than the function's own, or every enabled one. */
  regions?: string[] | 'all';
  accounts?: string[] | 'organization';
  assumeRole?: string;
  targetConcurrency: number;
}

/** The event the schedule sends the function. */
export interface JanitorEvent {
  source: 'sagectl.janitor';
  settings: JanitorSettings;
}

/** The fixed names of the janitor's resources (one janitor per account and region). */
export const JANITOR = {
  function: 'sagectl-janitor',
  role: 'sagectl-janitor-role',
  schedulerRole: 'sagectl-janitor-scheduler-role',
  schedule: 'sagectl-janitor',
  logGroup: '/aws/lambda/sagectl-janitor',
  alarm: 'sagectl-janitor-errors',
  policy: 'sagectl-janitor',
} as const;

/** The tag that marks the janitor's resources; they carry no `sagectl:stack`, so no teardown ever selects them. */
export const JANITOR_TAG = 'sagectl:janitor';

/** `rate(1 hour)` from `1h`: EventBridge Scheduler's rate expression, at least one minute. */
export function rateExpression(everyMs: number): string {
  const minutes = everyMs / 60_000;
  if (!Number.isInteger(minutes) || minutes < 1) throw new UsageError(`--every: expected whole minutes, at least 1m, found "${formatDuration(everyMs)}"`);
  if (minutes % 1440 === 0) return rate(minutes / 1440, 'day');
  if (minutes % 60 === 0) return rate(minutes / 60, 'hour');
  return rate(minutes, 'minute');
}

function rate(n: number, unit: string): string {
  return `rate(${n} ${unit}${n === 1 ? '' : 's'})`;
}

/**
 * Reads an event as the function receives it: anything else than a janitor event with valid
 * settings is refused, so a mistaken invocation deletes nothing.
 */
export function settingsOfEvent(event: unknown): JanitorSettings {
  const e = event as Partial<JanitorEvent> | undefined;
  if (e?.source !== 'sagectl.janitor' || typeof e.settings !== 'object') throw new UsageError('not a sagectl janitor event: nothing done');
  const s = e.settings;
  parseDuration(s.idle, 'settings.idle');
  if (typeof s.pause !== 'boolean' || typeof s.dryRun !== 'boolean')
    throw new UsageError('janitor event: settings.pause and settings.dryRun must be true or false');
  return s;
}

/** The fleet the settings name, for the fleet runner; undefined for the function's own account and region only. */
export function targetSpecOf(s: JanitorSettings, ownRegion: string): TargetSpec | undefined {
  if (s.regions === undefined && s.accounts === undefined) return undefined;
  return {
    regions: s.regions ?? [ownRegion],
    ...(s.accounts !== undefined ? { accounts: s.accounts } : {}),
    ...(s.assumeRole !== undefined ? { assumeRole: s.assumeRole } : {}),
    concurrency: s.targetConcurrency,
  };
}
