import ms from 'ms';
import { UsageError } from './errors.js';

/**
 * Parses a duration such as `90s`, `30m`, `24h` or `7d` into milliseconds.
 * A bare number is refused: `--timeout 30` is ambiguous (seconds? minutes?).
 * @param what names the flag or config path in the error, e.g. `--timeout`.
 * @param options.allowZero accept `0s` (a bake or termination wait of none; SageMaker allows 0).
 */
export function parseDuration(text: string, what: string, options: { allowZero?: boolean } = {}): number {
  const trimmed = text.trim();
  const value = /^\d+(\.\d+)?\s*[a-z]+$/i.test(trimmed) ? ms(trimmed as ms.StringValue) : undefined;
  if (value === undefined || !Number.isFinite(value) || value < 0 || (value === 0 && !options.allowZero)) {
    throw new UsageError(`${what}: expected a duration such as 90s, 30m, 24h or 7d, found "${text}"`);
  }
  return value;
}

/** Formats milliseconds for people: `4m 12s`, `1h 3m`, `850ms`. */
export function formatDuration(millis: number): string {
  if (millis < 1000) return `${Math.round(millis)}ms`;
  const totalSeconds = Math.round(millis / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}
