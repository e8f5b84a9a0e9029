import { type Command } from 'commander';
import { examples, globalsOf } from './shared.js';

/** Declares `sagectl status`. */
export function declareStatus(program: Command): void {
  program
    .command('status [stack]')
    .description('show managed stacks: endpoint status, variants, instances, creation and update times')
    .addHelpText('after', examples('sagectl status', 'sagectl status churn-xgb --output json'))
    .action(async (stack: string | undefined, _opts: unknown, cmd: Command) => {
      const { main } = await import('../commands/status.js');
      await main(globalsOf(cmd), stack);
    });
}
