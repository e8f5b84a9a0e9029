import type { Clock } from './clock.js';
import { InterruptedError, WaitTimeoutError, isThrottling } from './errors.js';
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
  /** At most this many checks start in any 60 s (SageMaker's Describe* share an account-wide rate). */
  maxChecksPerMinute?: number;
}

/**
 * The schedule of the waits: a quick start (2 s, then doubling) for what finishes in seconds, then
 * every 10 s for the minutes an endpoint takes, so a change is noticed about 5 s after it happens
 * (the AWS CLI's waiters poll every 30 s: 15 s on average). Each delay is stretched by up to
 * {@link JITTER} so that many waits started together (a fleet teardown, parallel CI jobs) spread
 * out instead of hitting DescribeEndpoint in step; stretched, never shortened, so the steady
 * state stays within {@link DEFAULT_MAX_CHECKS_PER_MINUTE}.
 */
export const DEFAULT_INITIAL_DELAY_MS = 2_000;
export const DEFAULT_MAX_DELAY_MS = 10_000;
export const DEFAULT_MAX_CHECKS_PER_MINUTE = 6;
const BACKOFF_FACTOR = 2;
export const JITTER = 0.2;
/** How far throttling (that outlasted the SDK's own retries) stretches the delay: doubling up to this. */
export const MAX_THROTTLED_DELAY_MS = 60_000;
const MINUTE_MS = 60_000;

/**
 * Checks a resource until its state is final, with backoff and a deadline.
 * The first check is immediate (a resource that is already there costs one request). A check
 * refused as throttled (after the SDK's retries) is not fatal: the next one comes later, the delay
 * doubling while the throttling lasts, until the deadline.
 * @returns the value of the final check.
 * @throws WaitTimeoutError when the deadline passes first; InterruptedError when `signal` aborts.
 */
export async function pollUntilFinal<T>(options: PollOptions<T>): Promise<T> {
  const { clock, signal } = options;
  const random = (): number => (clock.random ? clock.random() : Math.random());
  const started = clock.now().getTime();
  const deadline = started + options.timeoutMs;
  const maxDelay = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const perMinute = options.maxChecksPerMinute ?? DEFAULT_MAX_CHECKS_PER_MINUTE;
  let delay = Math.min(maxDelay, options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS);
  let throttledDelay = 0;
  let lastStatus = 'unknown';
  /** When each check started, the last `perMinute` of them: the next may start a minute after the oldest. */
  const starts: number[] = [];
  for (;;) {
    throwIfAborted(options);
    starts.push(clock.now().getTime());
    if (starts.length > perMinute) starts.shift();
    let throttled = false;
    try {
      const value = await options.check();
      const state = options.state(value);
      lastStatus = state.status;
      options.onProgress?.({ phase: options.phase, status: state.status, elapsedMs: clock.now().getTime() - started });
      if (state.final) return value;
      throttledDelay = 0;
    } catch (error) {
      if (!isThrottling(error)) throw error;
      throttled = true;
      throttledDelay = Math.min(MAX_THROTTLED_DELAY_MS, Math.max(throttledDelay, maxDelay) * 2);
    }
    const now = clock.now().getTime();
    if (now >= deadline) throw timedOut(options, lastStatus, throttled);
    const wanted = now + (throttled ? throttledDelay : delay) * (1 + JITTER * random());
    const allowed = starts.length >= perMinute ? (starts[0] ?? now) + MINUTE_MS : now;
    const wake = Math.max(wanted, allowed);
    try {
      // Never past the deadline: the last check comes at it, unless the rate forbids one there.
      await clock.sleep(Math.min(wake, deadline) - now, signal);
    } catch (error) {
      if (signal?.aborted) throwIfAborted(options);
      throw error;
    }
    if (allowed > deadline) throw timedOut(options, lastStatus, throttled);
    if (!throttled) delay = Math.min(maxDelay, delay * BACKOFF_FACTOR);
  }
}

function timedOut(options: Pick<PollOptions<never>, 'timeoutMs' | 'what' | 'resolution'>, status: string, throttled: boolean): WaitTimeoutError {
  return new WaitTimeoutError(
    `timed out after ${formatDuration(options.timeoutMs)} waiting for ${options.what} (last status ${status}${throttled ? ', then throttled' : ''})`,
    options.resolution,
  );
}

function throwIfAborted(options: Pick<PollOptions<never>, 'signal' | 'what' | 'resolution'>): void {
  if (options.signal?.aborted) {
    throw new InterruptedError(`interrupted while waiting for ${options.what}`, options.resolution);
  }
}
