import { Option, type Command } from 'commander';
import { examples, globalsOf, withOptions } from '../../cli/options.js';

/** Declares `sagectl invoke`. */
export function declareInvoke(program: Command): void {
  const command = program
    .command('invoke [stack]')
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
    .action(async (stack: string | undefined, _opts: unknown, cmd: Command) => {
      const { main } = await import('./index.js');
      await main(globalsOf(cmd), stack, cmd.opts());
    });
  withOptions(command, [
    new Option('--data <payload>', 'the payload itself; @PATH reads a file'),
    new Option('--file <path>', 'read the payload from a file (default: stdin)'),
    new Option('--content-type <type>', 'Content-Type of the payload (default: endpoint.input.contentType, else text/csv)'),
    new Option('--accept <type>', 'the answer type to ask the model for'),
    new Option('--variant <name>', 'send to this production variant (TargetVariant), bypassing the traffic weights'),
    new Option('--custom-attributes <value>', "passed through to the model's container (X-Amzn-SageMaker-Custom-Attributes)"),
    new Option('--no-validate', 'skip the checks against endpoint.input (the size check still applies)'),
  ]);
}
