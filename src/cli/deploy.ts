import { Option, type Command } from 'commander';
import { dryRunOption, examples, globalsOf, waitOptions, withOptions } from './shared.js';

/** Declares `sagectl deploy`. */
export function declareDeploy(program: Command): void {
  const command = program
    .command('deploy')
    .description('create or converge model + endpoint config + endpoint from the config, and wait until InService')
    .addHelpText('after', examples('sagectl deploy', 'sagectl deploy --stack exp-$BUILD_ID --yes --output json', 'sagectl deploy --dry-run', 'sagectl deploy --smoke-test smoke.csv'))
    .action(async (_opts: unknown, cmd: Command) => {
      const { main } = await import('../commands/deploy.js');
      await main(globalsOf(cmd), cmd.opts());
    });
  withOptions(command, [
    ...waitOptions('60m'),
    dryRunOption(),
    new Option('--smoke-test <file>', 'once InService, invoke the endpoint with this payload (checked first against endpoint.input); a model error exits 4'),
  ]);
}
