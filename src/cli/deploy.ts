import { Option, type Command } from 'commander';
import { dryRunOption, examples, globalsOf, waitOptions, withOptions } from './shared.js';

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
      ),
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const { main } = await import('../commands/deploy.js');
      await main(globalsOf(cmd), cmd.opts());
    });
  withOptions(command, [
    ...waitOptions('60m'),
    dryRunOption(),
    new Option('--protect', 'tag the stack sagectl:protect=true: bulk teardown (--all, --idle, …) never selects it'),
    new Option('--unprotect', 'remove that protection'),
    new Option('--from-training-job <name|latest>', "the model's image and artifact from this training job (`latest`: the stack's newest Completed one)").conflicts('fromTuningJob'),
    new Option('--from-tuning-job <name|latest>', "the model's image and artifact from this tuning job's best training job"),
    new Option('--smoke-test <file>', 'once InService, invoke the endpoint with this payload (checked first against endpoint.input); a model error exits 4'),
  ]);
}
