import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCaptureLine } from '../../../../src/commands/drift/capture.js';
import { rowsOfPayload } from '../../../../src/commands/drift/rows.js';
import { parseCsv } from '../../../../src/payload/csv.js';

const captureLine = (data: string, encoding: string): string =>
  JSON.stringify({
    captureData: { endpointInput: { observedContentType: 'text/csv', data, encoding } },
    eventMetadata: { inferenceTime: '2026-01-01T00:00:00Z' },
  });

describe('parseCaptureLine', () => {
  it('decodes BASE64 bodies of any size to the text they encode, one after another', () => {
    // Sizes around the reused decode buffer (64 KiB) too, so a long body is not cut or mixed with the one before.
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.tuple(fc.integer({ min: 65_000, max: 70_000 }), fc.string({ minLength: 1, maxLength: 3 })).map(([n, s]) => s.repeat(n).slice(0, n)),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (texts) => {
        for (const t of texts) expect(parseCaptureLine(captureLine(Buffer.from(t).toString('base64'), 'BASE64')).input?.text).toBe(t);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps the time when it parses and leaves out the sides that are absent', () => {
    const record = parseCaptureLine(captureLine('1,2', 'CSV'));
    expect(record).toEqual({ time: Date.parse('2026-01-01T00:00:00Z'), input: { contentType: 'text/csv', text: '1,2' } });
    expect(Object.keys(parseCaptureLine(JSON.stringify({ captureData: {} })))).toEqual([]);
  });
});

describe('rowsOfPayload (CSV)', () => {
  it('reads every CSV body as the payload parser does, one-line bodies included', () => {
    const reference = (text: string): string[][] =>
      parseCsv(text.endsWith('\n') ? text : `${text}\n`, 'captured payload')
        .filter((r) => !(r.fields.length === 1 && r.fields[0] === ''))
        .map((r) => r.fields);
    const body = fc.array(fc.constantFrom('1', 'a', ',', '"', '\n', '\r', ' ', '.'), { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(body, (text) => {
        let expected: string[][] | Error;
        try {
          expected = reference(text);
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) expect(() => rowsOfPayload(text, 'text/csv', [])).toThrow(expected.message);
        else expect(rowsOfPayload(text, 'text/csv', [])).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
