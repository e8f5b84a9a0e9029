import { Option, type Command } from 'commander';
import { dryRunOption, examples, globalsOf, waitOptions, withOptions } from '../../cli/options.js';

/** Declares `sagectl deploy`. */
export function declareDeploy(program: Command): void {
  const command = program
    .command('deploy')
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
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const { main } = await import('./index.js');
      await main(globalsOf(cmd), cmd.opts());
    });
  withOptions(command, [
    ...waitOptions('60m'),
    dryRunOption(),
    new Option('--protect', 'tag the stack sagectl:protect=true: bulk teardown (--all, --idle, …) never selects it'),
    new Option('--unprotect', 'remove that protection'),
    new Option(
      '--from-training-job <name|latest>',
      "the model's image and artifact from this training job (`latest`: the stack's newest Completed one)",
    ).conflicts('fromTuningJob'),
    new Option('--from-tuning-job <name|latest>', "the model's image and artifact from this tuning job's best training job"),
    // Not `--version`: commander reads the global `-V, --version` anywhere on the line.
    new Option(
      '--model-version <n|latest-approved>',
      'the model from this registered version of the stack (see `sagectl versions`); it must be Approved',
    ).conflicts(['fromTrainingJob', 'fromTuningJob']),
    new Option('--allow-unapproved', 'with --model-version, put a version live that is not Approved (its approval is left as it is)'),
    new Option('--smoke-test <file>', 'once InService, invoke the endpoint with this payload (checked first against endpoint.input); a model error exits 4'),
  ]);
}
