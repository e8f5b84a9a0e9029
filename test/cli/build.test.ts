import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importsOf, zipHandler } from '../../src/commands/wire-api/bundle.js';

// What `npm run build` leaves in dist/, as the rest of sagectl relies on it.

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('the build', () => {
  it('gives a Lambda handler that imports the SDK client and nothing else, as wire-api checks it', () => {
    const source = read('dist/lambda/handler.js');
    expect(importsOf(source)).toEqual(['@aws-sdk/client-sagemaker-runtime']);
    expect(() => zipHandler(source)).not.toThrow();
  });

  it('gives a dist/cli.cjs that imports no command, service or SDK module statically', () => {
    const meta = JSON.parse(read('build/meta.json')) as {
      outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
    };
    // Everything dist/cli.cjs loads before any command runs: itself and its static imports, transitively.
    const loaded = new Set<string>();
    const visit = (file: string): void => {
      if (loaded.has(file) || !(file in meta.outputs)) return;
      loaded.add(file);
      for (const i of meta.outputs[file]!.imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit('dist/cli.cjs');
    const sources = [...loaded].flatMap((file) => Object.keys(meta.outputs[file]!.inputs));
    expect(
      sources.filter((s) => /^src\/(services|commands\/[\w-]+\/(?!cli\.ts))/.test(s) || /@aws-sdk|@smithy|node_modules\/(zod|yaml|pino)\//.test(s)),
    ).toEqual([]);
    // And the build records every file it wrote.
    const written = readdirSync(new URL('../../dist/chunks/', import.meta.url)).map((f) => `dist/chunks/${f}`);
    expect(written.filter((f) => !(f in meta.outputs))).toEqual([]);
  });

  it('gives a dist/cli.cjs whose lazy imports are the chunks the build wrote, one per workflow', () => {
    const text = read('dist/cli.cjs');
    const lazy = [...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]!).filter((target) => !target.startsWith('node:'));
    // One per `await import()` of src/cli.ts but the config check's (a require, below): a workflow
    // bundled into cli.cjs would load with --help.
    expect(lazy.length).toBe([...read('src/cli.ts').matchAll(/\bawait import\('\.\//g)].length - 1);
    const written = new Set(readdirSync(new URL('../../dist/chunks/', import.meta.url)));
    for (const target of lazy) {
      expect(target).toMatch(/^\.\/chunks\/[\w-]+\.js$/);
      expect(written).toContain(target.slice('./chunks/'.length));
    }
  });

  it('gives a dist/cli.cjs that requires the config check as its own CommonJS file, holding no workflow', () => {
    const meta = JSON.parse(read('build/meta.json')) as {
      outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
    };
    expect(read('dist/cli.cjs')).toMatch(/join\(__dirname, "config-check\.cjs"\)[^]*requireWithCodeCache\d*\(file\)\.checkConfigFirst\(globals\)/);
    const check = meta.outputs['dist/config-check.cjs']!;
    // CommonJS, self-contained: no import() or import of a chunk, which would start the ES module loader.
    expect(check.imports.filter((i) => i.kind !== 'require-call' || i.path.startsWith('.'))).toEqual([]);
    const sources = Object.keys(check.inputs);
    expect(sources).toContain('src/cli/config-check.ts');
    // With its V8 code cache beside it (src/cli/code-cache.ts): a config error compiles little.
    expect(readFileSync(new URL('../../dist/config-check.cjs.cache', import.meta.url)).length).toBeGreaterThan(100_000);
    expect(sources.filter((s) => /^src\/(services|commands)\//.test(s) || /@aws-sdk|@smithy/.test(s))).toEqual([]);
  });

  it.each(['deploy-index', 'status-index', 'teardown-index'])(
    'gives a %s chunk that loads no zod or yaml of its own: the shell checked the config with its copy',
    (name) => {
      const meta = JSON.parse(read('build/meta.json')) as {
        outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
      };
      const entry = Object.keys(meta.outputs).find((file) => file.startsWith(`dist/chunks/${name}-`));
      expect(entry).toBeDefined();
      const loaded = new Set<string>();
      const visit = (file: string): void => {
        if (loaded.has(file) || !(file in meta.outputs)) return;
        loaded.add(file);
        for (const i of meta.outputs[file]!.imports) if (i.kind === 'import-statement') visit(i.path);
      };
      visit(entry!);
      const sources = [...loaded].flatMap((file) => Object.keys(meta.outputs[file]!.inputs));
      expect(sources.filter((s) => /node_modules\/(zod|yaml)\//.test(s))).toEqual([]);
    },
  );

  it('bundles only the parts of zod and yaml that sagectl calls, which a config error parses at every start', () => {
    const meta = JSON.parse(read('build/meta.json')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const sources = new Set(Object.values(meta.outputs).flatMap((output) => Object.keys(output.inputs)));
    // `import { z } from 'zod'` (the namespace object) would bring every locale and the whole API.
    expect([...sources].filter((s) => /node_modules\/zod\/v4\/locales\/(?!en\.js$)/.test(s))).toEqual([]);
    // yaml's CommonJS build cannot be trimmed: its ES modules are bundled instead.
    expect([...sources].filter((s) => s.startsWith('node_modules/yaml/') && !s.startsWith('node_modules/yaml/browser/'))).toEqual([]);
    expect([...sources].some((s) => s.startsWith('node_modules/yaml/browser/dist/'))).toBe(true);
  });
});
