import { Option, type Command } from 'commander';
import { dryRunOption, examples, globalsOf, withOptions } from '../../cli/options.js';

/** Declares `sagectl wire-api`. */
export function declareWireApi(program: Command): void {
  const command = program
    .command('wire-api [stack]')
    .description("put the stack's endpoint behind a public HTTPS API: IAM role + Lambda + API Gateway REST API (POST /predict), deployed to a stage")
    .addHelpText('after', examples('sagectl wire-api', 'sagectl wire-api churn-xgb --page index.html', 'sagectl wire-api --stack exp-$BUILD_ID --output json'))
    .action(async (stack: string | undefined, _opts: unknown, cmd: Command) => {
      const { main } = await import('./index.js');
      await main(globalsOf(cmd), stack, cmd.opts());
    });
  withOptions(command, [new Option('--page <file>', 'also write a one-file web page (index.html) that calls the API'), dryRunOption()]);
}
