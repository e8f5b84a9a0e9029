import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { buildJsonSchema, jsonSchemaText, propertiesOf } from '../../../src/core/json-schema.js';
import { SCHEMA_DOCS } from '../../../src/core/schema-docs.js';
import { configSchema } from '../../../src/core/schema.js';

const root = new URL('../../../', import.meta.url);
const schema = buildJsonSchema();
const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
const validate = ajv.compile(schema);
const examples = readdirSync(new URL('examples/', root)).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('the editor schema (schema/sagectl.schema.json)', () => {
  it('is the committed file, byte for byte (regenerate with `npm run schema`)', () => {
    expect(readFileSync(new URL('schema/sagectl.schema.json', root), 'utf8')).toBe(jsonSchemaText());
  });

  it('gives every key a description, and every key that is not a section an example', () => {
    const props = propertiesOf(schema);
    expect(props.length).toBeGreaterThan(90);
    const undescribed = props.filter(([, node]) => typeof node.description !== 'string' || node.description === '').map(([p]) => p);
    expect(undescribed).toEqual([]);
    const withoutExample = props.filter(([, node]) => node.type !== 'object' && !Array.isArray(node.examples)).map(([p]) => p);
    expect(withoutExample).toEqual([]);
  });

  it('documents no key the schema does not have (a renamed key takes its text along)', () => {
    const keys = new Set(propertiesOf(schema).map(([p]) => p));
    expect(Object.keys(SCHEMA_DOCS).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('gives examples that its own rules accept', () => {
    for (const [path, node] of propertiesOf(schema)) {
      const { examples: given, description: _d, ...rules } = node;
      const check = ajv.compile({ ...rules });
      for (const example of (given as unknown[] | undefined) ?? []) {
        expect(check(example), `${path}: ${JSON.stringify(example)} ${ajv.errorsText(check.errors)}`).toBe(true);
      }
    }
  });

  it.each(examples)('accepts examples/%s, as sagectl itself does', (file) => {
    const data = parse(readFileSync(new URL(`examples/${file}`, root), 'utf8')) as unknown;
    expect(configSchema.safeParse(data).success).toBe(true);
    expect(validate(data), ajv.errorsText(validate.errors)).toBe(true);
  });

  it.each([
    ['a misspelt key', { endpoint: { instanceTyp: 'ml.m5.large' } }, 'must NOT have additional properties'],
    ['a key at the wrong level', { name: 'churn-xgb', image: 'x' }, 'must NOT have additional properties'],
    ['a count as text', { endpoint: { instanceCount: 'two' } }, 'must be integer'],
    ['a region that is not one', { region: 'us_east_1' }, 'must match pattern'],
    ['an S3 URI without s3://', { model: { modelData: 'my-bucket/model.tar.gz' } }, 'must match pattern'],
    ['an unknown deployment strategy', { endpoint: { deployment: { strategy: 'rolling' } } }, 'must be equal to one of the allowed values'],
    ['a variant without a name', { endpoint: { variants: [{ weight: 1 }] } }, "must have required property 'name'"],
  ])('rejects %s, as sagectl itself does', (_what, data, message) => {
    expect(configSchema.safeParse(data).success).toBe(false);
    expect(validate(data)).toBe(false);
    expect(ajv.errorsText(validate.errors)).toContain(message);
  });

  it('rejects a broken copy of an example file', () => {
    const data = parse(readFileSync(new URL('examples/xgboost.yaml', root), 'utf8')) as { endpoint: Record<string, unknown> };
    data.endpoint.instanceCount = 0;
    expect(validate(data)).toBe(false);
    expect(ajv.errorsText(validate.errors)).toContain('/endpoint/instanceCount must be >= 1');
  });
});
