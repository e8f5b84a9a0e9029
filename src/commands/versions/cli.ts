import { Option, type Command } from 'commander';
import { examples, globalsOf, withOptions } from '../../cli/options.js';

/** Declares `sagectl versions`. */
export function declareVersions(program: Command): void {
  program
    .command('versions [stack]')
    .description("list the stack's model versions newest first: approval, metrics, source job, git commit, and which one is live")
    .addHelpText('after', examples('sagectl versions', 'sagectl versions churn-xgb --output json'))
    .action(async (stack: string | undefined, _opts: unknown, cmd: Command) => {
      const { main } = await import('./index.js');
      await main(globalsOf(cmd), stack);
    });
}

/** Declares `sagectl approve` and `sagectl reject`. */
export function declareApproval(program: Command): void {
  const approve = program
    .command('approve <stack> <version>')
    .description('approve a model version, so deploy and update-endpoint may put it live')
    .addHelpText('after', examples('sagectl approve churn-xgb 7'))
    .action(async (stack: string, version: string, _opts: unknown, cmd: Command) => {
      const { main } = await import('./approval.js');
      await main(globalsOf(cmd), stack, version, 'Approved', cmd.opts());
    });
  withOptions(approve, [new Option('--reason <text>', 'why it is approved (recorded as its approval description)')]);
  const reject = program
    .command('reject <stack> <version>')
    .description('reject a model version (with the reason recorded); deploy refuses it')
    .addHelpText('after', examples("sagectl reject churn-xgb 8 --reason 'AUC fell on the holdout set'"))
    .action(async (stack: string, version: string, _opts: unknown, cmd: Command) => {
      const { main } = await import('./approval.js');
      await main(globalsOf(cmd), stack, version, 'Rejected', cmd.opts());
    });
  withOptions(reject, [new Option('--reason <text>', 'why the version is rejected (recorded as its approval description)').makeOptionMandatory()]);
}

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
