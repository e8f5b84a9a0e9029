import { Command, Option } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl versions`: its help, written once; src/cli.ts attaches the action. */
export function versionsCommand() {
  return new Command('versions')
    .argument('[stack]')
    .description("list the stack's model versions newest first: approval, metrics, source job, git commit, and which one is live")
    .addHelpText('after', examples('sagectl versions', 'sagectl versions churn-xgb --output json'));
}

/** `sagectl approve`: its flags and help, written once. */
export function approveCommand() {
  return new Command('approve')
    .argument('<stack>')
    .argument('<version>')
    .description('approve a model version, so deploy and update-endpoint may put it live')
    .addHelpText('after', examples('sagectl approve churn-xgb 7'))
    .addOption(new Option('--reason <text>', 'why it is approved (recorded as its approval description)'));
}

/** `sagectl reject`: its flags and help, written once; unlike approve, the reason is required. */
export function rejectCommand() {
  return new Command('reject')
    .argument('<stack>')
    .argument('<version>')
    .description('reject a model version (with the reason recorded); deploy refuses it')
    .addHelpText('after', examples("sagectl reject churn-xgb 8 --reason 'AUC fell on the holdout set'"))
    .addOption(new Option('--reason <text>', 'why the version is rejected (recorded as its approval description)').makeOptionMandatory());
}

/** `sagectl register`: its flags and help, written once. */
export function registerCommand() {
  return new Command('register')
    .argument('[stack]')
    .description("register a model as the next numbered version of the stack's model package group (Model Registry)")
    .addHelpText(
      'after',
      examples(
        'sagectl register --from-training-job latest',
        'sagectl register churn-xgb --model-data s3://bucket/output/model.tar.gz --image <ecr image uri>',
        'sagectl register --from-training-job churn-xgb-20261125101500 --approve --output json',
      ),
    )
    .addOption(new Option('--model-data <s3-uri>', 'the model artifact (model.tar.gz) to register'))
    .addOption(new Option('--image <uri>', 'the inference container image, with --model-data (default: model.image, then training.image)'))
    .addOption(
      new Option('--from-training-job <name|latest>', "the artifact and image of this Completed training job (`latest`: the stack's newest), with its lineage"),
    )
    .addOption(new Option('--approve', 'register the version Approved (default: PendingManualApproval)'))
    .addOption(new Option('--description <text>', "the version's description"));
}

/** The approve and reject flags as commander parses them (reject's reason is mandatory, so the looser type of approve). */
export type ApprovalFlags = ReturnType<ReturnType<typeof approveCommand>['opts']>;
/** The register flags as commander parses them, inferred from {@link registerCommand}. */
export type RegisterFlags = ReturnType<ReturnType<typeof registerCommand>['opts']>;
