// Preloaded with `node --import` by the CLI tests: prints every module the process loads that is,
// or holds, the AWS SDK (SDK-LOADED), zod (ZOD-LOADED) or the JMESPath library of --query
// (JMESPATH-LOADED), so a test can prove `--help` loads none; and every module that holds a
// command's workflow (WORKFLOW-LOADED: any module of src/commands/ but the declarations), so a
// test can prove a config error answers before one loads.
// The build bundles zod into dist/ (scripts/build.mjs), so a file of dist/ is looked up in the
// build's metafile (build/meta.json): it "is" zod when zod's sources went into it. The SDK stays
// in node_modules and is seen by its own path, as is anything else not bundled. The hooks see
// ES modules; a CommonJS file is seen by a wrapper of require's loader (Module._load), and the
// shell's config check (dist/config-check.cjs, compiled by src/cli/code-cache.ts with node:vm) by
// a wrapper of node:vm's Script, with the same report.
import { readFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

const meta = JSON.parse(readFileSync(new URL('../../build/meta.json', import.meta.url), 'utf8'));
const dist = new URL('../../dist/', import.meta.url).href;
// For each output file (by URL): which of them it holds.
const holds = {};
for (const [output, { inputs }] of Object.entries(meta.outputs)) {
  const sources = Object.keys(inputs);
  holds[new URL(`../../${output}`, import.meta.url).href] = {
    sdk: sources.some((s) => /node_modules\/(@aws-sdk|@smithy)\//.test(s)),
    zod: sources.some((s) => /node_modules\/zod\//.test(s)),
    jmespath: sources.some((s) => /node_modules\/@jmespath-community\//.test(s)),
    workflow: sources.some((s) => /^src\/commands\/(?!completion\/)[\w-]+\/(?!cli\.ts$)/.test(s)),
  };
}

/** Reports one module loaded, by URL; the same function runs in the hooks' thread (as source). */
function report(url, holds, dist) {
  const bundled = holds[url];
  if (url.startsWith(dist) && !bundled) process.stderr.write('UNKNOWN-DIST-FILE ' + url + ' (stale build/meta.json?)\n');
  if (/@aws-sdk|@smithy/.test(url) || bundled?.sdk) process.stderr.write('SDK-LOADED ' + url + '\n');
  if (/node_modules\/zod\//.test(url) || bundled?.zod) process.stderr.write('ZOD-LOADED ' + url + '\n');
  if (/@jmespath-community/.test(url) || bundled?.jmespath) process.stderr.write('JMESPATH-LOADED ' + url + '\n');
  if (bundled?.workflow) process.stderr.write('WORKFLOW-LOADED ' + url + '\n');
}

const hooks = `
const holds = ${JSON.stringify(holds)};
const dist = ${JSON.stringify(dist)};
${report.toString()}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  report(result.url, holds, dist);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const load = Module._load;
Module._load = function (request, parent, isMain) {
  const file = Module._resolveFilename(request, parent, isMain);
  if (path.isAbsolute(file)) report(pathToFileURL(file).href, holds, dist);
  return load.call(this, request, parent, isMain);
};

const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    if (typeof options?.filename === 'string' && path.isAbsolute(options.filename)) report(pathToFileURL(options.filename).href, holds, dist);
  }
};
