import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as V8 from 'node:v8';
import { buildProgram } from '../../src/cli.js';
import { parseArgv } from '../unit/helpers/argv.js';

const setFlagsFromString = vi.hoisted(() => vi.fn());
vi.mock('node:v8', async (original) => ({ ...(await original<typeof V8>()), setFlagsFromString }));

// Its own file in the cli project: module mocks need isolation, which the unit project does not give.
describe('the young generation limit (peak RSS, issue 17)', () => {
  beforeEach(() => setFlagsFromString.mockClear());

  it.each([[['deploy']], [['status', 'churn-xgb']], [['teardown', 'churn-xgb', '--yes']], [['drift', 'churn-xgb']]])('is set before %j runs', async (argv) => {
    await parseArgv(argv);
    expect(setFlagsFromString).toHaveBeenCalledWith('--semi-space-growth-factor=1');
  });

  it('is left alone by --help, which runs no command', async () => {
    const program = buildProgram().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
    await expect(program.parseAsync(['node', 'sagectl', '--help'])).rejects.toMatchObject({ exitCode: 0 });
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
