import { Argument, Command } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl monitor enable|disable`: its arguments and help; src/cli.ts attaches the action. */
export function monitorCommand() {
  return new Command('monitor')
    .addArgument(new Argument('<action>', 'enable or disable').choices(['enable', 'disable'] as const))
    .argument('[stack]')
    .description("hand the drift check to Model Monitor: a data-quality job definition on the stack's baseline and an hourly schedule (or remove both)")
    .addHelpText(
      'after',
      examples('sagectl monitor enable', 'sagectl monitor disable churn-xgb', 'sagectl status churn-xgb   # the schedule and its last run'),
    );
}
