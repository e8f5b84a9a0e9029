import { Option, type Command, type CommandUnknownOpts, type OptionValues } from '@commander-js/extra-typings';
import type { GlobalOptions } from './global-options.js';

/**
 * The global options, and the pieces every command declaration uses. Declarations
 * (src/commands/<workflow>/cli.ts) import only commander and this file, so `--help` loads
 * neither the AWS SDK nor zod. Commander is imported through `@commander-js/extra-typings`: the
 * same runtime, with each command's `opts()` typed from its declaration, so a flag's name, type
 * and default are written once, where it is declared.
 */

/** `--no-wait` and `--timeout`, for commands that wait; the default timeout is the command's own. */
export function withWait<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues, const T extends string>(
  command: Command<Args, Opts, Globals>,
  defaultTimeout: T,
) {
  return command
    .addOption(new Option('--no-wait', 'return once AWS accepted the request, without waiting'))
    .addOption(new Option('--timeout <duration>', 'give up waiting after this long (e.g. 90s, 30m, 1h)').default(defaultTimeout));
}

/** `--dry-run`, for commands that change anything. */
export const dryRunOption = () => new Option('--dry-run', 'print the plan and change nothing');

/** The program-level options, wherever they stood on the command line. */
export function globalsOf(command: CommandUnknownOpts): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  return root.opts();
}

/** An "Examples:" block for `--help`. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
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
  new Option('--query <expression>', "JMESPath expression selecting part of the --output json result (as in the AWS CLI), e.g. 'endpoint.status'"),
  new Option('--log-level <level>', 'log level on stderr').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  new Option('--log-format <format>', 'log format on stderr (default: pretty on a terminal, json otherwise)').choices(['pretty', 'json']),
  new Option('-y, --yes', 'do not ask for confirmation (for CI and cron)'),
  new Option('--no-color', 'no colour in logs (also NO_COLOR=1; FORCE_COLOR=1 forces it, even into a file)'),
];

/** For a repeatable option: each use adds one value. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
