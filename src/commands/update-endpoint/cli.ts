import { Command, Option } from '@commander-js/extra-typings';
import { collect, dryRunOption, examples, withWait } from '../../cli/options.js';

/** `sagectl update-endpoint`: its flags, their defaults and its help, written once; src/cli.ts attaches the action. */
export function updateEndpointCommand() {
  const command = new Command('update-endpoint')
    .argument('[stack]')
    .description(
      'put a new model on a live endpoint with no loss of service (all-at-once, canary, linear, auto-rollback); A/B variants, weights, promotion, rollback',
    )
    .addHelpText(
      'after',
      examples(
        'sagectl update-endpoint churn-xgb --model-data s3://bucket/output/model.tar.gz',
        'sagectl update-endpoint churn-xgb --from-training-job latest --strategy canary --canary-percent 10 --bake 10m --rollback-alarm churn-xgb-5xx',
        'sagectl update-endpoint churn-xgb --add-variant green --weight 0.1 --image <ecr image uri>',
        'sagectl update-endpoint churn-xgb --weights AllTraffic=0.5,green=0.5',
        'sagectl update-endpoint churn-xgb --promote green',
        'sagectl update-endpoint churn-xgb --rollback',
        'sagectl update-endpoint churn-xgb --model-version latest-approved',
        'sagectl update-endpoint churn-xgb --rollback --to-version 3',
        'sagectl update-endpoint churn-xgb --rollback --to-config churn-xgb-20261101120000 --dry-run',
        'sagectl update-endpoint churn-xgb --model-data s3://bucket/v2/model.tar.gz --smoke-test smoke.csv --rollback-on-smoke-failure',
      ),
    )
    .addOption(new Option('--model-data <s3-uri>', 'the new model artifact (model.tar.gz)'))
    .addOption(new Option('--image <uri>', 'the new inference container image'))
    .addOption(new Option('--from-training-job <name|latest>', "the artifact of a training job, or `latest` (the stack's newest completed one)"))
    .addOption(new Option('--from-tuning-job <name|latest>', 'the best training job of a tuning job, or `latest`'))
    .addOption(
      // Not `--version`: commander reads the global `-V, --version` anywhere on the line.
      new Option('--model-version <n|latest-approved>', 'the model from this registered version of the stack (see `sagectl versions`); it must be Approved'),
    )
    .addOption(new Option('--allow-unapproved', 'with --model-version or --to-version, put a version live that is not Approved'))
    .addOption(new Option('--variant <name>', 'the variant that gets the new model (needed when the endpoint has several)'))
    .addOption(new Option('--strategy <strategy>', 'how traffic moves to the new fleet').choices(['all-at-once', 'canary', 'linear']))
    .addOption(new Option('--canary-percent <n>', 'canary size: share of capacity in the first step'))
    .addOption(new Option('--canary-instances <n>', 'canary size: instances in the first step'))
    .addOption(new Option('--linear-percent <n>', 'linear step size: share of capacity per step'))
    .addOption(new Option('--linear-instances <n>', 'linear step size: instances per step'))
    .addOption(new Option('--bake <duration>', 'wait between traffic steps (0s–1h)'))
    .addOption(new Option('--termination-wait <duration>', 'keep the old fleet this long after the shift (0s–1h)'))
    .addOption(new Option('--max-execution-time <duration>', 'give the whole deployment at most this long (10m–8h)'))
    .addOption(new Option('--rollback-alarm <name>', 'CloudWatch alarm that rolls the update back (repeatable, at most 10)').argParser(collect))
    .addOption(new Option('--add-variant <name>', 'add an A/B variant with its own model beside the current ones'))
    .addOption(new Option('--weight <w>', 'traffic weight of the variant --add-variant adds'))
    .addOption(new Option('--instance-type <type>', 'instance type of the variant --add-variant adds (default: that of the first variant)'))
    .addOption(new Option('--instance-count <n>', 'instance count of the variant --add-variant adds'))
    .addOption(new Option('--weights <list>', 'set traffic weights in place, e.g. blue=0.9,green=0.1'))
    .addOption(new Option('--instances <list>', 'set instance counts in place, e.g. green=2'))
    .addOption(new Option('--promote <variant>', 'send all traffic to one variant, then keep it alone'))
    .addOption(
      new Option(
        '--rollback',
        'return to the config that served before this one (with --to-config: that kept config; with --to-version: that registered version)',
      ),
    )
    .addOption(
      new Option('--to-config <name>', 'with --rollback: go back to this kept endpoint config (see `sagectl status <stack>`) rather than the last one'),
    )
    .addOption(new Option('--to-version <n>', 'with --rollback: put this registered version of the stack back, through the same rollout as a new model'))
    .addOption(new Option('--recreate', 'for a Failed endpoint: delete it and deploy again from the config'))
    .addOption(new Option('--keep <n>', 'keep this many configs (and their models) that served most recently before the live one, for --rollback').default(1))
    .addOption(
      new Option(
        '--smoke-test <file>',
        'once InService, invoke the endpoint (the variant with the new model) with this payload, checked first against endpoint.input; a model error exits 4',
      ),
    )
    .addOption(new Option('--rollback-on-smoke-failure', 'when the smoke test fails, put the previous endpoint config back (still exits 4)'));
  return withWait(command, '2h').addOption(dryRunOption());
}

/** The update-endpoint flags as commander parses them, inferred from {@link updateEndpointCommand}. */
export type UpdateEndpointFlags = ReturnType<ReturnType<typeof updateEndpointCommand>['opts']>;
