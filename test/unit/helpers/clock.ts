import type { Clock } from '../../../src/core/clock.js';

/** A clock that never waits: `sleep` moves time forward and records how long each sleep was. */
export interface FakeClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
  /** The jitter's source: 0 (no jitter) unless a test sets another, so schedules read exactly. */
  random: () => number;
}

export function fakeClock(start = new Date('2026-11-25T10:00:00Z')): FakeClock {
  let now = start.getTime();
  const sleeps: number[] = [];
  return {
    sleeps,
    random: () => 0,
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}
