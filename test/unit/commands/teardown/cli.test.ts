import { describe, expect, it } from 'vitest';
import type { TeardownFlags } from '../../../../src/commands/teardown/cli.js';
import { parseTeardownFlags } from '../../../../src/commands/teardown/flags.js';
import { selectionCriteria } from '../../../../src/commands/teardown/selection.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

const read = async (argv: string[]) => {
  const { args, flags } = await parseArgv<TeardownFlags>(['teardown', ...argv]);
  return parseTeardownFlags(args[0] as string[], flags);
};
const NO_FILTER = { all: false, tags: {} };
const DEFAULTS = { stacks: [], filters: NO_FILTER, dryRun: false, force: false, concurrency: 4, includeVersions: false };

describe('teardown: argv → options', () => {
  it.each([
    [['a', 'b', '--force'], { ...DEFAULTS, stacks: ['a', 'b'], force: true }],
    [['a', '--dry-run', '--concurrency', '8'], { ...DEFAULTS, stacks: ['a'], dryRun: true, concurrency: 8 }],
    [
      ['--idle', '24h', '--tag', 'team=ml', '--tag', 'env=dev', '--older-than', '7d', '--wait'],
      { ...DEFAULTS, filters: { all: false, tags: { team: 'ml', env: 'dev' }, idleMs: 86_400_000, olderThanMs: 604_800_000 }, wait: { timeoutMs: 1_800_000 } },
    ],
    [['--all'], { ...DEFAULTS, filters: { all: true, tags: {} } }],
    [['churn', '--include-versions', '--wait', '--timeout', '5m'], { ...DEFAULTS, stacks: ['churn'], includeVersions: true, wait: { timeoutMs: 300_000 } }],
    [['--tag', 'k=a=b'], { ...DEFAULTS, filters: { all: false, tags: { k: 'a=b' } } }],
    [['--idle', '24h', '--pause'], { ...DEFAULTS, filters: { all: false, tags: {}, idleMs: 86_400_000 }, pause: true }],
  ])('%j', async (argv, expected) => {
    expect(await read(argv)).toEqual(expected);
  });

  it.each([
    [['bad_name!'], /bad_name!/],
    [['a', '--timeout', 'soon'], /--timeout: expected a duration/],
    [['a', '--concurrency', '0'], '--concurrency: expected a whole number from 1 to 32, found "0"'],
    [['a', '--concurrency', '33'], /--concurrency/],
    [['a', '--concurrency', 'many'], /--concurrency: .*found "many"/],
    [['--idle', 'forever'], /--idle: expected a duration/],
    [['--older-than', '7'], /--older-than: expected a duration/],
    [['--tag', 'novalue'], /--tag: expected KEY=VALUE, found "novalue"/],
    [['--tag', '=v'], /--tag: expected KEY=VALUE/],
    [['a', '--all'], /--all selects every stack/],
    [['--all', '--include-versions'], /--include-versions only goes with named stacks/],
    [['a', '--pause', '--include-versions'], /--pause keeps every stack whole/],
    [['--idle', '1h', '--pause', '--force'], /--pause does not go with --force/],
  ])('%j is a usage error naming the flag', async (argv, message) => {
    const { args, flags } = await parseArgv<TeardownFlags>(['teardown', ...argv]);
    expectUsageError(() => parseTeardownFlags(args[0] as string[], flags), message);
  });

  it('selects nothing only when told to: no names and no filter is a usage error', () => {
    expectUsageError(() => selectionCriteria([], NO_FILTER), /name the stacks to tear down/);
    expect(selectionCriteria(['a', 'a', 'b'], NO_FILTER)).toEqual({ stacks: ['a', 'b'], ...NO_FILTER });
  });
});
