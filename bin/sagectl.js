#!/usr/bin/env node
// The SDK warns on every process under Node versions it is about to drop; sagectl states its own
// Node support in README and keeps stderr for its logs. A user's own setting wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { run } = await import('../dist/cli.js');
try {
  process.exitCode = await run(process.argv);
} catch (error) {
  // Only a bug reaches here: commands report their own errors.
  process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
