import { Option, type Command } from 'commander';
import { examples, globalsOf, withOptions } from '../../cli/options.js';

/** Declares `sagectl logs`. */
export function declareLogs(program: Command): void {
  const command = program
    .command('logs')
    .argument('[name]', "a training job or an endpoint (default: the stack's endpoint)")
    .description("print or follow a training job's or an endpoint's CloudWatch logs")
    .addHelpText(
      'after',
      examples('sagectl logs churn-xgb-20261125100000 --follow', 'sagectl logs churn-xgb', 'sagectl logs churn-xgb-20261125100000 --output json'),
    )
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      const { main } = await import('./index.js');
      await main(globalsOf(cmd), name, cmd.opts());
    });
  withOptions(command, [
    new Option('-f, --follow', 'keep printing new lines: a training job until it ends, an endpoint until Ctrl-C'),
    new Option('--timeout <duration>', 'stop following after this long').default('24h'),
  ]);
}
