import { Command, Option } from '@commander-js/extra-typings';
import { examples, withWait } from '../../cli/options.js';

/** `sagectl train`: its flags, their defaults and its help, written once; src/cli.ts attaches the action. */
export function trainCommand() {
  return withWait(
    new Command('train')
      .description("start a training job from the config's `training` section, stream its logs, and print the model artifact")
      .addHelpText(
        'after',
        examples(
          'sagectl train',
          'sagectl train --output json --no-logs',
          'sagectl train --no-wait',
          'sagectl train --stop-on-interrupt',
          'sagectl train --register',
        ),
      ),
    '24h',
  )
    .addOption(new Option('--no-logs', "do not stream the job's CloudWatch logs to stderr while waiting"))
    .addOption(new Option('--stop-on-interrupt', 'on Ctrl-C, stop the training job without asking'))
    .addOption(new Option('--register', "register the completed job's model as the stack's next model version, with its lineage"))
    .addOption(new Option('--approve', 'with --register, register the version Approved (default: PendingManualApproval)'));
}

/** `sagectl tune`: its flags, their defaults and its help, written once. */
export function tuneCommand() {
  return withWait(
    new Command('tune')
      .description("start a hyperparameter tuning job from the config's `tuning` and `training` sections, and print the best training job")
      .addHelpText('after', examples('sagectl tune', 'sagectl tune --output json', 'sagectl tune --register', 'sagectl deploy --from-tuning-job latest')),
    '72h',
  )
    .addOption(new Option('--register', "register the best training job's model as the stack's next model version, with its lineage"))
    .addOption(new Option('--approve', 'with --register, register the version Approved (default: PendingManualApproval)'));
}

/** `sagectl transform`: its flags, their defaults and its help, written once. */
export function transformCommand() {
  return withWait(
    new Command('transform')
      .description("run a batch transform job over the config's `transform.input` with the stack's current model")
      .addHelpText('after', examples('sagectl transform', 'sagectl transform --model churn-xgb-AllTraffic-20261125100000')),
    '24h',
  ).addOption(new Option('--model <name>', "a model by name instead of the one the stack's endpoint runs"));
}

/** The train flags as commander parses them, inferred from {@link trainCommand}. */
export type TrainFlags = ReturnType<ReturnType<typeof trainCommand>['opts']>;
/** The tune flags as commander parses them, inferred from {@link tuneCommand}. */
export type TuneFlags = ReturnType<ReturnType<typeof tuneCommand>['opts']>;
/** The transform flags as commander parses them, inferred from {@link transformCommand}. */
export type TransformFlags = ReturnType<ReturnType<typeof transformCommand>['opts']>;
