import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INITIAL_DELAY_MS,
  DEFAULT_MAX_CHECKS_PER_MINUTE,
  DEFAULT_MAX_DELAY_MS,
  JITTER,
  MAX_THROTTLED_DELAY_MS,
  pollUntilFinal,
  type PollOptions,
  type PollProgress,
} from '../../../src/core/poller.js';
import { AwsRequestError, InterruptedError, WaitTimeoutError } from '../../../src/core/errors.js';
import { systemClock } from '../../../src/core/clock.js';
import { fakeClock, type FakeClock } from '../helpers/clock.js';

interface Endpoint {
  status: string;
}

/** A check that answers the given statuses in turn (the last one forever) and counts its calls. */
function statuses(...list: string[]): { check: () => Promise<Endpoint>; calls: () => number } {
  let calls = 0;
  return {
    check: async () => ({ status: list[Math.min(calls++, list.length - 1)] ?? 'Unknown' }),
    calls: () => calls,
  };
}

const isFinal = (e: Endpoint): { status: string; final: boolean } => ({ status: e.status, final: e.status === 'InService' || e.status === 'Failed' });

function options(clock: FakeClock, check: () => Promise<Endpoint>, extra: Partial<PollOptions<Endpoint>> = {}): PollOptions<Endpoint> {
  return {
    what: 'endpoint churn',
    phase: 'creating endpoint',
    check,
    state: isFinal,
    timeoutMs: 3_600_000,
    clock,
    resolution: 'follow it with `sagectl status churn`, or remove it with `sagectl teardown churn`',
    ...extra,
  };
}

describe('pollUntilFinal', () => {
  it('starts at 2 s, doubles up to 10 s, stretched by up to 20 % jitter, at most 6 checks a minute', () => {
    expect([DEFAULT_INITIAL_DELAY_MS, DEFAULT_MAX_DELAY_MS, JITTER, DEFAULT_MAX_CHECKS_PER_MINUTE]).toEqual([2_000, 10_000, 0.2, 6]);
  });

  it('checks at once and does not sleep when the resource is already final', async () => {
    const clock = fakeClock();
    const s = statuses('InService');
    await expect(pollUntilFinal(options(clock, s.check))).resolves.toEqual({ status: 'InService' });
    expect(s.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('returns the value of the final check, also for a failure (the caller decides)', async () => {
    const clock = fakeClock();
    const s = statuses('Creating', 'Failed');
    await expect(pollUntilFinal(options(clock, s.check))).resolves.toEqual({ status: 'Failed' });
    expect(s.calls()).toBe(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('sleeps 2 s, 4 s, 8 s, then 10 s; the seventh check waits until a minute after the first', async () => {
    const clock = fakeClock();
    const s = statuses(...Array<string>(9).fill('Creating'), 'InService');
    await pollUntilFinal(options(clock, s.check));
    expect(s.calls()).toBe(10);
    // Checks at 0, 2, 6, 14, 24, 34 s; the next would be the seventh within a minute, so it comes at 60 s.
    expect(clock.sleeps).toEqual([2000, 4000, 8000, 10_000, 10_000, 26_000, 10_000, 10_000, 10_000]);
  });

  it('honours a custom initial and maximum delay', async () => {
    const clock = fakeClock();
    const s = statuses('a', 'a', 'a', 'a', 'InService');
    await pollUntilFinal(options(clock, s.check, { initialDelayMs: 1000, maxDelayMs: 3000, maxChecksPerMinute: 100 }));
    expect(clock.sleeps).toEqual([1000, 2000, 3000, 3000]);
  });

  it('never sleeps past the deadline, checks once more at the deadline, then times out', async () => {
    const clock = fakeClock();
    const s = statuses('Creating');
    const started = clock.now().getTime();
    const error = await pollUntilFinal(options(clock, s.check, { timeoutMs: 20_000 })).catch((e: unknown) => e);
    // 2 + 4 + 8 = 14 s; then only 6 s are left of the 20 s, not 10.
    expect(clock.sleeps).toEqual([2000, 4000, 8000, 6000]);
    expect(clock.now().getTime() - started).toBe(20_000);
    expect(s.calls()).toBe(5);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({
      message: 'timed out after 20s waiting for endpoint churn (last status Creating)',
      exitCode: 5,
      resolution: 'follow it with `sagectl status churn`, or remove it with `sagectl teardown churn`',
    });
  });

  it('times out without a last check when the rate limit forbids one before the deadline', async () => {
    const clock = fakeClock();
    const s = statuses('Creating');
    const error = await pollUntilFinal(options(clock, s.check, { initialDelayMs: 1000, maxDelayMs: 1000, timeoutMs: 30_000 })).catch((e: unknown) => e);
    // Six checks at 0–5 s; the seventh may come only at 60 s, past the 30 s deadline: none is sent.
    expect(s.calls()).toBe(6);
    expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000, 1000, 25_000]);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe('timed out after 30s waiting for endpoint churn (last status Creating)');
  });

  it('a final state seen at the deadline wins over the timeout', async () => {
    const clock = fakeClock();
    const s = statuses('Creating', 'Creating', 'InService');
    await expect(pollUntilFinal(options(clock, s.check, { timeoutMs: 5_000 }))).resolves.toEqual({ status: 'InService' });
    expect(clock.sleeps).toEqual([2000, 3000]);
  });

  it('with a zero timeout checks exactly once', async () => {
    const clock = fakeClock();
    const s = statuses('Creating');
    await expect(pollUntilFinal(options(clock, s.check, { timeoutMs: 0 }))).rejects.toThrow(
      'timed out after 0ms waiting for endpoint churn (last status Creating)',
    );
    expect(s.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('counts time spent in the check against the deadline', async () => {
    const clock = fakeClock();
    let calls = 0;
    const slow = async (): Promise<Endpoint> => {
      calls++;
      clock.advance(4000);
      return { status: 'Creating' };
    };
    await expect(pollUntilFinal(options(clock, slow, { timeoutMs: 9_000 }))).rejects.toBeInstanceOf(WaitTimeoutError);
    // check (4 s) → sleep 2 s → check (to 10 s, past the deadline) → timeout.
    expect(clock.sleeps).toEqual([2000]);
    expect(calls).toBe(2);
  });

  it('reports progress after every check with the phase, status and elapsed time', async () => {
    const clock = fakeClock();
    const reports: PollProgress[] = [];
    const s = statuses('Creating', 'Creating', 'InService');
    await pollUntilFinal(options(clock, s.check, { onProgress: (p) => reports.push(p) }));
    expect(reports).toEqual([
      { phase: 'creating endpoint', status: 'Creating', elapsedMs: 0 },
      { phase: 'creating endpoint', status: 'Creating', elapsedMs: 2000 },
      { phase: 'creating endpoint', status: 'InService', elapsedMs: 6000 },
    ]);
  });

  it('reports the last check before a timeout too', async () => {
    const clock = fakeClock();
    const reports: PollProgress[] = [];
    await expect(pollUntilFinal(options(clock, statuses('Updating').check, { timeoutMs: 2000, onProgress: (p) => reports.push(p) }))).rejects.toBeInstanceOf(
      WaitTimeoutError,
    );
    expect(reports.map((r) => [r.status, r.elapsedMs])).toEqual([
      ['Updating', 0],
      ['Updating', 2000],
    ]);
  });

  it('propagates an error thrown by the check, without retrying it', async () => {
    const clock = fakeClock();
    const failure = new Error('DescribeEndpoint refused');
    let calls = 0;
    const check = async (): Promise<Endpoint> => {
      calls++;
      throw failure;
    };
    await expect(pollUntilFinal(options(clock, check))).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('waits on through throttling that outlasted the SDK retries: the delay doubles up to 60 s, and returns to the schedule after', async () => {
    const clock = fakeClock();
    const throttled = new AwsRequestError('DescribeEndpoint', 'ThrottlingException', 'Rate exceeded');
    const answers: (string | Error)[] = ['Creating', throttled, throttled, throttled, throttled, 'Creating', 'InService'];
    let calls = 0;
    const check = async (): Promise<Endpoint> => {
      const next = answers[Math.min(calls++, answers.length - 1)];
      if (next instanceof Error) throw next;
      return { status: next ?? 'Unknown' };
    };
    const reports: PollProgress[] = [];
    await expect(pollUntilFinal(options(clock, check, { onProgress: (p) => reports.push(p) }))).resolves.toEqual({ status: 'InService' });
    expect(calls).toBe(7);
    // 2 s, then throttled: 20 s, 40 s, 60 s, 60 s (never above MAX_THROTTLED_DELAY_MS), then the schedule goes on where it was.
    expect(clock.sleeps).toEqual([2000, 20_000, 40_000, MAX_THROTTLED_DELAY_MS, MAX_THROTTLED_DELAY_MS, 4000]);
    expect(reports.map((r) => r.status)).toEqual(['Creating', 'Creating', 'InService']);
  });

  it('times out when throttling lasts to the deadline, saying so', async () => {
    const clock = fakeClock();
    let calls = 0;
    const check = async (): Promise<Endpoint> => {
      if (calls++ === 0) return { status: 'Creating' };
      throw new AwsRequestError('DescribeEndpoint', 'ThrottlingException', 'Rate exceeded');
    };
    const error = await pollUntilFinal(options(clock, check, { timeoutMs: 90_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe('timed out after 1m 30s waiting for endpoint churn (last status Creating, then throttled)');
  });

  it('a refusal that is not throttling still ends the wait at once', async () => {
    const clock = fakeClock();
    const denied = new AwsRequestError('DescribeEndpoint', 'AccessDeniedException', 'not authorized');
    await expect(
      pollUntilFinal(
        options(clock, async () => {
          throw denied;
        }),
      ),
    ).rejects.toBe(denied);
    expect(clock.sleeps).toEqual([]);
  });

  it('stretches each delay by the jitter, never shortens it', async () => {
    const clock = fakeClock();
    clock.random = () => 0.5;
    const s = statuses('a', 'a', 'a', 'InService');
    await pollUntilFinal(options(clock, s.check));
    expect(clock.sleeps).toEqual([2200, 4400, 8800]);
  });

  it('does not check at all when the signal is already aborted', async () => {
    const clock = fakeClock();
    const s = statuses('InService');
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    const error = await pollUntilFinal(options(clock, s.check, { signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(error).toMatchObject({
      message: 'interrupted while waiting for endpoint churn',
      exitCode: 130,
      resolution: 'follow it with `sagectl status churn`, or remove it with `sagectl teardown churn`',
    });
    expect(s.calls()).toBe(0);
  });

  it('stops with InterruptedError (130) when aborted during a check', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    let calls = 0;
    const check = async (): Promise<Endpoint> => {
      calls++;
      if (calls === 2) controller.abort(new Error('interrupted'));
      return { status: 'Creating' };
    };
    const error = await pollUntilFinal(options(clock, check, { signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('stops with InterruptedError when aborted during a real sleep, without waiting it out', async () => {
    const controller = new AbortController();
    const s = statuses('Creating');
    const started = Date.now();
    const waiting = pollUntilFinal(
      options(fakeClock(), s.check, { clock: systemClock, signal: controller.signal, initialDelayMs: 60_000, maxDelayMs: 60_000 }),
    );
    setTimeout(() => controller.abort(new Error('interrupted')), 20);
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(s.calls()).toBe(1);
  });

  it('rethrows a sleep failure that is not an abort', async () => {
    const clock = fakeClock();
    const broken = new Error('clock broke');
    clock.sleep = () => Promise.reject(broken);
    await expect(pollUntilFinal(options(clock, statuses('Creating').check, { signal: new AbortController().signal }))).rejects.toBe(broken);
  });
});
