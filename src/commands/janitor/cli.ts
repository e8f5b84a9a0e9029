import { Command, Option } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';
import { withTargets } from '../../cli/target-options.js';

/** The settings install and template share: what each run does and how often. */
function withSettings(command: Command) {
  return withTargets(
    command
      .addOption(new Option('--idle <duration>', 'tear down (or pause) stacks idle for this long').default('24h'))
      .addOption(new Option('--every <duration>', 'run this often (EventBridge Scheduler rate)').default('1h'))
      .addOption(new Option('--pause', 'pause idle stacks instead of deleting them'))
      .addOption(new Option('--dry-run', 'each run selects and reports, and deletes nothing'))
      .addOption(new Option('--log-retention <days>', 'days the run reports are kept in the log group').default('30')),
  );
}

/** `sagectl janitor install|status|remove|template`: declarations only; src/cli.ts attaches the actions. */
export function janitorCommands() {
  const install = withSettings(new Command('install'))
    .description('install (or update) the cleanup inside AWS: a schedule invoking a function that runs `teardown --idle`')
    .addOption(new Option('--alarm-topic <arn>', 'SNS topic the errors alarm notifies'));
  const status = withTargets(new Command('status')).description(
    "the janitor's schedule, settings, alarm and its last runs' reports (with --regions/--accounts: the janitor of each (account, region))",
  );
  const remove = new Command('remove').description('remove the janitor: schedule, alarm, function, log group and roles');
  const template = withSettings(new Command('template'))
    .description('print the janitor as a CloudFormation template (for StackSets across an organization)')
    .addOption(new Option('--zip <path>', "also write the function's code zip here, to upload to S3"));
  const janitor = new Command('janitor')
    .description('the fleet cleanup, run by AWS on a schedule (EventBridge Scheduler + Lambda) instead of a cron machine')
    .addHelpText(
      'after',
      examples(
        'sagectl janitor install --idle 24h --every 1h',
        'sagectl janitor install --idle 12h --pause --regions us-east-1,eu-west-1',
        'sagectl janitor status',
        'sagectl janitor status --regions us-east-1,eu-west-1 --organization --assume-role sagectl-fleet',
        'sagectl janitor template --zip janitor.zip > janitor.json   # for CloudFormation StackSets',
        'sagectl janitor remove',
      ),
    );
  return { janitor, install, status, remove, template };
}

/** The install flags as commander parses them. */
export type JanitorInstallFlags = ReturnType<ReturnType<typeof janitorCommands>['install']['opts']>;
/** The template flags as commander parses them. */
export type JanitorTemplateFlags = ReturnType<ReturnType<typeof janitorCommands>['template']['opts']>;
