import { Option, type Command } from 'commander';
import { examples, globalsOf, withOptions } from '../../cli/options.js';

/** Declares `sagectl register`. */
export function declareRegister(program: Command): void {
  const command = program
    .command('register [stack]')
    .description("register a model as the next numbered version of the stack's model package group (Model Registry)")
    .addHelpText(
      'after',
      examples(
        'sagectl register --from-training-job latest',
        'sagectl register churn-xgb --model-data s3://bucket/output/model.tar.gz --image <ecr image uri>',
        'sagectl register --from-training-job churn-xgb-20261125101500 --approve --output json',
      ),
    )
    .action(async (stack: string | undefined, _opts: unknown, cmd: Command) => {
      const { main } = await import('./register.js');
      await main(globalsOf(cmd), stack, cmd.opts());
    });
  withOptions(command, [
    new Option('--model-data <s3-uri>', 'the model artifact (model.tar.gz) to register'),
    new Option('--image <uri>', 'the inference container image, with --model-data (default: model.image, then training.image)'),
    new Option('--from-training-job <name|latest>', "the artifact and image of this Completed training job (`latest`: the stack's newest), with its lineage"),
    new Option('--approve', 'register the version Approved (default: PendingManualApproval)'),
    new Option('--description <text>', "the version's description"),
  ]);
}
