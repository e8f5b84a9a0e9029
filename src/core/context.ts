import type { Logger } from 'pino';
import type { Config } from './schema.js';
import type { Clock } from './clock.js';
import type { ClientOptions } from './clients.js';
import type { ProgressReporter } from './progress.js';
import type { LogFormat } from './logger.js';
import type { GitInfo } from './tags.js';

/** Where a command writes one line of text (the line break is added). */
export type LineWriter = (line: string) => void;

/**
 * What every command workflow gets: the validated config, the logger, time, progress, the
 * interrupt signal and how to ask the user. Workflows take this plus their services and options,
 * so they run in tests with fakes and no CLI. What depends on the process (terminals, colour,
 * git, the streams) is decided once by the shell and carried here: commands never read `process`.
 */
export interface CommandContext {
  config: Config;
  configFile?: string;
  logger: Logger;
  clock: Clock;
  progress: ProgressReporter;
  /** Aborted on Ctrl-C; waits stop and say what was left running. */
  signal: AbortSignal;
  /** Whether a person is at a terminal who can be asked. */
  interactive: boolean;
  /** Asks a yes/no question; only called when `interactive`. */
  confirm(question: string): Promise<boolean>;
  /** Asks a question whose answer is text; an empty answer takes the suggestion. Only called when `interactive`. */
  ask(question: string, suggestion?: string): Promise<string>;
  clientOptions: ClientOptions;
  /** Which of stdin, stdout and stderr are terminals. */
  terminal: { stdin: boolean; stdout: boolean; stderr: boolean };
  /** The standard input (invoke's payload), with the shell's answer to "is it a terminal". */
  stdin: AsyncIterable<Buffer | string> & { isTTY: boolean };
  /** Whether output for people may be coloured (src/cli/terminal.ts: --no-color, FORCE_COLOR, NO_COLOR, a terminal). */
  color: boolean;
  /** How stderr logs: pretty lines for people, JSON lines for machines. */
  logFormat: LogFormat;
  /** Lines of the result streamed as they come (logs without --output json): stdout. */
  out: LineWriter;
  /**
   * Lines for people while a command waits (a training job's log lines): stderr, after clearing
   * the live progress line, which the next report draws again below.
   */
  err: LineWriter;
  /** The working directory (init writes its file there and names the stack after it). */
  cwd: string;
  /** The region the environment names (AWS_REGION, then AWS_DEFAULT_REGION), for defaults offered to people. */
  environmentRegion?: string;
  /** The working directory's git commit: read once, on first call, without blocking the event loop. */
  git(): Promise<GitInfo | undefined>;
}
