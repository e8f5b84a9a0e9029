import { describe, expect, it } from 'vitest';
import type { DeployFlags } from '../../../../src/commands/deploy/cli.js';
import { parseDeployFlags } from '../../../../src/commands/deploy/flags.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

const read = async (argv: string[]) => parseDeployFlags((await parseArgv<DeployFlags>(['deploy', ...argv])).flags);
const DEFAULTS = { wait: true, timeoutMs: 3_600_000, dryRun: false, allowUnapproved: false };

describe('deploy: argv → options', () => {
  it.each([
    [[], DEFAULTS],
    [['--no-wait', '--timeout', '10m', '--dry-run'], { ...DEFAULTS, wait: false, timeoutMs: 600_000, dryRun: true }],
    [['--protect'], { ...DEFAULTS, protect: true }],
    [['--unprotect'], { ...DEFAULTS, protect: false }],
    [['--from-training-job', 'latest'], { ...DEFAULTS, modelSource: { trainingJob: 'latest' } }],
    [['--from-tuning-job', 'churn-t1'], { ...DEFAULTS, modelSource: { tuningJob: 'churn-t1' } }],
    [['--model-version', '3'], { ...DEFAULTS, modelVersion: 3 }],
    [['--model-version', 'latest-approved', '--allow-unapproved'], { ...DEFAULTS, modelVersion: 'latest-approved', allowUnapproved: true }],
    [['--smoke-test', 'smoke.csv'], { ...DEFAULTS, smokeTest: 'smoke.csv' }],
  ])('%j', async (argv, expected) => {
    expect(await read(argv)).toEqual(expected);
  });

  it.each([
    [['--timeout', 'soon'], '--timeout: expected a duration such as 90s, 30m, 24h or 7d, found "soon"'],
    [['--protect', '--unprotect'], /--protect and --unprotect contradict/],
    [['--allow-unapproved'], /--allow-unapproved goes with --model-version/],
    [['--model-version', 'v2'], /--model-version: expected a version number/],
  ])('%j is a usage error naming the flag', async (argv, message) => {
    const { flags } = await parseArgv<DeployFlags>(['deploy', ...argv]);
    expectUsageError(() => parseDeployFlags(flags), message);
  });

  it('commander refuses two model sources before any flag is read', async () => {
    await expect(parseArgv(['deploy', '--from-training-job', 'a', '--model-version', '2'])).rejects.toThrow(/cannot be used with/);
  });
});
