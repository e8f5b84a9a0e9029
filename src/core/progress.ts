import type { Logger } from 'pino';
import type { PollProgress } from './poller.js';
import { formatDuration } from './duration.js';

/** Shows the progress of long waits: a live line on a terminal, log lines in CI. */
export interface ProgressReporter {
  report(progress: PollProgress): void;
  /** Ends the live line, if any. */
  done(): void;
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

/** How often the live line's elapsed time ticks between checks (which may be 30 s apart). */
const LIVE_TICK_MS = 1000;

class LiveLine implements ProgressReporter {
  private last: { progress: PollProgress; at: number } | undefined;
  private ticker: NodeJS.Timeout | undefined;
  constructor(private readonly stream: NodeJS.WritableStream) {}

  report(progress: PollProgress): void {
    this.last = { progress, at: Date.now() };
    this.draw(progress.elapsedMs);
    // Keep the elapsed time moving between checks; unref'd so it never holds the process open.
    this.ticker ??= setInterval(() => this.last && this.draw(this.last.progress.elapsedMs + Date.now() - this.last.at), LIVE_TICK_MS).unref();
  }

  done(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.last) this.stream.write('\r\x1b[2K');
    this.last = undefined;
  }

  private draw(elapsedMs: number): void {
    const { phase, status } = this.last!.progress;
    this.stream.write(`\r\x1b[2K${phase} · ${status} · ${formatDuration(elapsedMs)}`);
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
}
