import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as V8 from 'node:v8';
import { buildProgram } from '../../src/cli.js';
import { parseArgv } from '../unit/helpers/argv.js';

const setFlagsFromString = vi.hoisted(() => vi.fn());
vi.mock('node:v8', async (original) => ({ ...(await original<typeof V8>()), setFlagsFromString }));

// Its own file in the cli project: module mocks need isolation, which the unit project does not give.
describe('the young generation limit (peak RSS, issue 17)', () => {
  // Where Node has process.getBuiltinModule, node:v8 comes from it (the module mock above is for import()).
  const getBuiltinModule = process.getBuiltinModule.bind(process);
  beforeEach(() => {
    setFlagsFromString.mockClear();
    const fake = (id: string): object | undefined => (id === 'node:v8' ? { setFlagsFromString } : getBuiltinModule(id));
    vi.spyOn(process, 'getBuiltinModule').mockImplementation(fake);
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([[['deploy']], [['status', 'churn-xgb']], [['teardown', 'churn-xgb', '--yes']], [['drift', 'churn-xgb']]])('is set before %j runs', async (argv) => {
    await parseArgv(argv);
    expect(setFlagsFromString).toHaveBeenCalledWith('--semi-space-growth-factor=1');
  });

  it('takes node:v8 from process.getBuiltinModule where Node has it, which starts no ES module loader', async () => {
    await parseArgv(['deploy']);
    expect(process.getBuiltinModule).toHaveBeenCalledWith('node:v8');
    expect(setFlagsFromString).toHaveBeenCalledWith('--semi-space-growth-factor=1');
  });

  it('imports node:v8 on a Node 20 without process.getBuiltinModule', async () => {
    const original = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule');
    Object.defineProperty(process, 'getBuiltinModule', { value: undefined, configurable: true, writable: true });
    try {
      await parseArgv(['deploy']);
    } finally {
      if (original) Object.defineProperty(process, 'getBuiltinModule', original);
    }
    expect(setFlagsFromString).toHaveBeenCalledWith('--semi-space-growth-factor=1');
  });

  it('is left alone by --help, which runs no command', async () => {
    const program = buildProgram().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
    await expect(program.parseAsync(['node', 'sagectl', '--help'])).rejects.toMatchObject({ exitCode: 0 });
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
