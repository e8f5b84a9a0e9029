import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { assertStackName } from '../../core/names.js';
import type { PauseFlags } from './cli.js';

/** What `sagectl pause` and `sagectl resume` are asked to do, every value read and checked. */
export interface PauseOptions {
  stack: string;
  dryRun: boolean;
  /** Wait until the endpoint is gone (pause) or InService (resume), at most this long; absent with --no-wait. */
  wait?: { timeoutMs: number };
}

/**
 * Reads the stack (the argument, else `--stack`, else the config's name) and the flags; a bad
 * value is a usage error (exit 2) naming it, before any request.
 */
export function parsePauseFlags(command: 'pause' | 'resume', stack: string | undefined, flags: PauseFlags): PauseOptions {
  if (stack === undefined) throw new UsageError(`${command}: name the stack`, `e.g. \`sagectl ${command} churn-xgb\``);
  assertStackName(stack);
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  return { stack, dryRun: Boolean(flags.dryRun), ...(flags.wait ? { wait: { timeoutMs } } : {}) };
}
