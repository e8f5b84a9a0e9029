// Writes schema/sagectl.schema.json from the built zod schema (`npm run schema` builds first).
// The unit test test/unit/core/json-schema.test.ts fails until the committed file matches.
import { writeFileSync, mkdirSync } from 'node:fs';
import { jsonSchemaText } from '../dist/core/json-schema.js';

const file = new URL('../schema/sagectl.schema.json', import.meta.url);
mkdirSync(new URL('.', file), { recursive: true });
writeFileSync(file, jsonSchemaText());
console.log('wrote schema/sagectl.schema.json');
