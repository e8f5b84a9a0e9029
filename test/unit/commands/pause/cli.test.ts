import { describe, expect, it } from 'vitest';
import type { PauseFlags } from '../../../../src/commands/pause/cli.js';
import { parsePauseFlags } from '../../../../src/commands/pause/flags.js';
import { expectUsageError, parseArgv } from '../../helpers/argv.js';

describe('pause and resume: argv → options', () => {
  it.each([
    [['pause', 'churn'], 'pause', { stack: 'churn', dryRun: false, wait: { timeoutMs: 1_800_000 } }],
    [['pause', 'churn', '--no-wait', '--dry-run'], 'pause', { stack: 'churn', dryRun: true }],
    [['resume', 'churn', '--timeout', '10m'], 'resume', { stack: 'churn', dryRun: false, wait: { timeoutMs: 600_000 } }],
    [['resume', 'churn', '--no-wait'], 'resume', { stack: 'churn', dryRun: false }],
  ] as const)('%j', async (argv, command, expected) => {
    const parsed = await parseArgv<PauseFlags>([...argv]);
    expect(parsed.command).toBe(command);
    expect(parsePauseFlags(command, parsed.args[0] as string, parsed.flags)).toEqual(expected);
  });

  it('no stack, a bad stack name or a bad --timeout is a usage error naming it', async () => {
    const { flags } = await parseArgv<PauseFlags>(['pause', '--timeout', 'soon']);
    expectUsageError(() => parsePauseFlags('pause', undefined, flags), 'pause: name the stack');
    expectUsageError(() => parsePauseFlags('pause', '-bad', flags), /stack name "-bad"/);
    expectUsageError(() => parsePauseFlags('resume', 'churn', flags), /--timeout: expected a duration/);
  });
});
