import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import type { BaselineFlags, DriftFlags } from './cli.js';

/** What `sagectl drift`'s flags ask for, every value read and checked. */
export interface DriftFlagOptions {
  sinceMs: number;
  maxRecords?: number;
  concurrency: number;
}

/** The longest window: capture files are listed one hour folder at a time. */
const MAX_WINDOW_DAYS = 90;

/** Reads drift's flags; a bad value is a usage error (exit 2) naming the flag, before any request. */
export function parseDriftFlags(flags: DriftFlags): DriftFlagOptions {
  const sinceMs = parseDuration(flags.since, '--since');
  if (sinceMs > MAX_WINDOW_DAYS * 86_400_000) throw new UsageError(`--since: expected at most ${MAX_WINDOW_DAYS}d, found "${flags.since}"`);
  return {
    sinceMs,
    ...(flags.maxRecords !== undefined ? { maxRecords: wholeNumber(flags.maxRecords, '--max-records', 1, 1_000_000_000) } : {}),
    concurrency: wholeNumber(flags.concurrency, '--concurrency', 1, 32),
  };
}

function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, found "${value}"`);
  return n;
}

/** What `sagectl baseline`'s flags ask for: the output baseline's window, if any (exit 2 naming the flag when wrong). */
export function parseBaselineFlags(flags: BaselineFlags): { outputsSinceMs?: number } {
  if (flags.outputsSince === undefined) return {};
  const outputsSinceMs = parseDuration(flags.outputsSince, '--outputs-since');
  if (outputsSinceMs > MAX_WINDOW_DAYS * 86_400_000)
    throw new UsageError(`--outputs-since: expected at most ${MAX_WINDOW_DAYS}d, found "${flags.outputsSince}"`);
  return { outputsSinceMs };
}
