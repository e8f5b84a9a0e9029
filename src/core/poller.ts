import type { Clock } from './clock.js';
import { InterruptedError, WaitTimeoutError } from './errors.js';
import { formatDuration } from './duration.js';

/** What one check of a resource found. */
export interface PollState {
  /** The AWS status shown to the user, e.g. `Creating`. */
  status: string;
  /** No further change is coming (success or failure: the caller decides which). */
  final: boolean;
}

/** A progress report, sent after every check. */
export interface PollProgress {
  phase: string;
  status: string;
  elapsedMs: number;
}

export interface PollOptions<T> {
  /** Shown in progress and errors, e.g. `endpoint churn-xgb`. */
  what: string;
  /** The phase for progress, e.g. `creating endpoint`. */
  phase: string;
  check: () => Promise<T>;
  state: (value: T) => PollState;
  timeoutMs: number;
  clock: Clock;
  signal?: AbortSignal;
  onProgress?: (progress: PollProgress) => void;
  /** Told to the user on timeout and interrupt: the resource goes on in AWS, and how to follow or remove it. */
  resolution?: string;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Backoff of the waits: start near 5 s and grow by half each time up to 30 s. */
export const DEFAULT_INITIAL_DELAY_MS = 5_000;
export const DEFAULT_MAX_DELAY_MS = 30_000;
const BACKOFF_FACTOR = 1.5;

/**
 * Checks a resource until its state is final, with backoff and a deadline.
 * The first check is immediate (a resource that is already there costs one request).
 * @returns the value of the final check.
 * @throws WaitTimeoutError when the deadline passes first; InterruptedError when `signal` aborts.
 */
export async function pollUntilFinal<T>(options: PollOptions<T>): Promise<T> {
  const { clock, signal } = options;
  const started = clock.now().getTime();
  const deadline = started + options.timeoutMs;
  let delay = options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const maxDelay = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  for (;;) {
    throwIfAborted(options);
    const value = await options.check();
    const state = options.state(value);
    const now = clock.now().getTime();
    options.onProgress?.({ phase: options.phase, status: state.status, elapsedMs: now - started });
    if (state.final) return value;
    if (now >= deadline) {
      throw new WaitTimeoutError(
        `timed out after ${formatDuration(options.timeoutMs)} waiting for ${options.what} (last status ${state.status})`,
        options.resolution,
      );
    }
    try {
      await clock.sleep(Math.min(delay, deadline - now), signal);
    } catch (error) {
      if (signal?.aborted) throwIfAborted(options);
      throw error;
    }
    delay = Math.min(maxDelay, delay * BACKOFF_FACTOR);
  }
}

function throwIfAborted(options: Pick<PollOptions<never>, 'signal' | 'what' | 'resolution'>): void {
  if (options.signal?.aborted) {
    throw new InterruptedError(`interrupted while waiting for ${options.what}`, options.resolution);
  }
}
