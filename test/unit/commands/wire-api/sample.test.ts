import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sampleBody } from '../../../../src/commands/wire-api/sample.js';
import { validatePayload } from '../../../../src/payload/validate.js';

describe('sampleBody: the try-it example follows endpoint.input', () => {
  it('13 declared features give 13 CSV fields (the old example sent 3)', () => {
    expect(sampleBody('text/csv', { contentType: 'text/csv', features: 13 }).split(',')).toHaveLength(13);
  });

  it('feature names and per-feature types shape the row', () => {
    expect(sampleBody('text/csv', { contentType: 'text/csv', features: ['age', 'plan', 'calls'], featureTypes: ['integer', 'string', 'number'] })).toBe(
      '1,a,3.5',
    );
  });

  it('JSON gets one instance of the declared width', () => {
    expect(JSON.parse(sampleBody('application/json', { contentType: 'application/json', features: 4 }))).toEqual({ instances: [[1.5, 2.5, 3.5, 4.5]] });
  });

  it('with nothing declared, a short row shows the shape', () => {
    expect(sampleBody('text/csv', undefined)).toBe('1.5,2.5,3.5');
  });
});

describe('sampleBody property: the example passes the checks invoke makes against the same declaration', () => {
  const featureType = fc.constantFrom('number' as const, 'integer' as const, 'string' as const);
  const declared = fc
    .record({
      contentType: fc.constantFrom('text/csv', 'application/json'),
      count: fc.integer({ min: 1, max: 40 }),
      named: fc.boolean(),
      header: fc.boolean(),
      perFeature: fc.boolean(),
      types: fc.array(featureType, { minLength: 40, maxLength: 40 }),
    })
    .map(({ contentType, count, named, header, perFeature, types }) => ({
      contentType,
      features: named ? Array.from({ length: count }, (_, i) => `c${i}`) : count,
      featureTypes: perFeature ? types.slice(0, count) : types[0]!,
      ...(contentType === 'text/csv' ? { header } : {}),
    }));

  it('holds for generated declarations', () => {
    fc.assert(
      fc.property(declared, (input) => {
        const body = sampleBody(input.contentType, input);
        validatePayload(new TextEncoder().encode(body), {
          source: 'sample',
          contentType: input.contentType,
          spec: input,
          endpointKind: 'realtime',
          schema: true,
        });
      }),
    );
  });
});
