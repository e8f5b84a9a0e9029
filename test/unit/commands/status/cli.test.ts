import { describe, expect, it } from 'vitest';
import type { StatusFlags } from '../../../../src/commands/status/cli.js';
import { parseStatusFlags } from '../../../../src/commands/status/flags.js';
import type { LogsFlags } from '../../../../src/commands/logs/cli.js';
import { parseLogsFlags } from '../../../../src/commands/logs/flags.js';
import type { WireApiFlags } from '../../../../src/commands/wire-api/cli.js';
import { parseWireApiFlags } from '../../../../src/commands/wire-api/flags.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

describe('status: argv → options', () => {
  it.each([
    [['status'], [undefined], {}],
    [['status', 'churn', '--idle', '24h'], ['churn'], { idleMs: 86_400_000 }],
  ])('%j', async (argv, args, expected) => {
    const parsed = await parseArgv<StatusFlags>(argv);
    expect(parsed.args).toEqual(args);
    expect(parseStatusFlags(parsed.flags)).toEqual(expected);
  });

  it('a bad --idle is a usage error naming the flag', async () => {
    const { flags } = await parseArgv<StatusFlags>(['status', '--idle', 'a while']);
    expectUsageError(() => parseStatusFlags(flags), '--idle: expected a duration such as 90s, 30m, 24h or 7d, found "a while"');
  });
});

describe('logs: argv → options', () => {
  it.each([
    [['logs'], [undefined], { follow: false, timeoutMs: 86_400_000 }],
    [['logs', 'churn-20261125100000', '-f', '--timeout', '90s'], ['churn-20261125100000'], { follow: true, timeoutMs: 90_000 }],
  ])('%j', async (argv, args, expected) => {
    const parsed = await parseArgv<LogsFlags>(argv);
    expect(parsed.args).toEqual(args);
    expect(parseLogsFlags(parsed.flags)).toEqual(expected);
  });

  it('a bad --timeout is a usage error naming the flag', async () => {
    const { flags } = await parseArgv<LogsFlags>(['logs', '--timeout', 'forever']);
    expectUsageError(() => parseLogsFlags(flags), /--timeout: expected a duration/);
  });
});

describe('wire-api: argv → options', () => {
  it.each([
    [['wire-api'], [undefined], { dryRun: false, force: false }],
    [['wire-api', 'churn', '--page', 'index.html', '--dry-run'], ['churn'], { dryRun: true, force: false, page: 'index.html' }],
    [['wire-api', 'churn', '--force'], ['churn'], { dryRun: false, force: true }],
  ])('%j', async (argv, args, expected) => {
    const parsed = await parseArgv<WireApiFlags>(argv);
    expect(parsed.args).toEqual(args);
    expect(parseWireApiFlags(parsed.flags)).toEqual(expected);
  });
});
