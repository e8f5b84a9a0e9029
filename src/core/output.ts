import type { Writable } from 'node:stream';
import { UsageError } from './errors.js';

export type OutputFormat = 'text' | 'json';

/** Checks `--output`. */
export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`--output: expected text or json, found "${value}"`);
}

/**
 * Writes a command's result to stdout: text for people, or exactly one JSON document.
 * Commands return values and never print them; this is the only writer of stdout.
 */
export class OutputWriter {
  private written = false;

  constructor(
    readonly format: OutputFormat,
    private readonly stdout: Writable = process.stdout,
    /** Whether stdout is a terminal: the shell's decision, made once. */
    private readonly isTerminal = false,
  ) {}

  /** Writes the result once; `text` renders it for people. */
  result<T>(value: T, text: (value: T) => string): void {
    if (this.written) throw new Error('OutputWriter.result called twice: stdout must hold one document');
    this.written = true;
    // JSON.stringify(undefined) is undefined, not a string: a void result is the document `null`.
    const body = this.format === 'json' ? (JSON.stringify(value, null, 2) ?? 'null') : text(value);
    if (body.length > 0) this.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  }

  /**
   * Writes data exactly as given (a prediction, so it pipes unchanged), once. Only on a terminal
   * is a final line break added when missing, so the shell prompt does not run on after it.
   */
  bytes(data: Uint8Array): void {
    if (this.written) throw new Error('OutputWriter.bytes called after a result: stdout must hold one document');
    this.written = true;
    if (data.byteLength > 0) this.stdout.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    if (this.isTerminal && data[data.byteLength - 1] !== 0x0a) this.stdout.write('\n');
  }
}
