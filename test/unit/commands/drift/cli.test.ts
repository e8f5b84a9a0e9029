import { describe, expect, it } from 'vitest';
import { parseBaselineFlags, parseDriftFlags } from '../../../../src/commands/drift/flags.js';
import { buildProgram } from '../../../../src/cli.js';
import type { BaselineFlags, DriftFlags } from '../../../../src/commands/drift/cli.js';

/** Parses argv with the real program and returns the drift command's flags, without running it. */
function driftFlags(argv: string[]): DriftFlags {
  const program = buildProgram();
  const drift = program.commands.find((c) => c.name() === 'drift')!;
  drift.action(() => undefined);
  program.parse(['node', 'sagectl', 'drift', ...argv]);
  return drift.opts() as DriftFlags;
}

describe('sagectl drift flags', () => {
  it.each([
    [[], { sinceMs: 86_400_000, concurrency: 4 }],
    [['--since', '7d'], { sinceMs: 7 * 86_400_000, concurrency: 4 }],
    [['--since', '90m', '--max-records', '1000', '--concurrency', '8'], { sinceMs: 90 * 60_000, maxRecords: 1000, concurrency: 8 }],
  ])('%j', (argv, expected) => {
    expect(parseDriftFlags(driftFlags(argv))).toEqual(expected);
  });

  it.each([
    [['--since', 'yesterday'], '--since'],
    [['--since', '100d'], '--since: expected at most 90d, found "100d"'],
    [['--max-records', '0'], '--max-records: expected a whole number from 1 to 1000000000, found "0"'],
    [['--max-records', '1e3'], '--max-records: expected a whole number'],
    [['--concurrency', '64'], '--concurrency: expected a whole number from 1 to 32, found "64"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDriftFlags(driftFlags(argv))).toThrow(message);
  });
});

function baselineFlags(argv: string[]): BaselineFlags {
  const program = buildProgram();
  const command = program.commands.find((c) => c.name() === 'baseline')!;
  command.action(() => undefined);
  program.parse(['node', 'sagectl', 'baseline', ...argv]);
  return command.opts();
}

describe('sagectl baseline flags', () => {
  it('reads --outputs-since as the output baseline window', () => {
    expect(parseBaselineFlags(baselineFlags([]))).toEqual({});
    expect(parseBaselineFlags(baselineFlags(['--outputs-since', '24h']))).toEqual({ outputsSinceMs: 86_400_000 });
  });

  it.each([
    [['--outputs-since', 'yesterday'], '--outputs-since'],
    [['--outputs-since', '120d'], '--outputs-since: expected at most 90d, found "120d"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBaselineFlags(baselineFlags(argv))).toThrow(message);
  });
});
