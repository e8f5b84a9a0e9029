import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import type { TrainFlags, TransformFlags, TuneFlags } from './cli.js';

/** What `sagectl train`'s flags ask for, every value read and checked. */
export interface TrainFlagOptions {
  wait: boolean;
  timeoutMs: number;
  /** Stream the job's CloudWatch logs to stderr while waiting (`--no-logs` turns it off). */
  logs: boolean;
  stopOnInterrupt: boolean;
  /** --register, and with it --approve. */
  register?: { approve: boolean };
}

/** What `sagectl tune`'s flags ask for. */
export interface TuneFlagOptions {
  wait: boolean;
  timeoutMs: number;
  register?: { approve: boolean };
}

/** What `sagectl transform`'s flags ask for. */
export interface TransformFlagOptions {
  wait: boolean;
  timeoutMs: number;
  model?: string;
}

/** The refusal of `--register --no-wait`: only a Completed job has a model to register. */
export function registerNeedsWait(): UsageError {
  return new UsageError(
    '--register needs the job Completed: it cannot run with --no-wait',
    'drop --no-wait, or register later with `sagectl register --from-training-job <name>`',
  );
}

function registration(flags: { register?: true | undefined; approve?: true | undefined }): { register?: { approve: boolean } } {
  if (flags.approve && !flags.register) throw new UsageError('--approve goes with --register');
  return flags.register ? { register: { approve: Boolean(flags.approve) } } : {};
}

/** Reads train's flags; a bad value is a usage error (exit 2) naming the flag, before any request. */
export function parseTrainFlags(flags: TrainFlags): TrainFlagOptions {
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  const register = registration(flags);
  if (register.register && !flags.wait) throw registerNeedsWait();
  return { wait: flags.wait, timeoutMs, logs: flags.logs, stopOnInterrupt: Boolean(flags.stopOnInterrupt), ...register };
}

/** Reads tune's flags; a bad value is a usage error (exit 2) naming the flag, before any request. */
export function parseTuneFlags(flags: TuneFlags): TuneFlagOptions {
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  const register = registration(flags);
  if (register.register && !flags.wait) throw new UsageError('--register needs the tuning job Completed: it cannot run with --no-wait');
  return { wait: flags.wait, timeoutMs, ...register };
}

/** Reads transform's flags; a bad value is a usage error (exit 2) naming the flag, before any request. */
export function parseTransformFlags(flags: TransformFlags): TransformFlagOptions {
  return { wait: flags.wait, timeoutMs: parseDuration(flags.timeout, '--timeout'), ...(flags.model !== undefined ? { model: flags.model } : {}) };
}
