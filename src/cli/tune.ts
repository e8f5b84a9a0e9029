import { type Command } from 'commander';
import { examples, globalsOf, waitOptions, withOptions } from './shared.js';

/** Declares `sagectl tune`. */
export function declareTune(program: Command): void {
  const command = program
    .command('tune')
    .description("start a hyperparameter tuning job from the config's `tuning` and `training` sections, and print the best training job")
    .addHelpText('after', examples('sagectl tune', 'sagectl tune --output json', 'sagectl deploy --from-tuning-job latest'))
    .action(async (_opts: unknown, cmd: Command) => {
      const { main } = await import('../commands/tune.js');
      await main(globalsOf(cmd), cmd.opts());
    });
  withOptions(command, waitOptions('72h'));
}
