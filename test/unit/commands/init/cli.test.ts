import { describe, expect, it } from 'vitest';
import type { InitFlags } from '../../../../src/commands/init/cli.js';
import { parseInitFlags } from '../../../../src/commands/init/flags.js';
import { globalsOf } from '../../../../src/cli/options.js';
import { buildProgram } from '../../../../src/cli.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';

/** The global options as the program parsed them (init reads --stack and --region from there). */
async function globalsFor(argv: string[]) {
  const program = buildProgram();
  let globals = {};
  for (const command of program.commands) command.action((...params: unknown[]) => void (globals = globalsOf(params.at(-1) as never)));
  await program.parseAsync(['node', 'sagectl', ...argv]);
  return globals;
}

describe('init: argv → options', () => {
  it('takes the CI flags, with the global --stack and --region after the command', async () => {
    const argv = [
      'init',
      '--yes',
      '--stack',
      'churn-xgb',
      '--region',
      'eu-west-1',
      '--role',
      ROLE,
      '--image',
      'img:1',
      '--model-data',
      's3://my-ml-bucket/m.tar.gz',
      '--force',
    ];
    const { flags } = await parseArgv<InitFlags>(argv);
    expect(parseInitFlags(flags, await globalsFor(argv))).toEqual({
      stack: 'churn-xgb',
      region: 'eu-west-1',
      role: ROLE,
      image: 'img:1',
      modelData: 's3://my-ml-bucket/m.tar.gz',
      force: true,
    });
  });

  it.each([
    [['--role', 'SageMakerExecution'], /^--role: expected an IAM role ARN/],
    [['--model-data', 'my-bucket/model.tar.gz'], /^--model-data: expected an S3 URI/],
    [['--image', ''], /^--image: /],
  ])('%j is a usage error naming the flag', async (extra, message) => {
    const { flags } = await parseArgv<InitFlags>(['init', ...extra]);
    expectUsageError(() => parseInitFlags(flags, {}), message);
  });

  it('a bad --stack or --region is a usage error naming the flag', () => {
    expectUsageError(() => parseInitFlags({}, { stack: 'Churn XGB' }), /^--stack: expected a stack name/);
    expectUsageError(() => parseInitFlags({}, { region: 'Ireland' }), /^--region: expected an AWS region/);
  });
});
