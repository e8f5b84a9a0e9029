import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, hasStackTrace, runCli } from '../support/run-cli.js';
import { silentServer, type LocalServer } from '../support/local-servers.js';

/**
 * Issue 13, "never hang, never lie", as a user meets it: the built binary, its exit code, its
 * stderr and how long it takes. Every AWS address here is on 127.0.0.1 and started by the test.
 */
describe('the built binary is bounded', { timeout: 60_000 }, () => {
  let dir: string;
  // One server for the timeout cases, one that must never see a connection.
  let server: LocalServer;
  let untouched: LocalServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-bounds-'));
    server = await silentServer();
    untouched = await silentServer();
  });
  afterAll(async () => {
    await server.close();
    await untouched.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, AWS_REGION: 'us-east-1', ...extra });

  it('status against an address that never answers ends with "no answer from <endpoint>" and exit 6, no SDK warning', async () => {
    const started = Date.now();
    const result = await runCli(['status', '--endpoint-url', server.url, '--request-timeout', '1s'], { cwd: dir, env: env() });
    const took = Date.now() - started;
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`no answer from ${server.url} for ListEndpoints after 3 attempts of 1s each (region us-east-1)`);
    expect(result.stderr).toContain('--request-timeout');
    expect(result.stderr).not.toContain('throwOnRequestTimeout');
    expect(hasStackTrace(result.stderr)).toBe(false);
    // 3 attempts of 1 s, the backoff between them and the process start (slow on a busy machine);
    // without a timeout it waited more than 10 minutes.
    expect(took).toBeLessThan(25_000);
  });

  it('SAGECTL_REQUEST_TIMEOUT sets the timeout when the flag is absent; a bad value is a usage error', async () => {
    const result = await runCli(['status', '--endpoint-url', server.url], { cwd: dir, env: env({ SAGECTL_REQUEST_TIMEOUT: '500ms' }) });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('after 3 attempts of 500ms each');
    const bad = await runCli(['status', '--endpoint-url', server.url], { cwd: dir, env: env({ SAGECTL_REQUEST_TIMEOUT: '10' }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SAGECTL_REQUEST_TIMEOUT: expected a duration such as 90s');
  });

  it('ends as soon as the command has failed, whatever timers or sockets are left behind', async () => {
    // A timer left running, as the SDK left its request timer after refusing a header value
    // (the process then lingered 65 s after printing its error).
    const leftover = path.join(dir, 'leftover-timer.cjs');
    writeFileSync(leftover, 'setTimeout(() => undefined, 120_000);\n');
    const started = Date.now();
    const result = await runCli(['status', '--endpoint-url', 'http://127.0.0.1:1'], { cwd: dir, env: env({ NODE_OPTIONS: `--require=${leftover}` }) });
    expect(result.code).toBe(6);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a refused connection is a network failure (exit 6) naming the endpoint, not "refused" (exit 3)', async () => {
    const result = await runCli(['status', '--endpoint-url', 'http://127.0.0.1:1'], { cwd: dir, env: env() });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('could not reach http://127.0.0.1:1 for ListEndpoints: ECONNREFUSED');
    expect(result.stderr).not.toContain('was refused');
  });

  it.each([
    [['--custom-attributes', 'a\r\nX: 1'], '--custom-attributes: character 2 is a carriage return'],
    [['--variant', 'A\nB'], '--variant: character 2 is a line feed'],
    [['--accept', 'application/json\u0007'], '--accept: character 17 is a control character (U+0007)'],
    [['--content-type', 'text/csv, application/json'], '--content-type: expected one MIME type'],
    [['--custom-attributes', 'caf\u00e9'], '--custom-attributes: character 4 is'],
  ])('invoke %j is refused before anything is sent (exit 2), and the process ends at once', async (flags, message) => {
    const started = Date.now();
    const result = await runCli(['invoke', 'churn', '--data', '1,2,3', '--endpoint-url', untouched.url, ...flags], { cwd: dir, env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    // It lingered 65 s after the SDK refused the header; a process start is well under this.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(untouched.connections()).toBe(0);
  });

  it('--profile nope says the profile does not exist and lists those that do (exit 2), before any request', async () => {
    const config = path.join(dir, 'aws-config');
    writeFileSync(config, '[default]\nregion = us-east-1\n[profile ci]\nregion = eu-west-1\n');
    const result = await runCli(['status', '--profile', 'nope', '--endpoint-url', untouched.url], {
      cwd: dir,
      env: env({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--profile nope: no such profile in the AWS config or credentials file');
    expect(result.stderr).toContain('profiles that exist: ci, default');
    expect(untouched.connections()).toBe(0);
  });

  it('invoke --file /dev/zero stops one byte past 6 MB and refuses (exit 2), in bounded memory', async () => {
    const result = await runMeasured(['invoke', 'churn', '--file', '/dev/zero', '--endpoint-url', untouched.url], undefined);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/dev/zero: more than 6 MB');
    expect(result.peakRssMB).toBeLessThan(200);
  });

  it('an endless stdin stops one byte past the limit and refuses (exit 2), in bounded memory', async () => {
    const result = await runMeasured(['invoke', 'churn', '--endpoint-url', untouched.url], endless());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stdin: more than 6 MB');
    expect(result.peakRssMB).toBeLessThan(200);
  });

  it('deploy --config /dev/zero is refused at once (exit 2), without reading it whole', async () => {
    const started = Date.now();
    const result = await runMeasured(['deploy', '--config', '/dev/zero', '--endpoint-url', untouched.url], undefined);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/dev/zero: larger than 512 KB');
    expect(result.peakRssMB).toBeLessThan(200);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

/**
 * A preload script that prints the process's peak resident memory (VmHWM, Linux) as it exits:
 * reported by the child itself, so the measure is its own peak and not a sample.
 */
function peakRssReporter(): string {
  const file = path.join(os.tmpdir(), 'sagectl-peak-rss.cjs');
  writeFileSync(
    file,
    "process.on('exit', () => { const m = /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); process.stderr.write('PEAK-RSS-KB ' + (m ? m[1] : '0') + '\\n'); });\n",
  );
  return file;
}

/** Lines of CSV, forever (until the reader stops). */
function* endless(): Generator<Buffer> {
  const chunk = Buffer.from('1,2,3\n'.repeat(10_000));
  for (;;) yield chunk;
}

/**
 * Runs the binary with `stdin` fed from a generator (or closed), and reports its peak resident
 * memory (VmHWM, Linux), read from /proc just before it exits.
 */
function runMeasured(args: string[], stdin: Iterable<Buffer> | undefined): Promise<{ code: number | null; stderr: string; peakRssMB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', peakRssReporter(), BIN, ...args], {
      env: { ...process.env, AWS_REGION: 'us-east-1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // the reader stopped: that is the point
    if (stdin === undefined) child.stdin.end();
    else {
      const feed = stdin[Symbol.iterator]();
      const pump = (): void => {
        while (!child.stdin.destroyed) {
          const next = feed.next();
          if (next.done) return void child.stdin.end();
          if (!child.stdin.write(next.value)) return void child.stdin.once('drain', pump);
        }
      };
      pump();
    }
    child.on('close', (code) => {
      const kb = Number(/PEAK-RSS-KB (\d+)/.exec(stderr)?.[1] ?? 'NaN');
      resolve({ code, stderr, peakRssMB: kb / 1024 });
    });
  });
}
