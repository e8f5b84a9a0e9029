import { Command, Option } from '@commander-js/extra-typings';
import { dryRunOption, examples, withWait } from '../../cli/options.js';

/** `sagectl deploy`: its flags, their defaults and its help, written once; src/cli.ts attaches the action. */
export function deployCommand() {
  return withWait(
    new Command('deploy')
      .description('create or converge model + endpoint config + endpoint from the config, and wait until InService')
      .addHelpText(
        'after',
        examples(
          'sagectl deploy',
          'sagectl deploy --from-training-job latest',
          'sagectl deploy --stack exp-$BUILD_ID --yes --output json',
          'sagectl deploy --dry-run',
          'sagectl deploy --smoke-test smoke.csv',
          'sagectl deploy --model-version latest-approved',
        ),
      ),
    '60m',
  )
    .addOption(dryRunOption())
    .addOption(new Option('--protect', 'tag the stack sagectl:protect=true: bulk teardown (--all, --idle, …) never selects it'))
    .addOption(new Option('--unprotect', 'remove that protection'))
    .addOption(
      new Option(
        '--from-training-job <name|latest>',
        "the model's image and artifact from this training job (`latest`: the stack's newest Completed one)",
      ).conflicts('fromTuningJob'),
    )
    .addOption(new Option('--from-tuning-job <name|latest>', "the model's image and artifact from this tuning job's best training job"))
    .addOption(
      // Not `--version`: commander reads the global `-V, --version` anywhere on the line.
      new Option(
        '--model-version <n|latest-approved>',
        'the model from this registered version of the stack (see `sagectl versions`); it must be Approved',
      ).conflicts(['fromTrainingJob', 'fromTuningJob']),
    )
    .addOption(new Option('--allow-unapproved', 'with --model-version, put a version live that is not Approved (its approval is left as it is)'))
    .addOption(
      new Option('--smoke-test <file>', 'once InService, invoke the endpoint with this payload (checked first against endpoint.input); a model error exits 4'),
    );
}

/** The deploy flags as commander parses them, inferred from {@link deployCommand}. */
export type DeployFlags = ReturnType<ReturnType<typeof deployCommand>['opts']>;
