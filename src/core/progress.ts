import type { Logger } from 'pino';
import type { PollProgress } from './poller.js';
import { formatDuration, parseDuration } from './duration.js';

/** Shows the progress of long waits: a live line on a terminal, log lines in CI. */
export interface ProgressReporter {
  report(progress: PollProgress): void;
  /** Ends the live line, if any. */
  done(): void;
  /**
   * Erases the live line and draws nothing until {@link resume}: for a question on the terminal,
   * which the next redraw would otherwise wipe out, and for a log line, which must start a line.
   * Calls nest: the line comes back when every pause has been resumed.
   */
  pause(): void;
  /** Draws the live line again where it was paused, if a wait is still reporting. */
  resume(): void;
}

export interface ProgressOptions {
  logger: Logger;
  isTTY: boolean;
  /** Where the live line goes (stderr). */
  stream?: NodeJS.WritableStream;
  /** In CI, a log line at least this often even when nothing changes. */
  heartbeatMs?: number;
}

/**
 * On a terminal: one line rewritten in place (phase · AWS status · elapsed).
 * Otherwise: one log line per status change, and a heartbeat every minute so a CI
 * log never looks hung.
 */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  return options.isTTY ? new LiveLine(options.stream ?? process.stderr) : new LogLines(options.logger, options.heartbeatMs ?? 60_000);
}

/** The environment variable that sets how often a wait without a terminal logs while nothing changes (default 1m). */
export const HEARTBEAT_ENV = 'SAGECTL_HEARTBEAT';

/**
 * The heartbeat the user asked for with `SAGECTL_HEARTBEAT`, in milliseconds, or undefined for the
 * default minute: some CI systems end a job that prints nothing for a while, others want less.
 * A malformed value is a usage error, before any request.
 */
export function heartbeatFrom(env: NodeJS.ProcessEnv): number | undefined {
  const text = env[HEARTBEAT_ENV];
  return text === undefined || text === '' ? undefined : parseDuration(text, HEARTBEAT_ENV);
}

/** How often the live line's elapsed time ticks between checks (which may be 30 s apart). */
const LIVE_TICK_MS = 1000;

class LiveLine implements ProgressReporter {
  private last: { progress: PollProgress; at: number } | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private pauses = 0;
  /** Whether the line is on screen now (so erasing it is needed, and writes nothing otherwise). */
  private shown = false;
  constructor(private readonly stream: NodeJS.WritableStream) {}

  report(progress: PollProgress): void {
    this.last = { progress, at: Date.now() };
    this.draw(progress.elapsedMs);
    // Keep the elapsed time moving between checks; unref'd so it never holds the process open.
    this.ticker ??= setInterval(() => this.draw(), LIVE_TICK_MS).unref();
  }

  done(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.erase();
    this.last = undefined;
  }

  pause(): void {
    this.pauses++;
    this.erase();
  }

  resume(): void {
    this.pauses = Math.max(0, this.pauses - 1);
    this.draw();
  }

  private erase(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  /** Draws the line; between checks the elapsed time is the last report's plus the time since. */
  private draw(elapsedMs?: number): void {
    if (!this.last || this.pauses > 0) return;
    const { progress, at } = this.last;
    const elapsed = elapsedMs ?? progress.elapsedMs + Date.now() - at;
    this.stream.write(`\r\x1b[2K${progress.phase} · ${progress.status} · ${formatDuration(elapsed)}`);
    this.shown = true;
  }
}

class LogLines implements ProgressReporter {
  private lastKey: string | undefined;
  private lastLogAt = 0;
  constructor(
    private readonly logger: Logger,
    private readonly heartbeatMs: number,
  ) {}

  report({ phase, status, elapsedMs }: PollProgress): void {
    const key = `${phase}\u0000${status}`;
    const changed = key !== this.lastKey;
    if (!changed && elapsedMs - this.lastLogAt < this.heartbeatMs) return;
    this.logger.info({ phase, status, elapsedMs }, `${phase}: ${status}${changed ? '' : ' (still)'} after ${formatDuration(elapsedMs)}`);
    this.lastKey = key;
    this.lastLogAt = elapsedMs;
  }

  done(): void {}
  pause(): void {}
  resume(): void {}
}
