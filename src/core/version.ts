import { createRequire } from 'node:module';

// Read from package.json so `--version`, the user agent and the version tag never disagree.
const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** sagectl's version, from package.json. */
export const VERSION: string = pkg.version;
