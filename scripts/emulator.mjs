#!/usr/bin/env node
// `npm run emulator`: the local AWS emulator (the e2e suite's patched moto server) in the
// foreground, for trying sagectl by hand with no AWS account. Prints the `export` lines that
// point sagectl (and the AWS CLI) at it from another terminal; Ctrl-C stops it.
//   npm run emulator               # a free port on 127.0.0.1
//   npm run emulator -- --port 5000
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`emulator: --port: expected a port number 1-65535, found "${values.port}"`);
  process.exit(2);
}

const { ensureVenv, startMoto } = await import('../test/e2e/moto.mjs');
console.error('emulator: making sure .venv holds the pinned moto (the first time takes a minute)…');
await ensureVenv();
const moto = await startMoto(port === undefined ? {} : { port });

// Fake keys: the emulator accepts any; the config files point nowhere so ~/.aws is never read.
const exports = {
  AWS_ENDPOINT_URL: moto.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};
console.log(
  Object.entries(exports)
    .map(([key, value]) => `export ${key}=${value}`)
    .join('\n'),
);
console.error(
  [
    '',
    `emulator: listening on ${moto.endpoint}. In another terminal, paste the export lines above, then for example:`,
    '  sagectl deploy --config examples/xgboost.yaml',
    '  sagectl status',
    '  sagectl teardown churn-xgb --yes',
    '(`npm link` once puts `sagectl` on your PATH; or run `node bin/sagectl.js`.) Ctrl-C stops the emulator; its state goes with it.',
  ].join('\n'),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await moto.stop();
  console.error('emulator: stopped');
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
