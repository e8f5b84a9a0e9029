import { parseDuration } from '../../core/duration.js';
import type { LogsFlags } from './cli.js';

/** What `sagectl logs`'s flags ask for. */
export interface LogsFlagOptions {
  follow: boolean;
  timeoutMs: number;
}

/** Reads logs's flags; a bad duration is a usage error (exit 2) naming the flag. */
export function parseLogsFlags(flags: LogsFlags): LogsFlagOptions {
  return { follow: Boolean(flags.follow), timeoutMs: parseDuration(flags.timeout, '--timeout') };
}
