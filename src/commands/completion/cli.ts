import { Argument, type Command } from 'commander';
import { examples } from '../../cli/options.js';
import type { Shell } from './index.js';

/** Declares `sagectl completion <shell>`. */
export function declareCompletion(program: Command): void {
  program
    .command('completion')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish']))
    .description('print a shell completion script (bash, zsh or fish): commands, options and their choices')
    .addHelpText(
      'after',
      examples(
        'source <(sagectl completion bash)          # in ~/.bashrc',
        'sagectl completion zsh > "${fpath[1]}/_sagectl"',
        'sagectl completion fish > ~/.config/fish/completions/sagectl.fish',
      ),
    )
    .action(async (shell: string, _opts: unknown, cmd: Command) => {
      // The script is the whole result: written as it is, with no config, logger or AWS involved.
      const { main } = await import('./index.js');
      main(shell as Shell, cmd.parent ?? cmd);
    });
}
