import { Command, Option } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';
import { withTargets } from '../../cli/target-options.js';

/** `sagectl status`: its flags and help, written once; src/cli.ts attaches the action. */
export function statusCommand() {
  return withTargets(
    new Command('status')
      .argument('[stack]')
      .description('show managed stacks: endpoint status, variants, instances, creation and update times')
      .addHelpText(
        'after',
        examples(
          'sagectl status',
          'sagectl status churn-xgb --output json',
          'sagectl status --idle 24h   # what a cron teardown --idle 24h would pick',
          'sagectl status --regions us-east-1,eu-west-1 --accounts 111122223333,444455556666 --assume-role sagectl-fleet',
        ),
      )
      .addOption(new Option('--idle <duration>', 'also show invocations over this window and which stacks are idle')),
  );
}

/** The status flags as commander parses them, inferred from {@link statusCommand}. */
export type StatusFlags = ReturnType<ReturnType<typeof statusCommand>['opts']>;
