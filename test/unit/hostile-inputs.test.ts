import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';
import { validatePayload } from '../../src/payload/validate.js';
import { readStreamBounded } from '../../src/payload/read.js';
import type { InputSpec } from '../../src/payload/spec.js';

/**
 * Issue 13's promise, as a property: whatever config or payload is fed in (huge maps, deep
 * nesting, alias chains, odd bytes, oversized input), the config loader and the payload checks end
 * in a result or a usage error (exit 2), within a second each, in bounded memory. Any other error
 * (a stack overflow, "Cannot create a string longer than…", a TypeError) is a bug it finds.
 */

/**
 * CPU time per input (the process's own, so a machine shared with other jobs does not make it
 * flaky; wall time on an idle machine is close to it). The cases that failed took 8 s to minutes.
 */
const PER_INPUT_MS = 1_000;
/** Runs `work` and returns the CPU time it took, user and system, in milliseconds. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1_000;
}
async function cpuMsAsync(work: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1_000;
}
/** The worker's resident memory may not pass this (before the limits, /dev/zero took 2.5 GB). */
const MAX_RSS_BYTES = 1_500 * 1024 * 1024;

const BASE = { name: 'churn', role: 'arn:aws:iam::123456789012:role/R', model: { image: 'img' }, endpoint: { instanceType: 'ml.m5.large' } };
/** Bytes that fast-check shows as their size and first bytes, not as megabytes of numbers, when a case fails. */
type Shown = Uint8Array & { [fc.toStringMethod]?: () => string };
const shown = (bytes: Uint8Array): Shown =>
  Object.assign(bytes, { [fc.toStringMethod]: () => `${bytes.byteLength} bytes: ${JSON.stringify(Buffer.from(bytes.subarray(0, 80)).toString('latin1'))}…` });
const enc = (s: string): Shown => shown(new TextEncoder().encode(s));

const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('tree'), { maxKeys: 4 }),
  ),
}));

/** A plausible config with some parts replaced by anything. */
const mangledConfig = fc
  .record({ section: fc.constantFrom('tags', 'model', 'endpoint', 'training', 'tuning', 'api', 'region', 'name', 'extra'), value: tree })
  .map(({ section, value }) => enc(stringify({ ...BASE, [section]: value })));

/** A map with thousands of keys where AWS allows tens. */
const hugeMap = fc
  .record({ where: fc.constantFrom('tags', 'hyperparameters', 'environment'), keys: fc.integer({ min: 41, max: 8_000 }) })
  .map(({ where, keys }) => {
    const map = Object.fromEntries(Array.from({ length: keys }, (_, i) => [`K${i}`, `v${i}`]));
    const config =
      where === 'tags'
        ? { ...BASE, tags: map }
        : where === 'environment'
          ? { ...BASE, model: { image: 'img', environment: map } }
          : { ...BASE, training: { hyperparameters: map } };
    return enc(stringify(config));
  });

/** `[[[[…` or `{a: {a: …`, closed or not, thousands deep; block maps hundreds deep. */
const deepNesting = fc.oneof(
  fc
    .record({ depth: fc.integer({ min: 1, max: 100_000 }), closed: fc.boolean(), open: fc.constantFrom('[', '{a: ') })
    .map(({ depth, closed, open }) => enc(`tags: ${open.repeat(depth)}1${closed ? (open === '[' ? ']' : '}').repeat(depth) : ''}\n`)),
  fc.integer({ min: 1, max: 600 }).map((depth) => enc(Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n'))),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => enc(`${'- '.repeat(depth)}x\n`)),
);

/** Anchors and aliases: chains that expand exponentially, aliases to their own parent, many uses. */
const aliases = fc.oneof(
  fc.record({ levels: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 1, max: 12 }) }).map(({ levels, width }) => {
    const lines = ['  l0: &l0 [x, x]'];
    for (let l = 1; l <= levels; l++)
      lines.push(
        `  l${l}: &l${l} [${Array<string>(width)
          .fill(`*l${l - 1}`)
          .join(', ')}]`,
      );
    return enc(`training:\n${lines.join('\n')}\n`);
  }),
  fc.integer({ min: 1, max: 20_000 }).map((uses) => enc(`x: &a v\ntags:\n${Array.from({ length: uses }, (_, i) => `  k${i}: *a\n`).join('')}`)),
  fc.constantFrom(enc('training: &loop { again: *loop }\n'), enc('a: *undefined\n'), enc('a: &x\n  b: *x\n')),
);

/** Odd bytes spliced into a good config: invalid UTF-8, NUL, BOMs, lone CRs, control characters. */
const oddBytes = fc
  .record({
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 16 }),
      fc.constantFrom(
        Uint8Array.from([0xef, 0xbb, 0xbf]),
        Uint8Array.from([0]),
        Uint8Array.from([0x0d]),
        Uint8Array.from([0xe9]),
        Uint8Array.from([0xc0, 0x80]),
      ),
    ),
  })
  .map(({ at, bytes }) => {
    const good = enc(stringify(BASE));
    const cut = at % (good.length + 1);
    return shown(Uint8Array.from([...good.subarray(0, cut), ...bytes, ...good.subarray(cut)]));
  });

/** Larger than any config: a long comment, or a long value. */
const oversized = fc.integer({ min: 400, max: 2_000 }).map((kb) => enc(`${stringify(BASE)}# ${'x'.repeat(kb * 1024)}\n`));

const hostileConfig = fc.oneof(mangledConfig, hugeMap, deepNesting, aliases, oddBytes, oversized, fc.uint8Array({ maxLength: 2_000 }).map(shown));

describe('hostile configs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-hostile-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('each ends in a config or a usage error (exit 2), within a second, in bounded memory', () => {
    const file = path.join(dir, 'sagectl.yaml');
    let peakRss = 0;
    fc.assert(
      fc.property(hostileConfig, (bytes) => {
        fs.writeFileSync(file, bytes);
        const ms = cpuMs(() => {
          try {
            loadConfig({ cwd: dir, env: {} });
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(UsageError);
          }
        });
        expect(ms).toBeLessThan(PER_INPUT_MS);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }),
      { numRuns: 150 },
    );
    expect(peakRss).toBeLessThan(MAX_RSS_BYTES);
  }, 180_000);
});

describe('hostile payloads', () => {
  const spec = fc.record(
    {
      contentType: fc.constantFrom('text/csv', 'application/json', 'application/jsonlines'),
      features: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 })),
      header: fc.boolean(),
      allowEmpty: fc.boolean(),
    },
    { requiredKeys: ['contentType'] },
  ) as fc.Arbitrary<InputSpec>;

  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.integer({ min: 1, max: 200_000 }).map((n) => '['.repeat(n)),
    fc.integer({ min: 1, max: 100_000 }).map((n) => `${'1,'.repeat(n)}1\n`),
    fc.integer({ min: 1, max: 200_000 }).map((n) => '1,2,3\n'.repeat(n)),
    fc.integer({ min: 1, max: 500_000 }).map((n) => '"'.repeat(n)),
    fc.constantFrom('\ufeff1,2,3\n\ufeff4,5,6\n', '\u30001,2,3\n', '1,2,3\u2028\n', '{"a": 1}\r\n\u0000', '1e999999,2,3\n'),
  );
  const payload = fc.oneof(
    text.map(enc),
    fc.uint8Array({ maxLength: 2_000 }).map(shown),
    fc.integer({ min: 6 * 1024 * 1024 - 8, max: 6 * 1024 * 1024 + 8 }).map((n) => shown(new Uint8Array(n).fill(0x31))),
  );

  it('read in chunks and checked, each ends in a result or a usage error (exit 2), within a second', async () => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.option(spec, { nil: undefined }),
        fc.constantFrom('text/csv', 'application/json', 'application/jsonlines', 'application/x-npy', 'text/csv; charset=utf-8'),
        fc.constantFrom('realtime' as const, 'serverless' as const),
        // Pipes deliver 64 KB; small chunks only for small payloads (a million 6-byte Buffers measure the test, not the code).
        fc.integer({ min: 1, max: 1 << 20 }),
        async (bytes, s, contentType, endpointKind, chunkSize) => {
          const size = Math.max(chunkSize, Math.ceil(bytes.byteLength / 1_000));
          const chunks = Array.from({ length: Math.ceil(bytes.byteLength / size) }, (_, i) => Buffer.from(bytes.subarray(i * chunkSize, (i + 1) * chunkSize)));
          const ms = await cpuMsAsync(async () => {
            try {
              const read = await readStreamBounded(chunks, 'stdin', endpointKind);
              validatePayload(read, { source: 'stdin', contentType, ...(s ? { spec: s } : {}), endpointKind, schema: true });
            } catch (error) {
              expect(error, String(error)).toBeInstanceOf(UsageError);
            }
          });
          expect(ms).toBeLessThan(PER_INPUT_MS);
        },
      ),
      { numRuns: 150 },
    );
  }, 180_000);
});
