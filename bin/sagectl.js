#!/usr/bin/env node
// CommonJS (bin/package.json says so), as is dist/cli.cjs: `--help` and `--version` then run
// without Node's ES module loader, about 5 ms of their start (issue 16). A command's workflow is
// an ES module chunk, imported when the command runs.
'use strict';

// The SDK warns on every process under Node versions it is about to drop; sagectl states its own
// Node support in README and keeps stderr for its logs. A user's own setting wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Node 22.1+ keeps the compiled code of dist/ on disk (in the OS temp folder) for the next start;
// Node 20 has no such cache and goes on without it.
require('node:module').enableCompileCache?.();

const { run } = require('../dist/cli.cjs');

void main();

async function main() {
  let code;
  try {
    code = await run(process.argv);
  } catch (error) {
    // Only a bug reaches here: commands report their own errors.
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  }
  process.exitCode = code;
  // The command is over: end now, once stdout and stderr are written. Left to itself, Node would
  // wait for whatever the AWS SDK still holds (keep-alive sockets, a request timer that a failed
  // request never cleared), for a minute after an error.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/** Resolves once everything written to the stream so far is handed to the OS (or the stream is gone). */
function flushed(stream) {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}
