import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/architecture.md: "Commands never read `process`". What depends on the process (terminals,
// colour, the working directory, the environment, the streams) is decided once by the shell
// (src/cli/runner.ts) and carried in the command context, so workflows run in tests with fakes.
const COMMANDS = path.resolve(import.meta.dirname, '../../../src/commands');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** The code of a TypeScript file without its comments and string literals (a comment may say `process`). */
function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`/g, '');
}

describe('src/commands', () => {
  const files = sources(COMMANDS);

  it('has command sources to check', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('never reads the global process object (the shell carries what a workflow needs in its context)', () => {
    const offenders = files.filter((f) => /\bprocess\s*\./.test(codeOnly(readFileSync(f, 'utf8'))) || /from 'node:process'/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(COMMANDS, f))).toEqual([]);
  });
});
