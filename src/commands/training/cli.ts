import { Option, type Command } from 'commander';
import { examples, globalsOf, waitOptions, withOptions } from '../../cli/options.js';

/** Declares `sagectl train`. */
export function declareTrain(program: Command): void {
  const command = program
    .command('train')
    .description("start a training job from the config's `training` section, stream its logs, and print the model artifact")
    .addHelpText('after', examples('sagectl train', 'sagectl train --output json --no-logs', 'sagectl train --no-wait', 'sagectl train --stop-on-interrupt', 'sagectl train --register'))
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
