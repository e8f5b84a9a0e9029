import { Command } from '@commander-js/extra-typings';
import { dryRunOption, examples, withWait } from '../../cli/options.js';

/** `sagectl pause`: its flags and help, written once; src/cli.ts attaches the action. */
export function pauseCommand() {
  return withWait(
    new Command('pause')
      .argument('[stack]')
      .description('delete only the endpoint (what bills by the hour), keeping models, configs, versions and the API; `resume` brings it back')
      .addHelpText(
        'after',
        examples('sagectl pause churn-xgb', 'sagectl pause churn-xgb --dry-run', 'sagectl teardown --idle 24h --pause --yes   # pause what is idle'),
      )
      .addOption(dryRunOption()),
    '30m',
  );
}

/** `sagectl resume`: its flags and help, written once; src/cli.ts attaches the action. */
export function resumeCommand() {
  return withWait(
    new Command('resume')
      .argument('[stack]')
      .description('recreate a paused stack’s endpoint on the config it served when paused, and wait until it is InService')
      .addHelpText('after', examples('sagectl resume churn-xgb', 'sagectl resume churn-xgb --no-wait --output json'))
      .addOption(dryRunOption()),
    '30m',
  );
}

/** The pause and resume flags as commander parses them (both commands declare the same ones). */
export type PauseFlags = ReturnType<ReturnType<typeof pauseCommand>['opts']>;
