import { Option, type Command } from 'commander';
import { examples, globalsOf, waitOptions, withOptions } from '../../cli/options.js';

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
