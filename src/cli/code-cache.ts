import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

type ModuleWrapper = (exports: object, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

/**
 * Requires a CommonJS file (`file`, absolute) as `require` would, compiled with the V8 code cache
 * the build wrote beside it (`<file>.cache`): the shell's config check (dist/config-check.cjs) is
 * about half a megabyte that every config error would otherwise parse and compile, about 14 ms of
 * its start on Node 20, which has no compile cache of its own (on Node 22.1+, which has, it is a
 * plain require). V8 checks the cache against its version, the source and its flags, and
 * compiles from source when it does not fit (no cache, another Node than the build's, other V8
 * flags): the cache only ever saves time. On that path the module is not kept in require's
 * cache: once its caller lets go of it, it can be collected.
 */
export function requireWithCodeCache(file: string): unknown {
  // Node 22.1+: its own compile cache (bin/sagectl.js turns it on) covers require, not node:vm,
  // and it fits whatever Node runs, where the build's cache fits only the build's Node.
  if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function') return createRequire(file)(file) as unknown;
  const source = readFileSync(file, 'utf8');
  const cachedData = cacheOf(file);
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

function cacheOf(file: string): Buffer | undefined {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined; // no cache (a build without one): compiled from source
  }
}
