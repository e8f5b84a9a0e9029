import { Option, type Command } from 'commander';
import type { GlobalOptions } from './runner.js';

/**
 * Pieces every command declaration uses. Declarations (src/cli/*.ts) import only commander and
 * this file; the command module, and with it the AWS SDK, is imported inside the action.
 */

/** `--no-wait` and `--timeout`, for commands that wait. */
export const waitOptions = (defaultTimeout: string): Option[] => [
  new Option('--no-wait', 'return once AWS accepted the request, without waiting'),
  new Option('--timeout <duration>', 'give up waiting after this long (e.g. 90s, 30m, 1h)').default(defaultTimeout),
];

/** `--dry-run`, for commands that change anything. */
export const dryRunOption = (): Option => new Option('--dry-run', 'print the plan and change nothing');

/** The program-level options, wherever they stood on the command line. */
export function globalsOf(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

/** An "Examples:" block for `--help`. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Adds options to a command. */
export function withOptions(command: Command, options: Option[]): Command {
  for (const option of options) command.addOption(option);
  return command;
}
