import { createRequire } from 'node:module';

// Read from package.json so `--version`, the user agent and the version tag never disagree.
const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** sagectl's version, from package.json. */
export const VERSION: string = pkg.version;

/** Where editors fetch the config's JSON Schema (schema/sagectl.schema.json): the published package's copy of this version. */
export const SCHEMA_URL = `https://unpkg.com/sagectl@${VERSION}/schema/sagectl.schema.json`;
