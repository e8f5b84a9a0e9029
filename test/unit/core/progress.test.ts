import { describe, expect, it, vi } from 'vitest';
import { createProgressReporter, HEARTBEAT_ENV, heartbeatFrom } from '../../../src/core/progress.js';
import { UsageError } from '../../../src/core/errors.js';
import { recordingLogger } from '../helpers/logger.js';
import { memoryStream } from '../helpers/streams.js';

const CLEAR = '\r\x1b[2K';

describe('progress on a terminal (live line)', () => {
  it('rewrites one line in place: phase · status · elapsed', () => {
    const stream = memoryStream();
    const log = recordingLogger();
    const progress = createProgressReporter({ logger: log.logger, isTTY: true, stream });
    progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 0 });
    progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 252_000 });
    expect(stream.text()).toBe(`${CLEAR}creating endpoint · Creating · 0ms${CLEAR}creating endpoint · Creating · 4m 12s`);
    expect(log.lines()).toEqual([]);
  });

  it('clears the line when done, once', () => {
    const stream = memoryStream();
    const progress = createProgressReporter({ logger: recordingLogger().logger, isTTY: true, stream });
    progress.report({ phase: 'updating endpoint', status: 'Updating', elapsedMs: 5000 });
    progress.done();
    progress.done();
    expect(stream.text()).toBe(`${CLEAR}updating endpoint · Updating · 5s${CLEAR}`);
  });

  it('keeps the elapsed time ticking between checks, and stops ticking when done', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const stream = memoryStream();
      const progress = createProgressReporter({ logger: recordingLogger().logger, isTTY: true, stream });
      progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 10_000 });
      vi.advanceTimersByTime(2000);
      expect(stream.text()).toBe(
        `${CLEAR}creating endpoint · Creating · 10s${CLEAR}creating endpoint · Creating · 11s${CLEAR}creating endpoint · Creating · 12s`,
      );
      progress.done();
      const after = stream.text();
      vi.advanceTimersByTime(5000);
      expect(stream.text()).toBe(after);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes nothing when done before any report', () => {
    const stream = memoryStream();
    createProgressReporter({ logger: recordingLogger().logger, isTTY: true, stream }).done();
    expect(stream.text()).toBe('');
  });
});

describe('progress in CI (log lines)', () => {
  it('logs one info line per status change, none for repeats within a minute', () => {
    const stream = memoryStream();
    const log = recordingLogger();
    const progress = createProgressReporter({ logger: log.logger, isTTY: false, stream });
    progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 0 });
    progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 5000 });
    progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 59_999 });
    progress.report({ phase: 'creating endpoint', status: 'InService', elapsedMs: 62_000 });
    progress.done();
    expect(log.lines().map((l) => [l.level, l.msg, l.phase, l.status, l.elapsedMs])).toEqual([
      [30, 'creating endpoint: Creating after 0ms', 'creating endpoint', 'Creating', 0],
      [30, 'creating endpoint: InService after 1m 2s', 'creating endpoint', 'InService', 62_000],
    ]);
    expect(stream.text()).toBe('');
  });

  it('logs a heartbeat after a minute without change, then a minute after that heartbeat', () => {
    const log = recordingLogger();
    const progress = createProgressReporter({ logger: log.logger, isTTY: false });
    for (const elapsedMs of [0, 30_000, 60_000, 90_000, 119_999, 120_000]) progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs });
    expect(log.lines().map((l) => l.msg)).toEqual([
      'creating endpoint: Creating after 0ms',
      'creating endpoint: Creating (still) after 1m',
      'creating endpoint: Creating (still) after 2m',
    ]);
  });

  it('a change of phase with the same status is a change', () => {
    const log = recordingLogger();
    const progress = createProgressReporter({ logger: log.logger, isTTY: false });
    progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 0 });
    progress.report({ phase: 'updating endpoint', status: 'Creating', elapsedMs: 1000 });
    expect(log.lines().map((l) => l.msg)).toEqual(['creating endpoint: Creating after 0ms', 'updating endpoint: Creating after 1s']);
  });

  it('honours a custom heartbeat', () => {
    const log = recordingLogger();
    const progress = createProgressReporter({ logger: log.logger, isTTY: false, heartbeatMs: 10_000 });
    for (const elapsedMs of [0, 9_999, 10_000]) progress.report({ phase: 'p', status: 's', elapsedMs });
    expect(log.lines().map((l) => l.msg)).toEqual(['p: s after 0ms', 'p: s (still) after 10s']);
  });
});

describe('progress on a terminal: pausing for a question or a log line', () => {
  it('erases the line while paused, draws nothing then (not even on a tick), and draws it again on resume', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const stream = memoryStream();
      const progress = createProgressReporter({ logger: recordingLogger().logger, isTTY: true, stream });
      progress.report({ phase: 'training job churn-1', status: 'Training', elapsedMs: 40_000 });
      progress.pause();
      stream.write('Stop training job churn-1? [y/N] ');
      // A prompt stays visible however long nobody answers: ticks and reports draw nothing.
      vi.advanceTimersByTime(5000);
      progress.report({ phase: 'training job churn-1', status: 'Training', elapsedMs: 45_000 });
      expect(stream.text()).toBe(`${CLEAR}training job churn-1 · Training · 40s${CLEAR}Stop training job churn-1? [y/N] `);
      progress.resume();
      expect(stream.text().endsWith(`Stop training job churn-1? [y/N] ${CLEAR}training job churn-1 · Training · 45s`)).toBe(true);
      progress.done();
    } finally {
      vi.useRealTimers();
    }
  });

  it('nested pauses keep the line away until the last resume; nothing is erased that was not drawn', () => {
    const stream = memoryStream();
    const progress = createProgressReporter({ logger: recordingLogger().logger, isTTY: true, stream });
    progress.pause();
    progress.resume();
    expect(stream.text()).toBe('');
    progress.report({ phase: 'p', status: 's', elapsedMs: 1000 });
    progress.pause();
    progress.pause();
    progress.resume();
    expect(stream.text()).toBe(`${CLEAR}p · s · 1s${CLEAR}`);
    progress.resume();
    expect(stream.text().endsWith(`${CLEAR}p · s · 1s`)).toBe(true);
    progress.done();
  });
});

describe('heartbeatFrom (SAGECTL_HEARTBEAT)', () => {
  it('reads a duration, and nothing (the default minute) when unset or empty', () => {
    expect(heartbeatFrom({ [HEARTBEAT_ENV]: '5s' })).toBe(5_000);
    expect(heartbeatFrom({ [HEARTBEAT_ENV]: '10m' })).toBe(600_000);
    expect(heartbeatFrom({})).toBeUndefined();
    expect(heartbeatFrom({ [HEARTBEAT_ENV]: '' })).toBeUndefined();
  });

  it('refuses a malformed value as a usage error naming the variable', () => {
    expect(() => heartbeatFrom({ [HEARTBEAT_ENV]: 'often' })).toThrow(UsageError);
    expect(() => heartbeatFrom({ [HEARTBEAT_ENV]: 'often' })).toThrow('SAGECTL_HEARTBEAT: expected a duration such as 90s, 30m, 24h or 7d, found "often"');
  });
});
