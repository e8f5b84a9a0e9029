/**
 * Keeps V8's young generation at its starting size (1 MB semi-spaces) for the rest of the
 * process. Loading a command's modules and its SDK client (the SageMaker one is an 800 KB module
 * that builds thousands of objects as it loads) keeps enough objects alive across collections
 * that V8 doubles the young generation again and again, and the process keeps those pages: about
 * 5–15 MB of a single-stack command's peak RSS (issue 17). A command's work is short and mostly
 * waits on AWS, so the extra collections cost nothing measurable. V8 reads the growth factor each
 * time it would grow the space, so setting it at run time takes effect. Runs as a command starts,
 * before its modules load; node:v8 is loaded here so that `--help` never loads it.
 */
export async function limitYoungGeneration(): Promise<void> {
  // process.getBuiltinModule (Node 20.16+) loads it without import(), which in the CommonJS shell
  // would start Node's ES module loader: about 7 ms of a config error, which needs no ES module.
  const { setFlagsFromString } = (process.getBuiltinModule as typeof process.getBuiltinModule | undefined)?.('node:v8') ?? (await import('node:v8'));
  setFlagsFromString('--semi-space-growth-factor=1');
}
