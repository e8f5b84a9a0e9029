import { describe, expect, it } from 'vitest';
import type { TrainFlags, TransformFlags, TuneFlags } from '../../../../src/commands/training/cli.js';
import { parseTrainFlags, parseTransformFlags, parseTuneFlags } from '../../../../src/commands/training/flags.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

const HOUR = 3_600_000;

describe('train, tune, transform: argv → options', () => {
  it.each([
    [['train'], { wait: true, timeoutMs: 24 * HOUR, logs: true, stopOnInterrupt: false }],
    [['train', '--no-logs', '--no-wait', '--stop-on-interrupt'], { wait: false, timeoutMs: 24 * HOUR, logs: false, stopOnInterrupt: true }],
    [
      ['train', '--register', '--approve', '--timeout', '2h'],
      { wait: true, timeoutMs: 2 * HOUR, logs: true, stopOnInterrupt: false, register: { approve: true } },
    ],
    [['train', '--register'], { wait: true, timeoutMs: 24 * HOUR, logs: true, stopOnInterrupt: false, register: { approve: false } }],
  ])('%j', async (argv, expected) => {
    expect(parseTrainFlags((await parseArgv<TrainFlags>(argv)).flags)).toEqual(expected);
  });

  it.each([
    [['tune'], { wait: true, timeoutMs: 72 * HOUR }],
    [['tune', '--register', '--no-wait'], null],
    [['tune', '--register', '--approve'], { wait: true, timeoutMs: 72 * HOUR, register: { approve: true } }],
  ])('%j', async (argv, expected) => {
    const { flags } = await parseArgv<TuneFlags>(argv);
    if (expected === null) expectUsageError(() => parseTuneFlags(flags), /--register needs the tuning job Completed/);
    else expect(parseTuneFlags(flags)).toEqual(expected);
  });

  it.each([
    [['transform'], { wait: true, timeoutMs: 24 * HOUR }],
    [['transform', '--model', 'm1', '--no-wait'], { wait: false, timeoutMs: 24 * HOUR, model: 'm1' }],
  ])('%j', async (argv, expected) => {
    expect(parseTransformFlags((await parseArgv<TransformFlags>(argv)).flags)).toEqual(expected);
  });

  it.each([
    [['train', '--timeout', 'soon'], /--timeout: expected a duration/],
    [['train', '--approve'], /--approve goes with --register/],
    [['train', '--register', '--no-wait'], /--register needs the job Completed/],
    [['tune', '--approve'], /--approve goes with --register/],
    [['transform', '--timeout', '30'], /--timeout: expected a duration/],
  ])('%j is a usage error naming the flag', async (argv, message) => {
    const { command, flags } = await parseArgv<TrainFlags & TuneFlags & TransformFlags>(argv);
    const parse = { train: parseTrainFlags, tune: parseTuneFlags, transform: parseTransformFlags }[command as 'train' | 'tune' | 'transform'];
    expectUsageError(() => parse(flags), message);
  });
});
