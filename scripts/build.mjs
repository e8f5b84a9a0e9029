#!/usr/bin/env node
// `npm run build`: bundles the CLI into dist/ with esbuild, so that starting sagectl costs close
// to starting node (one file for `--help`, instead of a module graph of a few hundred files).
//
// - dist/cli.cjs: what bin/sagectl.js requires. It holds commander and the command declarations,
//   and nothing else, as CommonJS so that `--help` and `--version` never start Node's ES module
//   loader (see cliShell). Every `await import()` in src/cli.ts (a command's workflow) is an
//   import() of an ES module chunk in dist/chunks/ (chunks/<command>-<file>-<hash>.js), and so is
//   every import() in those (a service and its SDK client), loaded only when the command runs.
// - dist/config-check.cjs (+ .cache, V8's code cache for it): the config check the shell runs
//   before a workflow loads, CommonJS and self-contained, so a config error starts no ES module
//   loader either (see step 4).
// - The AWS SDK (@aws-sdk/*, @smithy/*) stays in node_modules and is imported from the chunks that
//   need it: it is big, loaded only by commands that call AWS, and the import trace of the CLI
//   tests can see it. Everything else (yaml, zod, pino, …) is bundled: loading it file by file
//   costs more than parsing it.
// - dist/lambda/<name>.js: each function sagectl deploys (src/lambda/<name>.ts), one file apiece
//   that imports only the SDK.
// - dist/core/json-schema.js: for `npm run schema`; dist/core/poller.js: for the detection-lag bench
//   (scripts/bench/detection.mjs runs the built poller over a fake clock).
// - build/meta.json (not shipped): which source files went into which output, for the tests that
//   prove `--help` and config errors load neither the SDK nor zod.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const SDK = ['@aws-sdk/*', '@smithy/*'];
const CONFIG_CHECK = path.resolve('src/cli/config-check.ts');
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Not minified (it measured no faster to start), so a stack trace at debug level still reads
  // and the Lambda handler stays readable in the Lambda console. No source maps: the package
  // ships no sources for them to point at.
  legalComments: 'none',
};

/**
 * Commander requires node:child_process when it loads, for the git-style executable subcommands
 * sagectl does not use: about 3 ms of every start, `--help` included. Loaded on first use instead.
 */
const commanderWithoutChildProcess = {
  name: 'commander-without-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${path}: no "${eager}" to make lazy (commander changed?)`);
      const lazy =
        "let loadedChildProcess; const childProcess = { spawn: (...args) => (loadedChildProcess ??= require('node:child_process')).spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

/**
 * yaml's Node entry is CommonJS, which esbuild bundles whole (about 260 KB that every config
 * error parses). The same code ships as ES modules (its "browser" build), which esbuild can trim
 * to what sagectl calls. Where that build differs, it is given the Node behaviour back: warnings
 * (a map key that is a list) go through process.emitWarning, not console.warn.
 */
const yamlAsEsModules = {
  name: 'yaml-as-es-modules',
  setup(build) {
    const entry = fileURLToPath(new URL('../node_modules/yaml/browser/dist/index.js', import.meta.url));
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: entry }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]browser[\\/]dist[\\/]log\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const browser = 'console.warn(warning);';
      if (!source.includes(browser)) throw new Error(`${path}: no "${browser}" to replace (yaml changed?)`);
      return { contents: source.replace(browser, 'process.emitWarning(warning);'), loader: 'js' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });

// 1. Which modules the CLI shell imports lazily (a command's workflow): found by bundling
//    src/cli.ts once without writing it.
const lazyTargets = new Set();
await esbuild.build({ ...cliShell(() => undefined), write: false });

// 2. Those modules as ES modules, split into chunks they share.
const workflows = await esbuild.build({
  ...common,
  // chunks/deploy-index-<hash>.js for src/commands/deploy/index.ts, and so on.
  entryPoints: Object.fromEntries(
    [...lazyTargets].map((source) => [
      `chunks/${path
        .relative('src', source)
        .replace(/\.ts$/, '')
        .replace(/^commands\//, '')
        .replaceAll(path.sep, '-')}`,
      source,
    ]),
  ),
  outdir: 'dist',
  entryNames: '[dir]/[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  external: SDK,
  // Bundled CommonJS packages (pino) call require() for Node's own modules; an ES module has no
  // require, so give each output file one.
  banner: { js: "import{createRequire as __sagectlCreateRequire}from'node:module';const require=__sagectlCreateRequire(import.meta.url);" },
  metafile: true,
  plugins: [yamlAsEsModules],
});
const chunkOf = new Map(
  Object.entries(workflows.metafile.outputs)
    .filter(([, out]) => out.entryPoint !== undefined)
    .map(([file, out]) => [path.resolve(out.entryPoint), `./${path.relative('dist', file)}`]),
);

// 3. The shell itself, CommonJS, its lazy imports pointing at the chunks of step 2.
const cli = await esbuild.build(cliShell((source) => chunkOf.get(source)));

// 4. The config check the shell runs before a workflow loads (src/cli/config-check.ts), CommonJS
//    and self-contained (yaml, zod, the schema, the error line), so that a config error, which
//    parses about half a megabyte of it, never starts Node's ES module loader either: about 7 ms
//    of its start. A config found valid reaches the workflow as plain data (config-check.ts
//    CHECKED), so the workflow's own copy of zod and the schema never meets this one's objects.
const configCheck = await esbuild.build({
  ...common,
  format: 'cjs',
  entryPoints: { 'config-check': CONFIG_CHECK },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  // logger.ts finds pino-pretty from import.meta.url, which CommonJS has not: give it this file's.
  define: { 'import.meta.url': '__sagectlFileUrl' },
  banner: { js: "const __sagectlFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
  plugins: [yamlAsEsModules],
});
writeCodeCache('dist/config-check.cjs');

// 5. Entry points for the scripts (each its own file; they run in a process of their own).
const scripts = await esbuild.build({
  ...common,
  entryPoints: { 'core/json-schema': 'src/core/json-schema.ts', 'core/poller': 'src/core/poller.ts' },
  outdir: 'dist',
  external: SDK,
  metafile: true,
  plugins: [yamlAsEsModules],
});

/**
 * The options that bundle src/cli.ts into dist/cli.cjs. CommonJS, because Node starts an ES
 * module loader for the first ES module a process loads, and `--help` or `--version` then costs
 * about 5 ms more: the shell (commander and the declarations) needs no ES module, and a command's
 * `await import()` of its workflow starts the loader only when the command runs. Each such import
 * stays an import() of the workflow's chunk (`chunkFor` gives its path; undefined while step 1
 * lists them). Nothing the shell bundles is shared with a chunk at run time except by value:
 * its own copy of version, errors or error-document is not one a workflow sees.
 */
function cliShell(chunkFor) {
  return {
    ...common,
    format: 'cjs',
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    metafile: true,
    plugins: [
      commanderWithoutChildProcess,
      {
        name: 'workflows-as-chunks',
        setup(build) {
          build.onResolve({ filter: /^\./ }, async (args) => {
            if (args.kind !== 'dynamic-import') return undefined;
            const source = path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
            // The config check: a require() of dist/config-check.cjs (step 4), not an import().
            if (source === CONFIG_CHECK) return { path: 'config-check', namespace: 'required-config-check' };
            lazyTargets.add(source);
            const chunk = chunkFor(source);
            return { path: chunk ?? args.path, external: true };
          });
          // Required with the code cache of step 4 (src/cli/code-cache.ts), from beside dist/cli.cjs,
          // when checkConfigFirst is called, and held by nothing after: a good config's check
          // leaves its copy of yaml and zod for the collector, not for the command's peak RSS.
          build.onLoad({ filter: /.*/, namespace: 'required-config-check' }, () => ({
            contents: [
              "const { requireWithCodeCache } = require('./code-cache.ts');",
              "const file = require('node:path').join(__dirname, 'config-check.cjs');",
              'exports.checkConfigFirst = (globals) => requireWithCodeCache(file).checkConfigFirst(globals);',
            ].join('\n'),
            resolveDir: path.resolve('src/cli'),
            loader: 'js',
          }));
        },
      },
    ],
  };
}

// The functions sagectl deploys, each one self-contained file (src/lambda/<name>.ts →
// dist/lambda/<name>.js): the Lambda runtime provides the SDK v3 and nothing else.
await esbuild.build({
  ...common,
  entryPoints: readdirSync('src/lambda')
    // The janitor is bundled with its own SDK clients and sagectl's modules by build-janitor.mjs.
    .filter((file) => file.endsWith('.ts') && file !== 'janitor.ts')
    .map((file) => `src/lambda/${file}`),
  outdir: 'dist/lambda',
  external: SDK,
});

const meta = { inputs: {}, outputs: {} };
for (const { metafile } of [cli, configCheck, workflows, scripts]) {
  Object.assign(meta.inputs, metafile.inputs);
  Object.assign(meta.outputs, metafile.outputs);
}
checkLayout(meta);
checkLazyImports(meta);
mkdirSync('build', { recursive: true });
writeFileSync('build/meta.json', JSON.stringify(meta, null, 1));

/**
 * Writes V8's code cache for `file` (a CommonJS file of dist/) to `<file>.cache`, for
 * requireWithCodeCache (src/cli/code-cache.ts). Made in a node of its own, as the shell runs it:
 * with the V8 flag the shell sets before the check (src/core/young-generation.ts; V8 refuses a
 * cache made under other flags), and after a check of a bad and of a good config, so that the
 * functions a check compiles are in it too. A Node other than this one refuses it, and compiles.
 */
function writeCodeCache(file) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'sagectl-code-cache-'));
  try {
    // An instance type without its `ml.` prefix: the error path, with its "did you mean".
    writeFileSync(
      path.join(work, 'bad.yaml'),
      'name: churn\nrole: arn:aws:iam::123456789012:role/R\nmodel:\n  image: img\nendpoint:\n  instanceType: m5.large\n',
    );
    writeFileSync(path.join(work, 'good.yaml'), readFileSync('examples/xgboost.yaml'));
    const script = `
      require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
      const { readFileSync, writeFileSync } = require('node:fs');
      const Module = require('node:module');
      const path = require('node:path');
      const { Script } = require('node:vm');
      const file = ${JSON.stringify(path.resolve(file))};
      const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
      const module = { exports: {} };
      script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
      (async () => {
        for (const config of ['bad.yaml', 'good.yaml']) await module.exports.checkConfigFirst({ config, logFormat: 'json' });
        writeFileSync(file + '.cache', script.createCachedData());
        process.exitCode = 0; // the bad config's 2
      })();`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (r.status !== 0) throw new Error(`could not write the code cache of ${file}: ${r.stderr}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every import() left in dist/cli.cjs names a chunk that step 2 wrote (or a module of Node's own). */
function checkLazyImports(meta) {
  for (const { path: target, kind } of meta.outputs['dist/cli.cjs'].imports) {
    if (kind !== 'dynamic-import' || target.startsWith('node:')) continue;
    const file = path.join('dist', target);
    if (!(file in meta.outputs)) throw new Error(`dist/cli.cjs imports ${target}, which the build did not write`);
  }
}

/**
 * What the rest of the code relies on: bundle.ts finds the handler as ../lambda/handler.js, and
 * janitor/install.ts the janitor as ../janitor/handler.mjs, from their own chunks, so both must be
 * in dist/chunks/, never in dist/cli.cjs.
 */
function checkLayout(meta) {
  for (const [source, constant] of [
    ['src/commands/wire-api/bundle.ts', 'HANDLER_JS'],
    ['src/commands/janitor/install.ts', 'BUNDLE'],
  ]) {
    const home = Object.entries(meta.outputs).find(([, out]) => source in out.inputs)?.[0];
    if (!home?.startsWith('dist/chunks/')) throw new Error(`${source} landed in ${home}, not in dist/chunks/: fix ${constant}`);
  }
}
