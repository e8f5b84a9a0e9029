// `npm run bench` section: the cost of starting sagectl beside the cost of starting bare node.
// Three command lines, each against the `node -e 0` floor, all in one interleaved run:
//   sagectl --help                        goal ≤ 1.25× the floor's CPU time
//   sagectl --version                     goal ≤ 1.25×
//   sagectl deploy --config bad.yaml      goal ≤ 2×   (YAML + schema + logger, no AWS SDK)
// CPU time is the child's own user + system time (getrusage of the waited-for child, as bash's
// `time` reports it, to the millisecond): unlike wall time it does not count the time the
// machine gave to other processes. Wall time is printed beside it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

// A config that parses as YAML and fails the schema (no `ml.` prefix): exit 2, before any AWS call.
const BAD_CONFIG = 'name: churn\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img\nendpoint:\n  instanceType: m5.large\n';

/**
 * Runs `node ...args` once under bash's `time` and returns its wall time and CPU time (user +
 * system) in milliseconds. bash measures the child alone: its own start-up is not counted.
 * `expectCode`: the exit code the run must end with (null: any).
 */
function measureOnce(args, { cwd, env, expectCode = 0 }) {
  const quoted = [process.execPath, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const script = `TIMEFORMAT='%3R %3U %3S'; { time ${quoted} >/dev/null 2>&1 ; echo "code $?" >&2; } 2>&1`;
  const r = spawnSync('bash', ['-c', script], { cwd, env, encoding: 'utf8' });
  const code = /code (\d+)/.exec(r.stdout)?.[1];
  if (expectCode !== null && Number(code) !== expectCode)
    throw new Error(`node ${args.join(' ')} exited ${code} (expected ${expectCode}): ${r.stdout}${r.stderr}`);
  const times = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)/.exec(r.stdout);
  if (!times) throw new Error(`no timing from bash for node ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  const [wall, user, sys] = times.slice(1).map((s) => Number(s) * 1000);
  return { wall, cpu: user + sys };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * Measures the three start-up ratios; prints one line each and returns them as bench figures.
 * `ctx.root` is the project (default: this checkout), `ctx.runs` the runs per command line (15).
 */
export async function run(ctx = {}) {
  const root = ctx.root ?? DEFAULT_ROOT;
  const runs = Number(ctx.runs ?? process.env.BENCH_RUNS ?? 15);
  const bin = path.join(root, 'bin', 'sagectl.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-bench-'));
  try {
    writeFileSync(path.join(dir, 'bad.yaml'), BAD_CONFIG);
    // No AWS request may be made; an endpoint nobody listens on would make one fail loudly.
    const env = { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', NO_COLOR: '1' };
    delete env.NODE_OPTIONS;
    const lines = [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'sagectl --help', args: [bin, '--help'], goal: 1.25 },
      { name: 'sagectl --version', args: [bin, '--version'], goal: 1.25 },
      { name: 'sagectl config error', args: [bin, 'deploy', '--config', 'bad.yaml'], goal: 2, expectCode: 2 },
    ];
    const samples = lines.map(() => ({ wall: [], cpu: [] }));
    // One warm-up each for the file cache, then every command line in turn, so that machine
    // noise falls on all of them alike.
    for (const line of lines) measureOnce(line.args, { cwd: dir, env, expectCode: line.expectCode });
    for (let i = 0; i < runs; i++) {
      lines.forEach((line, j) => {
        const t = measureOnce(line.args, { cwd: dir, env, expectCode: line.expectCode });
        samples[j].wall.push(t.wall);
        samples[j].cpu.push(t.cpu);
      });
    }
    const floor = { wall: median(samples[0].wall), cpu: median(samples[0].cpu) };
    console.log(`start-up (median of ${runs}, CPU = user + sys of the process): node -e 0 ${floor.cpu.toFixed(0)} ms CPU, ${floor.wall.toFixed(0)} ms wall`);
    const figures = [];
    lines.forEach((line, j) => {
      if (line.goal === undefined) return;
      const cpu = median(samples[j].cpu);
      const wall = median(samples[j].wall);
      const ratio = cpu / floor.cpu;
      const ok = ratio <= line.goal;
      console.log(
        `  ${line.name.padEnd(22)} ${(ratio.toFixed(2) + '×').padStart(6)} CPU (${cpu.toFixed(0)} ms), ${(wall / floor.wall).toFixed(2)}× wall (${wall.toFixed(0)} ms)   goal ≤ ${line.goal.toFixed(2)}× CPU ${ok ? 'met' : 'MISSED'}`,
      );
      figures.push({
        name: `start-up ${line.name.replace(/^sagectl /, '')} (CPU vs node -e 0)`,
        value: Number(ratio.toFixed(3)),
        unit: '×',
        goal: line.goal,
        ok,
      });
    });
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Runnable alone: `node scripts/bench/startup.mjs` (after `npm run build`).
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await run();
