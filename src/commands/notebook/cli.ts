import { Argument, Command } from '@commander-js/extra-typings';
import { examples } from '../../cli/options.js';

/** `sagectl notebook up|url|stop|start|down`: its arguments and help; src/cli.ts attaches the action. */
export function notebookCommand() {
  return new Command('notebook')
    .addArgument(new Argument('<action>', 'up, url, stop, start or down').choices(['up', 'url', 'stop', 'start', 'down'] as const))
    .argument('[stack]')
    .description('a SageMaker notebook instance named after the stack (notebook: in sagectl.yaml), its Git repository cloned, stopped when idle')
    .addHelpText(
      'after',
      examples('sagectl notebook up', 'sagectl notebook url   # a presigned URL that opens Jupyter', 'sagectl notebook stop', 'sagectl notebook down'),
    );
}

/** The notebook actions. */
export type NotebookAction = 'up' | 'url' | 'stop' | 'start' | 'down';
