import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isTextContentType, validatePayload, type ValidateOptions } from '../../../src/payload/validate.js';
import { PayloadError } from '../../../src/payload/errors.js';
import type { FeatureType, InputSpec } from '../../../src/payload/spec.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const csv3: InputSpec = { contentType: 'text/csv', features: 3 };
const options = (over: Partial<ValidateOptions> = {}): ValidateOptions => ({
  source: 'stdin',
  contentType: 'text/csv',
  spec: csv3,
  endpointKind: 'realtime',
  schema: true,
  ...over,
});

describe('validatePayload', () => {
  it('returns the bytes to send, without a byte-order mark, with a warning', () => {
    const result = validatePayload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('1,2,3\n')]), options());
    expect(Buffer.from(result.body).toString()).toBe('1,2,3\n');
    expect(result.warnings).toEqual(['stdin: removed a UTF-8 byte-order mark from the start of the payload']);
  });

  it('checks the content type the request carries, with the features of the spec', () => {
    expect(() => validatePayload(utf8('[1, 2]'), options({ contentType: 'application/json' }))).toThrow('stdin: record 1: 2 values, expected 3');
    expect(() => validatePayload(utf8('[1, 2, 3]'), options({ contentType: 'application/json; charset=utf-8' }))).not.toThrow();
  });

  it('without a spec checks size and encoding only, and JSON syntax', () => {
    const bare = options({ spec: undefined });
    expect(() => validatePayload(utf8('a,b\n1\n'), bare)).not.toThrow();
    expect(() => validatePayload(Uint8Array.from([0x31, 0xff]), bare)).toThrow('byte offset 1: not valid UTF-8');
    expect(() => validatePayload(utf8('{"a": }'), options({ spec: undefined, contentType: 'application/json' }))).toThrow('line 1, column 7: not valid JSON');
  });

  it('--no-validate skips the spec checks but never the size check', () => {
    expect(() => validatePayload(utf8('1,2\n'), options({ schema: false }))).not.toThrow();
    const big = new Uint8Array(4 * 1024 * 1024 + 1).fill(0x31);
    expect(() => validatePayload(big, options({ schema: false, endpointKind: 'serverless' }))).toThrow('over the 4 MB a serverless endpoint accepts');
  });

  it('sends binary content types as they are, checking only their size', () => {
    const image = Uint8Array.from([0xff, 0xd8, 0xff, 0x00, 0x10]);
    expect(validatePayload(image, options({ contentType: 'image/jpeg' })).body).toBe(image);
    expect(isTextContentType('application/x-npy')).toBe(false);
    expect(isTextContentType('text/csv; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/vnd+json')).toBe(true);
  });
});

describe('validatePayload never throws anything but a PayloadError', () => {
  const featureType = fc.constantFrom<FeatureType>('number', 'integer', 'string');
  const spec: fc.Arbitrary<InputSpec> = fc
    .record({
      features: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 })),
      featureTypes: fc.option(fc.oneof(featureType, fc.array(featureType, { minLength: 1, maxLength: 5 })), { nil: undefined }),
      header: fc.option(fc.boolean(), { nil: undefined }),
      allowEmpty: fc.option(fc.boolean(), { nil: undefined }),
      maxRows: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    })
    .map((s) => ({ contentType: 'text/csv', ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) }));
  const contentType = fc.constantFrom(
    'text/csv',
    'application/json',
    'application/jsonlines',
    'text/plain',
    'application/x-npy',
    'application/json; charset=utf-8',
  );
  const field = fc.oneof(fc.double().map(String), fc.integer().map(String), fc.string({ maxLength: 6 }), fc.constant(''), fc.constant('"q,"""'));
  const csvText = fc.array(fc.array(field, { maxLength: 6 }), { maxLength: 5 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
  const jsonText = fc.oneof(
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify({ instances: [v] })),
  );
  const payload = fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.string().map(utf8), csvText.map(utf8), jsonText.map(utf8));

  const outcome = (bytes: Uint8Array, o: ValidateOptions): 'ok' | 'refused' => {
    try {
      validatePayload(bytes, o);
      return 'ok';
    } catch (error) {
      if (error instanceof PayloadError && error.exitCode === 2 && error.message.startsWith(`${o.source}: `)) return 'refused';
      throw error;
    }
  };

  it('for arbitrary bytes and strings, specs, content types and endpoint kinds', () => {
    fc.assert(
      fc.property(
        payload,
        fc.option(spec, { nil: undefined }),
        contentType,
        fc.boolean(),
        fc.constantFrom('realtime' as const, 'serverless' as const),
        (bytes, s, type, schema, kind) => {
          outcome(bytes, { source: 'stdin', contentType: type, ...(s ? { spec: s } : {}), schema, endpointKind: kind });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
