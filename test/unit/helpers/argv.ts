import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { expect } from 'vitest';
import { buildProgram } from '../../../src/cli.js';
import { ExitCode, UsageError } from '../../../src/core/errors.js';

/** What commander made of one command line: the command, its positional arguments and its flags. */
export interface ParsedArgv<F> {
  command: string;
  args: unknown[];
  flags: F;
}

/**
 * Parses argv with the real program (every declaration, default and choice) and stops before
 * the action: each command's action is swapped for one that records what it was given, so no
 * workflow module is loaded and nothing is sent anywhere.
 */
export async function parseArgv<F>(argv: string[]): Promise<ParsedArgv<F>> {
  const program = buildProgram();
  let parsed: ParsedArgv<F> | undefined;
  for (const command of program.commands as CommandUnknownOpts[]) {
    command.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
    command.action((...params: unknown[]) => {
      const cmd = params.at(-1) as CommandUnknownOpts;
      parsed = { command: cmd.name(), args: [...cmd.processedArgs], flags: cmd.opts() as F };
    });
  }
  await program.parseAsync(['node', 'sagectl', ...argv]);
  if (!parsed) throw new Error(`no command ran for ${argv.join(' ')}`);
  return parsed;
}

/** Asserts that reading the flags is a usage error (exit 2) whose message matches. */
export function expectUsageError(read: () => unknown, message: RegExp | string): void {
  let caught: unknown;
  try {
    read();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  expect((caught as UsageError).exitCode).toBe(ExitCode.Usage);
  expect((caught as UsageError).message).toMatch(message);
}
