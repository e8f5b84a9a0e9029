import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './moto.mjs';
import { runCli } from '../support/run-cli.js';

// `npm run emulator` as README shows it: the emulator in the foreground, its export lines
// pasted into another shell, sagectl used by hand, Ctrl-C to stop.

let emulator: ChildProcess | undefined;

afterAll(() => {
  if (emulator && emulator.exitCode === null) emulator.kill('SIGKILL');
});

/** Reads the child's stdout until `count` `export K=V` lines have come. */
async function exportLines(child: ChildProcess, count: number): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  let buffer = '';
  for await (const chunk of child.stdout!) {
    buffer += String(chunk);
    for (const match of buffer.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) found[match[1]!] = match[2]!;
    if (Object.keys(found).length >= count) return found;
  }
  throw new Error(`the emulator ended after printing ${JSON.stringify(found)}`);
}

describe('npm run emulator', () => {
  it('prints export lines that point sagectl at it, and stops on Ctrl-C', async () => {
    emulator = spawn(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'emulator.mjs')], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    emulator.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exported = await exportLines(emulator, 6);
    expect(exported.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...exported };
    const status = await runCli(['status', '--output', 'json'], { env });
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);

    const exit = once(emulator, 'exit');
    emulator.kill('SIGINT');
    const [code] = (await exit) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('emulator: stopped');
  });
});
