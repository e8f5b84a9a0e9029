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
