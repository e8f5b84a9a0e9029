import { Option, type Command } from 'commander';
import { examples, globalsOf, waitOptions, withOptions } from '../../cli/options.js';

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
