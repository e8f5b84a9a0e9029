import { Command, Option } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl baseline`: its help, written once; src/cli.ts attaches the action. */
export function baselineCommand() {
  return new Command('baseline')
    .argument('[stack]')
    .description("statistics of the training data (monitoring.baseline) written beside the capture prefix, in Model Monitor's format")
    .addHelpText('after', examples('sagectl baseline', 'sagectl baseline --outputs-since 24h', 'sagectl baseline churn-xgb --output json'))
    .addOption(
      new Option('--outputs-since <duration>', "also take the model's answers captured in the last DURATION (a window you trust) as the output baseline"),
    );
}

/** The baseline flags as commander parses them. */
export type BaselineFlags = ReturnType<ReturnType<typeof baselineCommand>['opts']>;

/** `sagectl drift`: its flags and help. */
export function driftCommand() {
  return new Command('drift')
    .argument('[stack]')
    .description('compare the traffic captured in a window with the baseline, feature by feature; exit 7 when a feature drifted')
    .addHelpText(
      'after',
      examples('sagectl drift --since 24h', 'sagectl drift churn-xgb --since 7d --max-records 100000 --output json', 'sagectl drift --since 24h || notify'),
    )
    .addOption(new Option('--since <duration>', 'the window: traffic captured in the last DURATION').default('24h'))
    .addOption(new Option('--max-records <n>', 'read at most N captured requests per variant, newest first'))
    .addOption(new Option('--concurrency <n>', 'capture files read at once').default('4'));
}

/** The drift flags as commander parses them, inferred from {@link driftCommand}. */
export type DriftFlags = ReturnType<ReturnType<typeof driftCommand>['opts']>;
