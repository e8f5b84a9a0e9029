import * as z from 'zod';
import { configSchema } from './schema.js';
import { SCHEMA_DOCS, type KeyDoc } from './schema-docs.js';
import { SCHEMA_URL } from './version.js';

/**
 * The JSON Schema of `sagectl.yaml` for editors (schema/sagectl.schema.json), generated from the
 * zod schema so the two never disagree; a unit test keeps the committed file identical.
 * What JSON Schema cannot say (cross-field rules such as "serverless or instanceType, not both",
 * durations, reserved tag prefixes) stays with sagectl's own validation.
 */

/** A JSON Schema node, as far as this module walks it. */
export type JsonSchemaNode = { [key: string]: unknown };

/** Every property of a JSON Schema, by its key path (`endpoint.variants[].name`, `tags.*`), with its node. */
export function propertiesOf(node: JsonSchemaNode, at = ''): Array<[string, JsonSchemaNode]> {
  const found: Array<[string, JsonSchemaNode]> = [];
  const walk = (n: unknown, path: string): void => {
    if (n === null || typeof n !== 'object') return;
    const s = n as JsonSchemaNode;
    if (s.properties && typeof s.properties === 'object') {
      for (const [key, child] of Object.entries(s.properties as Record<string, JsonSchemaNode>)) {
        const childPath = path ? `${path}.${key}` : key;
        found.push([childPath, child]);
        walk(child, childPath);
      }
    }
    if (s.items) walk(s.items, `${path}[]`);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${path}.*`);
    for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) {
      if (Array.isArray(s[branch])) for (const b of s[branch] as unknown[]) walk(b, path);
    }
  };
  walk(node, at);
  return found;
}

/**
 * Generates the schema: zod's view of what a file may contain (`io: 'input'`, so optional keys
 * and values before any transform), as JSON Schema draft 7 because that is what editors' YAML
 * support reads most widely, with a description and examples for each key from
 * src/core/schema-docs.ts. Refinements have no JSON Schema form and are left out rather than
 * refused (`unrepresentable: 'any'`).
 */
export function buildJsonSchema(docs: Readonly<Record<string, KeyDoc>> = SCHEMA_DOCS): JsonSchemaNode {
  const generated = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as JsonSchemaNode;
  // A fresh tree: zod may hand out one object for a schema used in several places, and each place gets its own text.
  const schema = JSON.parse(JSON.stringify(generated)) as JsonSchemaNode;
  for (const [path, node] of propertiesOf(schema)) {
    const doc = docs[path];
    if (!doc) continue;
    node.description = doc.description;
    if (doc.examples) node.examples = doc.examples;
  }
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: SCHEMA_URL,
    title: 'sagectl.yaml',
    description: 'The sagectl configuration file (https://github.com/sagectl/sagectl/blob/main/docs/configuration.md).',
    ...rest,
  };
}

/** The file's text: two-space JSON with a final newline, as committed. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
