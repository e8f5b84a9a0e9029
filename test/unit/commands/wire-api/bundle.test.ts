import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { importsOf, zipHandler } from '../../../../src/commands/wire-api/bundle.js';

const SOURCE = readFileSync(new URL('../../../../src/lambda/handler.ts', import.meta.url), 'utf8');

describe('the Lambda bundle', () => {
  it('the handler imports nothing the Node.js Lambda runtime lacks (the AWS SDK v3 only)', () => {
    expect(importsOf(SOURCE)).toEqual(['@aws-sdk/client-sagemaker-runtime']);
  });

  it('zips the code in memory as handler.mjs, without its source-map comment, the same bytes every time', () => {
    const code = "import { X } from '@aws-sdk/client-sagemaker-runtime';\nexport const handler = 1;\n//# sourceMappingURL=handler.js.map";
    const zip = zipHandler(code);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['handler.mjs']);
    expect(strFromU8(files['handler.mjs']!)).toBe("import { X } from '@aws-sdk/client-sagemaker-runtime';\nexport const handler = 1;\n");
    expect(zipHandler(code)).toEqual(zip);
  });

  it('refuses a handler that imports a package the runtime does not provide, or a sibling module', () => {
    expect(() => zipHandler("import pino from 'pino';\n")).toThrow(/imports pino/);
    expect(() => zipHandler("export { x } from '../core/names.js';\n")).toThrow(/imports \.\.\/core\/names\.js/);
    expect(() => zipHandler("const m = await import('zod');\n")).toThrow(/imports zod/);
  });
});
