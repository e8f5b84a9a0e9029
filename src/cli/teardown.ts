import { Option, type Command } from 'commander';
import { dryRunOption, examples, globalsOf, withOptions } from './shared.js';

/** Declares `sagectl teardown`. */
export function declareTeardown(program: Command): void {
  const command = program
    .command('teardown [stacks...]')
    .description("delete stacks: API, Lambda, role, endpoint, endpoint configs and models tagged with the stack's name")
    .addHelpText('after', examples('sagectl teardown churn-xgb', 'sagectl teardown exp-$BUILD_ID --yes --output json', 'sagectl teardown churn-xgb --dry-run'))
    .action(async (stacks: string[], _opts: unknown, cmd: Command) => {
      const { main } = await import('../commands/teardown.js');
      await main(globalsOf(cmd), stacks, cmd.opts());
    });
  withOptions(command, [
    dryRunOption(),
    new Option('--force', 'also delete resources that carry the stack name but not the sagectl:managed-by tag'),
    new Option('--concurrency <n>', 'stacks deleted at once').default('4'),
  ]);
}
