import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

// The colour conventions as users meet them: a config error logged pretty, into a pipe or a file.
const ESC = '\x1b';
let dir: string;
let bad: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-color-'));
  bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: Bad Name\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without any colour setting the test runner may have. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = process.env;
  return { ...rest, ...extra };
}

describe('colour', () => {
  it('NO_COLOR=1: a pretty config error carries no escape codes (exit 2)', async () => {
    const run = await runCli(['deploy', '--config', bad, '--log-format', 'pretty'], { env: env({ NO_COLOR: '1' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a stack name');
    expect(run.stderr).not.toContain(ESC);
  });

  it('--log-format pretty into a pipe or file writes none', async () => {
    const run = await runCli(['deploy', '--config', bad, '--log-format', 'pretty'], { env: env() });
    expect(run.stderr).toContain('expected a stack name');
    expect(run.stderr).not.toContain(ESC);
  });

  it('FORCE_COLOR=1 colours even into a pipe; --no-color overrides it', async () => {
    const forced = await runCli(['deploy', '--config', bad, '--log-format', 'pretty'], { env: env({ FORCE_COLOR: '1' }) });
    expect(forced.stderr).toContain(ESC);
    const off = await runCli(['deploy', '--no-color', '--config', bad, '--log-format', 'pretty'], { env: env({ FORCE_COLOR: '1' }) });
    expect(off.code).toBe(2);
    expect(off.stderr).toContain('expected a stack name');
    expect(off.stderr).not.toContain(ESC);
  });

  it('init writes no escape codes into the file or its output', async () => {
    const cwd = mkdtempSync(path.join(dir, 'init-'));
    const run = await runCli(['init', '--yes', '--stack', 'churn-xgb'], { cwd, env: env({ FORCE_COLOR: '1' }) });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(ESC);
    expect(readFileSync(path.join(cwd, 'sagectl.yaml'), 'utf8')).not.toContain(ESC);
  });
});
