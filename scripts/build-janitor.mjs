#!/usr/bin/env node
// Bundles the janitor function (src/lambda/janitor.ts) with everything it imports — sagectl's
// own selection and teardown modules, pino, the AWS SDK clients it uses — into one ES module,
// dist/janitor/handler.mjs, which `sagectl janitor install` zips. Run by `npm run build`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/lambda/janitor.ts'],
  outfile: 'dist/janitor/handler.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  metafile: true,
  // Bundled CommonJS (pino) calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __sagectlRequire } from 'node:module'; const require = __sagectlRequire(import.meta.url);" },
  // pino-pretty is only for terminals; the function logs JSON lines.
  external: ['pino-pretty'],
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stderr.write(`dist/janitor/handler.mjs: ${(bytes / 1024).toFixed(0)} KiB\n`);
