import { Argument, Command } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl completion <shell>`: its argument and help, written once; src/cli.ts attaches the action. */
export function completionCommand() {
  return new Command('completion')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish'] as const))
    .description('print a shell completion script (bash, zsh or fish): commands, options and their choices')
    .addHelpText(
      'after',
      examples(
        'source <(sagectl completion bash)          # in ~/.bashrc',
        'sagectl completion zsh > "${fpath[1]}/_sagectl"',
        'sagectl completion fish > ~/.config/fish/completions/sagectl.fish',
      ),
    );
}
