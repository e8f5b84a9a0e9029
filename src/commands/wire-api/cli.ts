import { Command, Option } from '@commander-js/extra-typings';
import { dryRunOption, examples } from '../../cli/options.js';

/** `sagectl wire-api`: its flags and help, written once; src/cli.ts attaches the action. */
export function wireApiCommand() {
  return new Command('wire-api')
    .argument('[stack]')
    .description("put the stack's endpoint behind a public HTTPS API: IAM role + Lambda + API Gateway REST API (POST /predict), deployed to a stage")
    .addHelpText('after', examples('sagectl wire-api', 'sagectl wire-api churn-xgb --page index.html', 'sagectl wire-api --stack exp-$BUILD_ID --output json'))
    .addOption(new Option('--page <file>', 'also write a one-file web page (index.html) that calls the API'))
    .addOption(new Option('--force', 'wire an endpoint that sagectl does not manage for this stack (no sagectl:managed-by tag)'))
    .addOption(dryRunOption());
}

/** The wire-api flags as commander parses them, inferred from {@link wireApiCommand}. */
export type WireApiFlags = ReturnType<ReturnType<typeof wireApiCommand>['opts']>;
