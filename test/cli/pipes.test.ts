import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace } from '../support/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-pipes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the built CLI with a stdout whose reader has gone before anything is written (as `| head -1`
 * once head has its line): every write then fails with EPIPE, deterministically.
 */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    child.stdin.end();
  });
}

describe('a closed stdout ends the command quietly, as cat does', () => {
  it.each([[['--help']], [['update-endpoint', '--help']], [['completion', 'bash']]])('%j: no EPIPE, no stack trace, exit 0', async (args) => {
    const result = await runIntoClosedPipe(args);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.code).toBe(0);
  });
});
