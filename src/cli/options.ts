import { Option, type Command } from 'commander';
import type { GlobalOptions } from './runner.js';

/**
 * The global options, and the pieces every command declaration uses. Declarations
 * (src/commands/<workflow>/cli.ts) import only commander and
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

/** Global options as data (DESIGN.md "Global options"). */
export const GLOBAL_OPTIONS: Option[] = [
  new Option('-c, --config <path>', 'config file (default: sagectl.yaml, .yml or .json in the working directory)'),
  new Option('-s, --stack <name>', "stack name; overrides the config's `name`"),
  new Option('--region <region>', 'AWS region (default: config, then AWS_REGION / profile)'),
  new Option('--profile <name>', 'AWS profile from ~/.aws/config'),
  new Option('--endpoint-url <url>', 'send every AWS request here (e.g. a local emulator); AWS_ENDPOINT_URL works too'),
  new Option(
    '--request-timeout <duration>',
    'give up on an AWS request unanswered after this long, per attempt (default: 30s, invoke 90s; SAGECTL_REQUEST_TIMEOUT)',
  ),
  new Option('-o, --output <format>', 'result format on stdout').choices(['text', 'json']).default('text'),
  new Option('--log-level <level>', 'log level on stderr').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  new Option('--log-format <format>', 'log format on stderr (default: pretty on a terminal, json otherwise)').choices(['pretty', 'json']),
  new Option('-y, --yes', 'do not ask for confirmation (for CI and cron)'),
];

/** For a repeatable option: each use adds one value. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
