import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('now() is the current time', () => {
    expect(systemClock.now().toISOString()).toBe('2026-11-25T10:00:00.000Z');
    vi.advanceTimersByTime(1500);
    expect(systemClock.now().toISOString()).toBe('2026-11-25T10:00:01.500Z');
  });

  it('sleep resolves after the time given, not before', async () => {
    let done = false;
    const sleeping = systemClock.sleep(5000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it('sleep rejects with the reason when the signal aborts first, and clears its timer', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sleep rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('already');
    controller.abort(reason);
    await expect(systemClock.sleep(60_000, controller.signal)).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sleep stops listening to the signal once it resolves', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const sleeping = systemClock.sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await sleeping;
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
    // A later abort must not reject anything (an unhandled rejection would fail the run).
    controller.abort(new Error('late'));
  });
});
