import { Command, Option } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl logs`: its flags, their defaults and its help, written once; src/cli.ts attaches the action. */
export function logsCommand() {
  return new Command('logs')
    .argument('[name]', "a training job or an endpoint (default: the stack's endpoint)")
    .description("print or follow a training job's or an endpoint's CloudWatch logs")
    .addHelpText(
      'after',
      examples('sagectl logs churn-xgb-20261125100000 --follow', 'sagectl logs churn-xgb', 'sagectl logs churn-xgb-20261125100000 --output json'),
    )
    .addOption(new Option('-f, --follow', 'keep printing new lines: a training job until it ends, an endpoint until Ctrl-C'))
    .addOption(new Option('--timeout <duration>', 'stop following after this long').default('24h'));
}

/** The logs flags as commander parses them, inferred from {@link logsCommand}. */
export type LogsFlags = ReturnType<ReturnType<typeof logsCommand>['opts']>;
