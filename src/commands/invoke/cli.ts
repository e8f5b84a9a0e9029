import { Command, Option } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl invoke`: its flags and help, written once; src/cli.ts attaches the action. */
export function invokeCommand() {
  return new Command('invoke')
    .argument('[stack]')
    .description("send a payload to the stack's endpoint, checked first against endpoint.input, and print the answer")
    .addHelpText(
      'after',
      examples(
        'sagectl invoke --file rows.csv',
        'echo "5.1,3.5,1.4" | sagectl invoke churn-xgb',
        'sagectl invoke --data \'{"age": 42}\' --content-type application/json --output json',
        'sagectl invoke --data @rows.csv --variant Canary',
      ),
    )
    .addOption(new Option('--data <payload>', 'the payload itself; @PATH reads a file'))
    .addOption(new Option('--file <path>', 'read the payload from a file (default: stdin)'))
    .addOption(new Option('--content-type <type>', 'Content-Type of the payload (default: endpoint.input.contentType, else text/csv)'))
    .addOption(new Option('--accept <type>', 'the answer type to ask the model for'))
    .addOption(new Option('--variant <name>', 'send to this production variant (TargetVariant), bypassing the traffic weights'))
    .addOption(new Option('--custom-attributes <value>', "passed through to the model's container (X-Amzn-SageMaker-Custom-Attributes)"))
    .addOption(new Option('--no-validate', 'skip the checks against endpoint.input (the size check still applies)'));
}

/** The invoke flags as commander parses them, inferred from {@link invokeCommand}. */
export type InvokeFlags = ReturnType<ReturnType<typeof invokeCommand>['opts']>;
