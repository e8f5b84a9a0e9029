#!/usr/bin/env node
// `npm run bench`: figures measured in one run (a benchmark, not a timed test).
//  1. start-up (scripts/bench/startup.mjs): `sagectl --help`, `--version` and a config error
//     beside bare `node -e 0`, CPU time, median of 15 (goals: 1.25×, 1.25×, 2×);
//  2. the AWS requests a fresh single-variant deploy sends, waiting included, counted by the
//     moto server (goal: at most 8);
//  3. detection lag while waiting (scripts/bench/detection.mjs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run as startup } from './bench/startup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

await startup({ root });

const { ensureVenv, startMoto, e2eEnv } = await import('../test/e2e/moto.mjs');
await ensureVenv(root);
const moto = await startMoto({ root });
try {
  const env = e2eEnv(moto.endpoint);
  const stack = `bench-${process.pid}`;
  await moto.resetRequests();
  const deploy = spawnSync(process.execPath, ['bin/sagectl.js', 'deploy', '-c', 'examples/xgboost.yaml', '--stack', stack, '--log-level', 'warn'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (deploy.status !== 0) throw new Error(`deploy exited ${deploy.status}`);
  const requests = await moto.requestCount();
  console.log(`requests: a fresh single-variant deploy sent ${requests} AWS requests, waiting included (goal ≤ 8)`);
  spawnSync(process.execPath, ['bin/sagectl.js', 'teardown', stack, '--yes', '--log-level', 'warn'], { cwd: root, env, stdio: 'ignore' });
  await (await import('./bench/detection.mjs')).run({ root, moto, env });
} finally {
  await moto.stop();
}
