#!/usr/bin/env node
// `npm run bench`: two figures, measured in one run (a benchmark, not a timed test).
//  1. the median cold start of `sagectl --help` beside the bare `node -e 0` floor, and their
//     ratio (goal: at most 1.4×);
//  2. the AWS requests a fresh single-variant deploy sends, waiting included, counted by the
//     moto server (goal: at most 8).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

function timeOnce(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// Alternate the two so that machine noise hits both alike; one warm-up each for the file cache.
timeOnce(['-e', '0']);
timeOnce(['bin/sagectl.js', '--help']);
const floor = [];
const help = [];
for (let i = 0; i < RUNS; i++) {
  floor.push(timeOnce(['-e', '0']));
  help.push(timeOnce(['bin/sagectl.js', '--help']));
}
const ratio = median(help) / median(floor);
console.log(
  `cold start: sagectl --help ${median(help).toFixed(1)} ms, node -e 0 ${median(floor).toFixed(1)} ms, ratio ${ratio.toFixed(2)}× (goal ≤ 1.40×, ${RUNS} runs each)`,
);

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
  await (await import('./bench/drift.mjs')).run({ root, moto, env });
} finally {
  await moto.stop();
}
