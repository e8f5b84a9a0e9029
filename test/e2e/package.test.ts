import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT, e2eEnv } from './moto.mjs';
import { IMAGE, ROLE, uniqueStack } from './fixtures.js';
import { hasStackTrace } from '../support/run-cli.js';

// The package as a user gets it: `npm pack` (its prepack builds), installed into an empty
// prefix, run from a directory that is not the clone. Dependencies come from the npm cache
// that `npm ci` filled, so the install is quick and needs nothing beyond the registry.

const exec = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let bin: string;
let tarballFiles: string[];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'sagectl-pack-'));
  const { stdout } = await exec(npm, ['pack', '--json', '--pack-destination', work], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
  const packed = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarballFiles = packed[0]!.files.map((f) => f.path);
  const prefix = path.join(work, 'prefix');
  await exec(npm, ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed[0]!.filename)], {
    cwd: work,
    maxBuffer: 16 * 1024 * 1024,
  });
  bin = path.join(prefix, 'node_modules', '.bin', 'sagectl');
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function runInstalled(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env: { ...e2eEnv(inject('motoEndpoint')), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the npm package', () => {
  it('holds the built CLI, the examples and the licence, and no source maps or sources', () => {
    expect(tarballFiles).toContain('dist/cli.cjs');
    expect(tarballFiles).toContain('bin/package.json');
    expect(tarballFiles).toContain('dist/lambda/handler.js');
    expect(tarballFiles).toContain('examples/xgboost.yaml');
    expect(tarballFiles).toContain('schema/sagectl.schema.json');
    expect(tarballFiles).toContain('LICENSE');
    expect(tarballFiles.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('runs from an empty directory once installed', async () => {
    const empty = mkdtempSync(path.join(work, 'cwd-'));
    const help = await runInstalled(['--help'], empty);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sagectl');
    expect(readdirSync(empty)).toEqual([]);

    // The examples ship, so "see examples/" in the no-config message points somewhere real.
    const example = path.join(work, 'prefix', 'node_modules', 'sagectl', 'examples', 'xgboost.yaml');
    const plan = await runInstalled(['deploy', '--dry-run', '--config', example, '--stack', uniqueStack('pack'), '--output', 'json'], empty);
    expect(plan.stderr).not.toSatisfy(hasStackTrace);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ outcome: 'planned' });
  });

  it('init --yes writes a config that deploy --dry-run plans from, once its placeholders are filled', async () => {
    const empty = mkdtempSync(path.join(work, 'init-'));
    const stack = uniqueStack('init');
    const flags = [
      '--yes',
      '--stack',
      stack,
      '--region',
      'us-east-1',
      '--role',
      ROLE,
      '--image',
      IMAGE,
      '--model-data',
      's3://my-ml-bucket/churn/output/model.tar.gz',
    ];
    const written = await runInstalled(['init', ...flags], empty);
    expect(written.stderr).not.toSatisfy(hasStackTrace);
    expect(written.code).toBe(0);
    const plan = await runInstalled(['deploy', '--dry-run', '--output', 'json'], empty);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ outcome: 'planned' });

    // Flags left out: placeholders, refused (exit 2) until the variables are set, then planned.
    const bare = mkdtempSync(path.join(work, 'init-'));
    expect((await runInstalled(['init', '--yes', '--stack', stack], bare)).code).toBe(0);
    const unfilled = await runInstalled(['deploy', '--dry-run'], bare);
    expect(unfilled.code).toBe(2);
    expect(unfilled.stderr).toContain('SAGECTL_ROLE is not set');
    const filled = await runInstalled(['deploy', '--dry-run', '--output', 'json'], bare, {
      SAGECTL_ROLE: ROLE,
      SAGECTL_IMAGE: IMAGE,
      SAGECTL_MODEL_DATA: 's3://my-ml-bucket/churn/output/model.tar.gz',
    });
    expect(filled.code).toBe(0);
    expect(JSON.parse(filled.stdout)).toMatchObject({ outcome: 'planned' });
  });
});
