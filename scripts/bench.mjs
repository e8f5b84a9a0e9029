#!/usr/bin/env node
// `npm run bench`: two figures, measured in one run (a benchmark, not a timed test).
//  1. the median cold start of `sagectl --help` beside the bare `node -e 0` floor, and their
//     ratio (goal: at most 1.4×);
//  2. the AWS requests a fresh single-variant deploy sends, waiting included, counted by the
//     moto server (goal: at most 8);
//  3. detection lag while waiting (scripts/bench/detection.mjs);
//  then each section of scripts/bench/ (requests per operation, peak RSS per command).
// Every figure is also written as JSON (BENCH_JSON, default .bench/bench-results.json) so the
// trend can be compared between commits. BENCH_ONLY=requests,memory runs only those sections.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const wanted = (section) => ONLY === undefined || ONLY.has(section);
const results = [];

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

if (wanted('startup')) {
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
  results.push({ name: 'cold start ratio (sagectl --help / node -e 0)', value: Number(ratio.toFixed(2)), unit: '×', goal: 1.4, ok: ratio <= 1.4 });
}

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
