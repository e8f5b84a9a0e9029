import type { Logger } from 'pino';
import type { Config } from './schema.js';
import type { Clock } from './clock.js';
import type { ClientOptions } from './clients.js';
import type { ProgressReporter } from './progress.js';

/**
 * What every command workflow gets: the validated config, the logger, time, progress, the
 * interrupt signal and how to ask the user. Workflows take this plus their services and options,
 * so they run in tests with fakes and no CLI.
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
  clientOptions: ClientOptions;
}
