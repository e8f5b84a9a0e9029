import { Option, type Command } from 'commander';
import { examples, globalsOf, withOptions } from '../../cli/options.js';

/** Declares `sagectl status`. */
export function declareStatus(program: Command): void {
  const command = program
    .command('status [stack]')
    .description('show managed stacks: endpoint status, variants, instances, creation and update times')
    .addHelpText(
      'after',
      examples('sagectl status', 'sagectl status churn-xgb --output json', 'sagectl status --idle 24h   # what a cron teardown --idle 24h would pick'),
    )
    .action(async (stack: string | undefined, _opts: unknown, cmd: Command) => {
      const { main } = await import('./index.js');
      await main(globalsOf(cmd), stack, cmd.opts());
    });
  withOptions(command, [new Option('--idle <duration>', 'also show invocations over this window and which stacks are idle')]);
}
