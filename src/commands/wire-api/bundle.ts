import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';

/**
 * The built handler (dist/lambda/handler.js). The build bundles this module into a chunk in
 * dist/chunks/ (scripts/build.mjs checks that it does), so the handler is one folder up.
 */
const HANDLER_JS = new URL('../lambda/handler.js', import.meta.url);

/**
 * A fixed time for the zip entry, so the same handler gives the same bytes (and Lambda's
 * CodeSha256 changes only when the code does).
 */
const ENTRY_TIME = new Date('2020-01-01T00:00:00Z');

/**
 * The module specifiers a handler imports. The function is deployed as this one file, so
 * anything other than the AWS SDK v3 (which the Node.js runtime provides) would be missing.
 */
export function importsOf(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
  )) {
    found.add((m[1] ?? m[2] ?? m[3])!);
  }
  return [...found];
}

/** Zips handler source in memory as `handler.mjs` (an ES module to the Lambda runtime), after checking its imports. */
export function zipHandler(source: string): Uint8Array {
  const foreign = importsOf(source).filter((s) => !s.startsWith('@aws-sdk/') && !s.startsWith('node:'));
  if (foreign.length > 0) throw new Error(`the Lambda handler imports ${foreign.join(', ')}, which the Lambda runtime does not provide`);
  const code = source.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  return zipSync({ 'handler.mjs': [strToU8(code), { mtime: ENTRY_TIME }] }, { level: 9 });
}

/** The built handler, zipped for CreateFunction / UpdateFunctionCode. */
export function handlerZip(): Uint8Array {
  return zipHandler(readFileSync(HANDLER_JS, 'utf8'));
}
