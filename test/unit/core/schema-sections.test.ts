import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type * as z from 'zod';
import type { JsonSchemaNode } from '../../../src/core/json-schema.js';
import { configSchema } from '../../../src/core/schema.js';

// Issue 16: the schema's sections are built when a config first has them (src/core/schema.ts
// `section`). These tests hold both halves of that: laziness, and no rule lost on the way.

type Path = (string | number)[];

/** Every strict object of the schema (JSON Schema `additionalProperties: false`), by a path reaching it in a document. */
function strictObjects(node: unknown, at: Path = [], found: Path[] = []): Path[] {
  if (node === null || typeof node !== 'object') return found;
  const n = node as JsonSchemaNode;
  if (n.properties && n.additionalProperties === false) found.push(at);
  if (n.properties) for (const [key, child] of Object.entries(n.properties as Record<string, unknown>)) strictObjects(child, [...at, key], found);
  if (n.items) strictObjects(n.items, [...at, 0], found);
  if (n.additionalProperties && typeof n.additionalProperties === 'object') strictObjects(n.additionalProperties, [...at, 'k'], found);
  for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(n[branch])) for (const b of n[branch] as unknown[]) strictObjects(b, at, found);
  return found;
}

/** A document holding `{ bogusKey: 1 }` at `at` (arrays and maps on the way get one element). */
function documentWithUnknownKeyAt(at: Path): unknown {
  let value: unknown = { bogusKey: 1 };
  for (const part of [...at].reverse()) value = typeof part === 'number' ? [value] : { [part]: value };
  return value;
}

/** Every issue, those inside a union's branches included, each with its full path. */
function allIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; issue: z.core.$ZodIssue }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const nested = issue.code === 'invalid_union' ? issue.errors.flatMap((branch) => allIssues(branch, path)) : [];
    return [{ path, issue }, ...nested];
  });
}

describe('schema sections', () => {
  // The committed editor schema (json-schema.test.ts keeps it identical to zod's view), so a
  // section that lost its .strict() is missed here rather than dropped from the list.
  const objects = strictObjects(JSON.parse(readFileSync(new URL('../../../schema/sagectl.schema.json', import.meta.url), 'utf8')));

  it('finds the strict objects of every section (a walk that finds none would prove nothing)', () => {
    const tops = new Set(objects.map((p) => p[0]));
    for (const key of ['model', 'endpoint', 'training', 'tuning', 'transform', 'api', 'monitoring', 'notebook']) expect(tops).toContain(key);
    expect(objects.length).toBeGreaterThan(20);
  });

  it('refuses an unknown key at every strict object, at its own path', () => {
    for (const at of objects) {
      const parsed = configSchema.safeParse(documentWithUnknownKeyAt(at));
      expect(parsed.success, at.join('.')).toBe(false);
      const refusals = allIssues(parsed.error?.issues ?? []).filter(({ issue }) => issue.code === 'unrecognized_keys' && issue.keys.includes('bogusKey'));
      expect(
        refusals.map(({ path }) => path.join('.')),
        at.join('.'),
      ).toContain(at.join('.'));
    }
  });

  it('builds only the sections a config has', async () => {
    vi.resetModules();
    const fresh = await import('../../../src/core/schema.js');
    expect(fresh.configSchema.safeParse({ name: 'churn-xgb', region: 'us-east-1' }).success).toBe(true);
    expect(fresh.sectionsBuilt()).toEqual([]);
    expect(fresh.configSchema.safeParse({ name: 'churn-xgb', endpoint: { instanceType: 'm5.large' } }).success).toBe(false);
    expect(fresh.sectionsBuilt()).toEqual(['endpoint']);
    fresh.configSchema.safeParse({ endpoint: { deployment: { strategy: 'all-at-once' } }, model: { image: 'img' } });
    expect(fresh.sectionsBuilt()).toEqual(['deployment', 'endpoint', 'model']);
  });
});
