// vitest globalSetup for the cli project: its tests spawn bin/sagectl.js, which runs dist/. Without a
// build every case would fail on its own with a module-not-found trace; say once what is missing.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUILT_ENTRY = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
// What the build bundled where: the import trace (test/support/trace-imports.mjs) reads it.
const BUILD_META = fileURLToPath(new URL('../../build/meta.json', import.meta.url));

export default function setup(): void {
  if (!existsSync(BUILT_ENTRY) || !existsSync(BUILD_META))
    throw new Error(
      'the cli tests run the built binary, and dist/cli.cjs or build/meta.json is missing: run `npm run build` first (or `npm run test:cli`, which builds)',
    );
}
