import { Option, type Command } from 'commander';
import { collect, dryRunOption, examples, globalsOf, withOptions } from '../../cli/options.js';

/** Declares `sagectl teardown`. */
export function declareTeardown(program: Command): void {
  const command = program
    .command('teardown [stacks...]')
    .description('delete stacks (API, Lambda, role, endpoint, configs, models), named or selected from the managed fleet')
    .addHelpText(
      'after',
      examples(
        'sagectl teardown churn-xgb',
        'sagectl teardown exp-$BUILD_ID --yes --output json',
        'sagectl teardown --idle 24h --yes --output json      # cron: idle endpoints',
        'sagectl teardown --older-than 7d --tag team=ml --dry-run',
      ),
    )
    .action(async (stacks: string[], _opts: unknown, cmd: Command) => {
      const { main } = await import('./index.js');
      await main(globalsOf(cmd), stacks, cmd.opts());
    });
  withOptions(command, [
    new Option('--all', 'every stack sagectl manages in the region (protected ones excepted)'),
    new Option('--idle <duration>', 'stacks whose endpoint had no invocations over this window (e.g. 24h)'),
    new Option('--older-than <duration>', 'stacks whose endpoint (or newest resource) is older than this (e.g. 7d)'),
    new Option('--tag <key=value>', 'stacks carrying this tag (repeatable; all must match)').argParser(collect),
    dryRunOption(),
    new Option('--force', 'also delete protected stacks named here, and resources without the sagectl:managed-by tag'),
    new Option('--concurrency <n>', 'stacks deleted at once').default('4'),
    new Option('--include-versions', "also delete the stack's model versions and their group (kept by default: they are the history; never in bulk)"),
    new Option('--wait', 'wait until the endpoints are really gone'),
    new Option('--timeout <duration>', 'with --wait, give up after this long').default('30m'),
  ]);
}
