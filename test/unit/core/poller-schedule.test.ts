import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pollUntilFinal, type PollOptions } from '../../../src/core/poller.js';
import { AwsRequestError } from '../../../src/core/errors.js';
import { fakeClock } from '../helpers/clock.js';

// The wait schedule as a whole, over a fake clock: how late a change is noticed (issue: median
// at most 10 s over the whole wait, where the AWS CLI's 30 s waiters average 15 s) and how many
// Describe calls that costs (at most 6 in any minute, throttled or not).

const MINUTE = 60_000;

/** A seeded generator in [0, 1) (mulberry32), so the jitter is random and the test replayable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  /** When each check started, ms after the wait began. */
  starts: number[];
  /** When the check that saw the change started. */
  noticedAt: number;
}

/** Waits on a resource that becomes final `changeAt` ms after the wait starts; `throttledAt(i)` makes check i throttled. */
async function waitFor(changeAt: number, random: () => number, throttledAt: (i: number) => boolean = () => false): Promise<Run> {
  const clock = fakeClock();
  clock.random = random;
  const t0 = clock.now().getTime();
  const starts: number[] = [];
  const options: PollOptions<boolean> = {
    what: 'endpoint churn',
    phase: 'creating endpoint',
    timeoutMs: 4 * 60 * MINUTE,
    clock,
    check: async () => {
      const at = clock.now().getTime() - t0;
      starts.push(at);
      if (throttledAt(starts.length - 1)) throw new AwsRequestError('DescribeEndpoint', 'ThrottlingException', 'Rate exceeded');
      return at >= changeAt;
    },
    state: (done) => ({ status: done ? 'InService' : 'Creating', final: done }),
  };
  await pollUntilFinal(options);
  return { starts, noticedAt: starts.at(-1) ?? 0 };
}

/** The most check starts in any window [t, t + 60 s). */
function busiestMinute(starts: number[]): number {
  let most = 0;
  for (let i = 0; i < starts.length; i++) {
    const first = starts[i] ?? 0;
    most = Math.max(most, starts.filter((s) => s >= first && s < first + MINUTE).length);
  }
  return most;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

describe('the wait schedule', () => {
  it('notices a change a median 6 s late (at most 10 s) over changes spread across 0–30 min, with at most 6 checks in any minute', async () => {
    const random = seeded(17);
    const lags: number[] = [];
    // Every 3.7 s over 30 minutes (487 waits): not a divisor of the poll interval, so the
    // change times fall all over the gaps between checks.
    for (let changeAt = 0; changeAt <= 30 * MINUTE; changeAt += 3_700) {
      const run = await waitFor(changeAt, random);
      lags.push(run.noticedAt - changeAt);
      expect(busiestMinute(run.starts)).toBeLessThanOrEqual(6);
    }
    const lag = median(lags);
    expect(lag).toBeLessThanOrEqual(10_000);
    // Pinned near what the schedule gives (10–12 s steps: about 5.5 s), so a slower schedule shows up here.
    expect(lag).toBeGreaterThan(4_000);
    expect(lag).toBeLessThan(7_000);
    // Never later than one full step (10 s stretched by the 20 % jitter), but for the one-time
    // wait of the first minute's rate limit.
    expect(Math.max(...lags.filter((_, i) => i * 3_700 > MINUTE))).toBeLessThanOrEqual(12_000);
  });

  it('a 15-minute create is noticed within a step, at about 90 checks (the AWS CLI: about 30, and up to 30 s late)', async () => {
    const run = await waitFor(15 * MINUTE + 1, seeded(15));
    expect(run.noticedAt - 15 * MINUTE).toBeLessThanOrEqual(12_000);
    expect(run.starts.length).toBeGreaterThan(70);
    expect(run.starts.length).toBeLessThanOrEqual(15 * 6 + 1);
  });

  it('never starts more than 6 checks in a minute, whatever the jitter and the throttling', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 * MINUTE }), fc.integer(), fc.array(fc.boolean(), { maxLength: 40 }), async (changeAt, seed, throttles) => {
        const run = await waitFor(changeAt, seeded(seed), (i) => throttles[i] ?? false);
        expect(busiestMinute(run.starts)).toBeLessThanOrEqual(6);
        // Noticed at the first unthrottled check after the change, never before it.
        expect(run.noticedAt).toBeGreaterThanOrEqual(changeAt);
      }),
      { numRuns: 200 },
    );
  });
});
