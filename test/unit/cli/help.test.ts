import { describe, expect, it, vi } from 'vitest';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { buildProgram, run } from '../../../src/cli.js';

/** What `sagectl <argv>` writes to stdout and stderr, and its exit code, without running any command. */
async function sagectl(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += chunk.toString()), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += chunk.toString()), true));
  const code = await run(['node', 'sagectl', ...argv]);
  vi.restoreAllMocks();
  return { code, out, err };
}

const commands = (buildProgram().commands as CommandUnknownOpts[]).map((c) => c.name());

describe('help that teaches', () => {
  it.each(commands)('%s --help lists the global options', async (command) => {
    const { code, out } = await sagectl(command, '--help');
    expect(code).toBe(0);
    expect(out).toContain('Global Options:');
    for (const flag of ['--config <path>', '--stack <name>', '--region <region>', '--output <format>', '--log-format <format>', '--yes'])
      expect(out).toContain(flag);
  });

  it.each([[['dploy']], [['dploy', '--help']], [['--region', 'us-east-1', 'dploy', '-h']], [['--config=x.yaml', 'tardown', '--help']]])(
    '%j: "did you mean", exit 2, no help page',
    async (argv) => {
      const { code, out, err } = await sagectl(...argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/unknown command '(dploy|tardown)'\n\(Did you mean (deploy|teardown)\?\)/);
    },
  );

  it('still answers --help for a known command and for the program', async () => {
    expect((await sagectl('--region', 'us-east-1', 'deploy', '--help')).out).toContain('Usage: sagectl deploy');
    expect((await sagectl('--help')).out).toContain('Usage: sagectl [options] [command]');
  });

  it('writes the same placeholder for --from-training-job everywhere', async () => {
    for (const command of ['deploy', 'update-endpoint', 'register'])
      expect((await sagectl(command, '--help')).out).toContain('--from-training-job <name|latest>');
  });

  it('uses one example stack name (churn-xgb) in every help page', async () => {
    for (const command of commands) {
      const { out } = await sagectl(command, '--help');
      const stacks = [...out.matchAll(/\$ sagectl [a-z-]+ ((?!-)[a-z0-9-]+)/g)].map((m) => m[1]);
      for (const stack of stacks.filter((s) => s?.startsWith('churn'))) expect(stack).toMatch(/^churn-xgb(-\d{14})?$/);
    }
  });
});

describe('--version', () => {
  it('the early answer to `sagectl --version` is what commander prints for every other spelling', async () => {
    const early = await sagectl('--version');
    expect(early).toEqual({ code: 0, out: `${buildProgram().version()}\n`, err: '' });
    expect(await sagectl('-V')).toEqual(early);
    expect(await sagectl('--region', 'us-east-1', '--version')).toEqual(early);
  });
});
