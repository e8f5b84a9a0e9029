import { Command, Option } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl init`: its flags and help, written once; src/cli.ts attaches the action. */
export function initCommand() {
  return new Command('init')
    .description('write a starter sagectl.yaml: asks on a terminal; in CI takes --yes and flags, with defaults for the rest')
    .addHelpText(
      'after',
      `\nThe global --stack, --region and --config (the file to write) apply. Without --yes on a terminal, init asks\nfor what the flags do not give; values left out are written as \${SAGECTL_…} placeholders to fill in.\n` +
        examples(
          'sagectl init',
          'sagectl init --yes --stack churn-xgb --region us-east-1 --role arn:aws:iam::123456789012:role/SageMakerExecution \\\n' +
            '      --image 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1 --model-data s3://my-ml-bucket/churn/output/model.tar.gz',
        ),
    )
    .addOption(new Option('--role <arn>', 'the execution role SageMaker assumes to run the model'))
    .addOption(new Option('--image <uri>', 'the inference container image'))
    .addOption(new Option('--model-data <s3-uri>', 'the model artifact, e.g. s3://bucket/output/model.tar.gz'))
    .addOption(new Option('--force', 'overwrite the file if it exists'));
}

/** The init flags as commander parses them, inferred from {@link initCommand}. */
export type InitFlags = ReturnType<ReturnType<typeof initCommand>['opts']>;
