import { Option, type Command } from 'commander';
import { examples, globalsOf, waitOptions, withOptions } from '../../cli/options.js';

/** Declares `sagectl train`. */
export function declareTrain(program: Command): void {
  const command = program
    .command('train')
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
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const { main } = await import('./train.js');
      await main(globalsOf(cmd), cmd.opts());
    });
  withOptions(command, [
    ...waitOptions('24h'),
    new Option('--no-logs', "do not stream the job's CloudWatch logs to stderr while waiting"),
    new Option('--stop-on-interrupt', 'on Ctrl-C, stop the training job without asking'),
    new Option('--register', "register the completed job's model as the stack's next model version, with its lineage"),
    new Option('--approve', 'with --register, register the version Approved (default: PendingManualApproval)'),
  ]);
}

/** Declares `sagectl tune`. */
export function declareTune(program: Command): void {
  const command = program
    .command('tune')
    .description("start a hyperparameter tuning job from the config's `tuning` and `training` sections, and print the best training job")
    .addHelpText('after', examples('sagectl tune', 'sagectl tune --output json', 'sagectl tune --register', 'sagectl deploy --from-tuning-job latest'))
    .action(async (_opts: unknown, cmd: Command) => {
      const { main } = await import('./tune.js');
      await main(globalsOf(cmd), cmd.opts());
    });
  withOptions(command, [
    ...waitOptions('72h'),
    new Option('--register', "register the best training job's model as the stack's next model version, with its lineage"),
    new Option('--approve', 'with --register, register the version Approved (default: PendingManualApproval)'),
  ]);
}

/** Declares `sagectl transform`. */
export function declareTransform(program: Command): void {
  const command = program
    .command('transform')
    .description("run a batch transform job over the config's `transform.input` with the stack's current model")
    .addHelpText('after', examples('sagectl transform', 'sagectl transform --model churn-xgb-AllTraffic-20261125100000'))
    .action(async (_opts: unknown, cmd: Command) => {
      const { main } = await import('./transform.js');
      await main(globalsOf(cmd), cmd.opts());
    });
  withOptions(command, [...waitOptions('24h'), new Option('--model <name>', "a model by name instead of the one the stack's endpoint runs")]);
}
