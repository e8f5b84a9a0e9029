import pkg from '../../package.json' with { type: 'json' };

// From package.json, so `--version`, the user agent and the version tag never disagree. Imported,
// not read at run time: the build puts it into the bundle, so `--version` reads no file.

/** sagectl's version, from package.json. */
export const VERSION: string = pkg.version;

/** Where editors fetch the config's JSON Schema (schema/sagectl.schema.json): the published package's copy of this version. */
export const SCHEMA_URL = `https://unpkg.com/sagectl@${VERSION}/schema/sagectl.schema.json`;
