import { Command, Option } from '@commander-js/extra-typings';
import { collect, dryRunOption, examples } from '../../cli/options.js';
import { withTargets } from '../../cli/target-options.js';

/** `sagectl teardown`: its flags, their defaults and its help, written once; src/cli.ts attaches the action. */
export function teardownCommand() {
  return withTargets(
    new Command('teardown')
      .argument('[stacks...]')
      .description('delete stacks (API, Lambda, role, endpoint, configs, models), named or selected from the managed fleet')
      .addHelpText(
        'after',
        examples(
          'sagectl teardown churn-xgb',
          'sagectl teardown exp-$BUILD_ID --yes --output json',
          'sagectl teardown --idle 24h --yes --output json      # cron: idle endpoints',
          'sagectl teardown --older-than 7d --tag team=ml --dry-run',
          'sagectl teardown --idle 24h --pause --yes                # pause what is idle, keep the rest',
          'sagectl teardown --idle 24h --yes --all-regions --organization --assume-role sagectl-fleet',
        ),
      )
      .addOption(new Option('--all', 'every stack sagectl manages in the region (protected ones excepted)'))
      .addOption(new Option('--idle <duration>', 'stacks whose endpoint had no invocations over this window (e.g. 24h)'))
      .addOption(new Option('--older-than <duration>', 'stacks whose endpoint (or newest resource) is older than this (e.g. 7d)'))
      .addOption(new Option('--tag <key=value>', 'stacks carrying this tag (repeatable; all must match)').argParser(collect))
      .addOption(dryRunOption())
      .addOption(new Option('--force', 'also delete protected stacks named here, and resources without the sagectl:managed-by tag'))
      .addOption(new Option('--concurrency <n>', 'stacks deleted at once').default(4))
      .addOption(
        new Option('--include-versions', "also delete the stack's model versions and their group (kept by default: they are the history; never in bulk)"),
      )
      .addOption(new Option('--pause', 'pause the selected stacks instead (delete only their endpoints; `sagectl resume` brings them back)'))
      .addOption(new Option('--wait', 'wait until the endpoints are really gone'))
      .addOption(new Option('--timeout <duration>', 'with --wait, give up after this long').default('30m')),
  );
}

/** The teardown flags as commander parses them, inferred from {@link teardownCommand}. */
export type TeardownFlags = ReturnType<ReturnType<typeof teardownCommand>['opts']>;
