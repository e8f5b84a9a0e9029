#!/usr/bin/env node
// `npm run bench`: figures measured in one run (a benchmark, not a timed test).
//  1. start-up (scripts/bench/startup.mjs): `sagectl --help`, `--version` and a config error
//     beside bare `node -e 0`, CPU time, median of 15 (goals: 1.25×, 1.25×, 2×);
//  2. the AWS requests a fresh single-variant deploy sends, waiting included, counted by the
//     moto server (goal: at most 8);
//  3. then each section of scripts/bench/: detection lag while waiting, requests per operation,
//     peak RSS per command, status --idle over regions × accounts against one run per pair, and
//     drift's records per second and peak RSS over captured traffic.
// Every figure is also written as JSON (BENCH_JSON, default .bench/bench-results.json) so the
// trend can be compared between commits. BENCH_ONLY=requests,memory runs only those sections.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run as startup } from './bench/startup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const wanted = (section) => ONLY === undefined || ONLY.has(section);
const results = [];

if (wanted('startup')) results.push(...(await startup({ root })));

const { ensureVenv, startMoto, e2eEnv, readRequestLog } = await import('../test/e2e/moto.mjs');
await ensureVenv(root);
const moto = await startMoto({ root });
try {
  const env = e2eEnv(moto.endpoint);
  if (wanted('deploy')) {
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
    results.push({ name: 'requests: fresh single-variant deploy', value: requests, unit: 'requests', goal: 8, ok: requests <= 8 });
  }
  const ctx = { root, env, moto, readRequestLog };
  const sections = {
    detection: () => import('./bench/detection.mjs'),
    requests: () => import('./bench/requests.mjs'),
    memory: () => import('./bench/memory.mjs'),
    regions: () => import('./bench/regions.mjs'),
    drift: () => import('./bench/drift.mjs'),
  };
  for (const [section, load] of Object.entries(sections)) {
    if (wanted(section)) results.push(...((await (await load()).run(ctx)) ?? []));
  }
} finally {
  await moto.stop();
}

const out = process.env.BENCH_JSON ?? path.join(root, '.bench', 'bench-results.json');
mkdirSync(path.dirname(out), { recursive: true });
const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), commit, results }, null, 2)}\n`);
console.log(`figures written to ${path.relative(root, out)}`);
