import { describe, expect, it } from 'vitest';
import type { ApprovalFlags, RegisterFlags } from '../../../../src/commands/versions/cli.js';
import { parseApprovalArgs, parseRegisterFlags } from '../../../../src/commands/versions/flags.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

describe('register: argv → options', () => {
  it.each([
    [['register', '--from-training-job', 'latest', '--approve'], { source: { trainingJob: 'latest' }, approve: true }],
    [
      ['register', 'churn', '--model-data', 's3://b/m.tar.gz', '--image', 'img', '--description', 'd'],
      { source: { modelData: 's3://b/m.tar.gz', image: 'img' }, approve: false, description: 'd' },
    ],
    [['register', '--model-data', 's3://b/m.tar.gz'], { source: { modelData: 's3://b/m.tar.gz' }, approve: false }],
  ])('%j', async (argv, expected) => {
    expect(parseRegisterFlags((await parseArgv<RegisterFlags>(argv)).flags)).toEqual(expected);
  });

  it.each([
    [['register'], /register needs the model/],
    [
      ['register', '--model-data', 'bucket/model.tar.gz'],
      '--model-data: expected an S3 URI of the model artifact (s3://bucket/key/model.tar.gz), found "bucket/model.tar.gz"',
    ],
    [['register', '--model-data', 's3://b/m', '--from-training-job', 'j'], /both name the model/],
    [['register', '--from-training-job', 'j', '--image', 'img'], /--image goes with --model-data/],
  ])('%j is a usage error naming the flag', async (argv, message) => {
    const { flags } = await parseArgv<RegisterFlags>(argv);
    expectUsageError(() => parseRegisterFlags(flags), message);
  });
});

describe('approve and reject: argv → options', () => {
  it.each([
    [['approve', 'churn', '3'], { stack: 'churn', version: 3 }],
    [['reject', 'churn', '4', '--reason', 'worse AUC'], { stack: 'churn', version: 4, reason: 'worse AUC' }],
  ])('%j', async (argv, expected) => {
    const { args, flags } = await parseArgv<ApprovalFlags>(argv);
    expect(parseApprovalArgs(args[0] as string, args[1] as string, flags)).toEqual(expected);
  });

  it.each([
    [['approve', 'churn', 'two'], /version: expected a version number/],
    [['approve', 'churn', 'latest-approved'], /version: expected a version number \(1, 2, …\), found "latest-approved"/],
    [['approve', 'bad_name!', '2'], /bad_name!/],
  ])('%j is a usage error', async (argv, message) => {
    const { args, flags } = await parseArgv<ApprovalFlags>(argv);
    expectUsageError(() => parseApprovalArgs(args[0] as string, args[1] as string, flags), message);
  });

  it('reject without --reason is refused by commander', async () => {
    await expect(parseArgv(['reject', 'churn', '4'])).rejects.toThrow(/--reason/);
  });
});
