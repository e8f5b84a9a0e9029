#!/usr/bin/env node
// `npm run demo`: sagectl end to end on this machine, no AWS account needed. Installs what is
// missing (npm packages from the lock file; moto into .venv), starts a local moto server, runs
// deploy → status → deploy again (nothing changes) → teardown of examples/xgboost.yaml against
// it, and stops the server.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sh(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}
function must(command, args) {
  if (sh(command, args) !== 0) {
    console.error(`demo: \`${command} ${args.join(' ')}\` failed`);
    process.exit(1);
  }
}

if (!existsSync(`${root}/node_modules/.package-lock.json`)) {
  console.log('demo: installing npm packages from the lock file…');
  must(npm, ['ci', '--no-audit', '--no-fund']);
}
must(npm, ['run', '--silent', 'build']);

const { ensureVenv, startMoto, e2eEnv } = await import('../test/e2e/moto.mjs');
console.log('demo: making sure .venv holds the pinned moto (the first time takes a minute)…');
await ensureVenv(root);
const moto = await startMoto({ root });
console.log(`demo: moto server (a local AWS emulator) listening on ${moto.endpoint}\n`);

const env = { ...e2eEnv(moto.endpoint), FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };
const stack = 'demo-churn';
const steps = [
  ['deploy', '--config', 'examples/xgboost.yaml', '--stack', stack],
  ['status'],
  ['deploy', '--config', 'examples/xgboost.yaml', '--stack', stack],
  ['teardown', stack, '--yes'],
];
let code = 0;
try {
  for (const args of steps) {
    console.log(`\n$ sagectl ${args.join(' ')}`);
    code = sh(process.execPath, ['bin/sagectl.js', ...args], env);
    if (code !== 0) {
      console.error(`demo: sagectl ${args[0]} exited ${code}`);
      break;
    }
  }
} finally {
  await moto.stop();
  console.log('\ndemo: moto server stopped');
}
if (code === 0) console.log('demo: done. To use a real AWS account, see "Using sagectl with AWS" in README.md.');
process.exitCode = code;
