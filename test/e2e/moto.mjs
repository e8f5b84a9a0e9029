// The end-to-end harness's moto server: a project-local Python venv with the pinned moto,
// and a launcher (moto_server.py) that patches moto's SageMaker closer to AWS and serves it
// on 127.0.0.1. Nothing here uses a machine-wide moto or the user's AWS configuration.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const REQUIREMENTS = 'test/e2e/requirements.txt';
const LAUNCHER = 'test/e2e/moto_server.py';
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_KEEP = 16_384;
/** Written into the venv after a successful install: the hash of requirements.txt it installed. */
const STAMP = '.sagectl-e2e-requirements';
/** The repository root: this file is test/e2e/moto.mjs. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
function run(file, args, options) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr).trim() || String(stdout).trim();
        reject(new Error(`${[file, ...args].join(' ')} failed: ${error.message}${detail ? `\n${detail}` : ''}`));
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}
/** Environment for the venv's Python: nothing from outside the venv on its import path. */
function pythonEnv() {
  const env = { ...process.env, PYTHONNOUSERSITE: '1', PYTHONUNBUFFERED: '1' };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  delete env.VIRTUAL_ENV;
  return env;
}
function venvPython(root) {
  return process.platform === 'win32' ? path.join(root, '.venv', 'Scripts', 'python.exe') : path.join(root, '.venv', 'bin', 'python');
}
async function installedMotoVersion(python, root) {
  try {
    const { stdout } = await run(python, ['-c', 'import moto; print(moto.__version__)'], { cwd: root, env: pythonEnv() });
    return stdout.trim();
  } catch {
    return undefined;
  }
}
/**
 * Makes `<root>/.venv` hold the moto pinned in test/e2e/requirements.txt and returns the
 * path of its Python. Creates the venv with `python3 -m venv` when missing; runs pip only
 * when the installed moto is not the pinned version or requirements.txt changed since the
 * last install, so a ready venv costs one `import moto`.
 */
export async function ensureVenv(root = PROJECT_ROOT) {
  const requirementsPath = path.join(root, REQUIREMENTS);
  const requirements = await readFile(requirementsPath, 'utf8');
  const pinned = /^moto(?:\[[^\]]*\])?==(\S+)/m.exec(requirements)?.[1];
  if (!pinned) throw new Error(`${REQUIREMENTS} does not pin moto (expected a line like moto[server]==X.Y.Z)`);
  const digest = createHash('sha256').update(requirements).digest('hex');
  const python = venvPython(root);
  if (!existsSync(python)) {
    await run('python3', ['-m', 'venv', path.join(root, '.venv')], { cwd: root, env: pythonEnv() });
  }
  const stampPath = path.join(root, '.venv', STAMP);
  const stamp = existsSync(stampPath) ? (await readFile(stampPath, 'utf8')).trim() : '';
  if ((await installedMotoVersion(python, root)) === pinned && stamp === digest) return python;
  await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '-r', requirementsPath], { cwd: root, env: pythonEnv() });
  const installed = await installedMotoVersion(python, root);
  if (installed !== pinned) {
    throw new Error(`pip installed ${REQUIREMENTS}, but the venv's moto is ${installed ?? 'not importable'}, not ${pinned}`);
  }
  await writeFile(stampPath, `${digest}\n`);
  return python;
}
/** A port that was free on 127.0.0.1 a moment ago (bound to port 0, read, released). */
async function freePort() {
  const server = net.createServer();
  server.listen(0, HOST);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not read the port the OS chose');
  return address.port;
}
/** The AWS requests a launcher at `endpoint` has counted. */
export async function readRequestLog(endpoint) {
  const response = await fetch(`${endpoint}/_e2e/requests`);
  if (!response.ok) throw new Error(`GET ${endpoint}/_e2e/requests answered HTTP ${response.status}`);
  return await response.json();
}
export async function resetRequestLog(endpoint) {
  const response = await fetch(`${endpoint}/_e2e/requests/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`POST ${endpoint}/_e2e/requests/reset answered HTTP ${response.status}`);
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}
async function stopChild(child) {
  if (exited(child)) return;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exit;
  } finally {
    clearTimeout(timer);
  }
}
/** Spawns the launcher on `port` and waits until it answers HTTP, or fails with its stderr. */
async function launch(python, root, port) {
  const child = spawn(python, [path.join(root, LAUNCHER), '--port', String(port), '--stop-on-stdin-eof'], {
    cwd: root,
    env: pythonEnv(),
    // stdin stays open as a pipe: if this process dies, the launcher sees EOF and stops.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  child.stdout?.resume();
  let spawnError;
  child.on('error', (error) => {
    spawnError = error;
  });
  const endpoint = `http://${HOST}:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (spawnError) throw new Error(`could not start ${LAUNCHER}: ${spawnError.message}`);
    if (exited(child)) {
      const how = child.exitCode !== null ? `code ${child.exitCode}` : `signal ${child.signalCode}`;
      throw new Error(`${LAUNCHER} exited with ${how} before it was ready${stderr ? `:\n${stderr.trim()}` : ''}`);
    }
    try {
      const response = await fetch(`${endpoint}/_e2e/requests`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${LAUNCHER} did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s${stderr ? `:\n${stderr.trim()}` : ''}`);
    }
    await sleep(100);
  }
}
/** Starts the patched moto server on 127.0.0.1 (`opts.port`, else a free port), creating the venv if needed. */
export async function startMoto(opts = {}) {
  const root = opts.root ?? PROJECT_ROOT;
  const python = await ensureVenv(root);
  // The port is free when chosen, but another process may take it before moto binds it:
  // then the launcher dies at once ("Address already in use") and another port is tried.
  // A port the caller named is tried once: its failure is the caller's to report.
  let child;
  let port = 0;
  for (let attempt = 1; child === undefined; attempt++) {
    port = opts.port ?? (await freePort());
    try {
      child = await launch(python, root, port);
    } catch (error) {
      if (opts.port !== undefined || attempt >= 3 || !/address already in use/i.test(String(error))) throw error;
    }
  }
  const server = child;
  const endpoint = `http://${HOST}:${port}`;
  return {
    endpoint,
    port,
    stop: () => stopChild(server),
    requestCount: async () => (await readRequestLog(endpoint)).count,
    resetRequests: () => resetRequestLog(endpoint),
  };
}
/**
 * The environment for spawning sagectl against moto: every AWS_* variable of `base` is
 * dropped (profiles, session tokens, per-service endpoint overrides), then the endpoint,
 * region and fake credentials are set, and the shared config/credentials files point at
 * paths that do not exist, so ~/.aws is never read and no real account is reachable.
 */
export function e2eEnv(endpoint, base = process.env) {
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('AWS_')) env[key] = value;
  }
  const nowhere = path.join(os.tmpdir(), 'sagectl-e2e-no-aws-config');
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(nowhere, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(nowhere, 'credentials'),
  };
}
