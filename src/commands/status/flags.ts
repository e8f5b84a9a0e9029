import { parseDuration } from '../../core/duration.js';
import type { StatusFlags } from './cli.js';

/** What `sagectl status`'s flags ask for. */
export interface StatusFlagOptions {
  /** --idle: the window over which invocations are counted. */
  idleMs?: number;
}

/** Reads status's flags; a bad duration is a usage error (exit 2) naming the flag. */
export function parseStatusFlags(flags: StatusFlags): StatusFlagOptions {
  return flags.idle !== undefined ? { idleMs: parseDuration(flags.idle, '--idle') } : {};
}
