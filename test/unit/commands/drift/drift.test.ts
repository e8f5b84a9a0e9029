import { beforeEach, describe, expect, it } from 'vitest';
import { baseline } from '../../../../src/commands/drift/baseline.js';
import { drift, driftExitCode, type DriftOptions } from '../../../../src/commands/drift/index.js';
import { renderDrift } from '../../../../src/commands/drift/report.js';
import { statisticsFileSchema } from '../../../../src/commands/drift/statistics.js';
import { UsageError } from '../../../../src/core/errors.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeS3 } from '../../helpers/fake-s3.js';
import { testContext, type TestContext } from '../../helpers/context.js';
import { CONFIG, captureKey, captureLine, churnRow, seeded } from './fixtures.js';

const HOUR = '2026/11/25/09';
const DAY: Omit<DriftOptions, 'stack'> = { sinceMs: 86_400_000, concurrency: 3 };

let s3: FakeS3;
let ctx: TestContext;

function trainingData(rows: number, seed = 1): string {
  const random = seeded(seed);
  return Array.from({ length: rows }, () => churnRow(random)).join('\n') + '\n';
}

/**
 * `files` capture files of `records` requests, each of `rows` rows, income shifted by `shift`;
 * `answer` makes each request's answer (one CSV line per row), else the fixture's `0.5`.
 */
function capture(variant: string, files: number, records: number, rows: number, shift = 0, seed = 7, answer?: (random: () => number) => string): void {
  const random = seeded(seed);
  for (let f = 0; f < files; f++) {
    const lines = Array.from({ length: records }, () => {
      const body = Array.from({ length: rows }, () => churnRow(random, shift)).join('\n');
      const output = answer ? Array.from({ length: rows }, () => answer(random)).join('\n') : undefined;
      return captureLine(body, { time: '2026-11-25T09:30:00Z', ...(output !== undefined ? { output } : {}) });
    });
    s3.put('bucket', captureKey(variant, HOUR, `f${f}`), lines.join('\n') + '\n');
  }
}

beforeEach(async () => {
  s3 = new FakeS3(97);
  ctx = testContext(CONFIG);
  s3.put('bucket', 'train/train.csv', trainingData(5000));
  await baseline(ctx, s3, 'churn');
});

describe('baseline', () => {
  it("writes Model Monitor's statistics.json and constraints.json beside the capture prefix", () => {
    expect(s3.written).toEqual(['s3://bucket/churn/baseline/churn/statistics.json', 's3://bucket/churn/baseline/churn/constraints.json']);
    const stats = statisticsFileSchema.parse(JSON.parse(s3.text('bucket', 'churn/baseline/churn/statistics.json')!));
    expect(stats.dataset).toEqual({ item_count: 5000 });
    expect(stats.features.map((f) => [f.name, f.inferred_type])).toEqual([
      ['age', 'Integral'],
      ['income', 'Fractional'],
      ['plan', 'String'],
    ]);
    const age = stats.features[0]!.numerical_statistics!;
    expect(age.common).toEqual({ num_present: 5000, num_missing: 0 });
    expect(age.min).toBe(18);
    expect(age.max).toBe(80);
    expect(age.distribution.kll.buckets).toHaveLength(10);
    expect(age.distribution.kll.buckets.reduce((s, b) => s + b.count, 0)).toBe(5000);
    const plan = stats.features[2]!.string_statistics!;
    expect(plan.distribution.categorical.buckets.map((b) => b.value)).toEqual(['basic', 'pro', 'team']);
    const constraints = JSON.parse(s3.text('bucket', 'churn/baseline/churn/constraints.json')!) as { features: Array<Record<string, unknown>> };
    expect(constraints.features[2]).toEqual({
      name: 'plan',
      inferred_type: 'String',
      completeness: 1,
      string_constraints: { domains: ['basic', 'pro', 'team'] },
    });
    expect(constraints.features[0]!['num_constraints']).toEqual({ is_non_negative: true });
  });

  it('the same data gives the same file, byte for byte', async () => {
    const first = s3.text('bucket', 'churn/baseline/churn/statistics.json');
    await baseline(ctx, new FakeS3(3), 'churn').catch(() => undefined);
    const again = new FakeS3(13);
    again.put('bucket', 'train/train.csv', trainingData(5000));
    await baseline(ctx, again, 'churn');
    expect(again.text('bucket', 'churn/baseline/churn/statistics.json')).toBe(first);
  });

  it('drops a label column named in a header row, and counts lines that do not parse', async () => {
    const config: Config = { ...CONFIG, monitoring: { baseline: { s3Uri: 's3://bucket/train/with-label.csv', header: true, label: 'churned' } } };
    const other = new FakeS3();
    other.put('bucket', 'train/with-label.csv', 'churned,age,income,plan\n1,30,40000,pro\n0,40,"unclosed\n0,50,60000,basic\n');
    const result = await baseline(testContext(config), other, 'churn');
    expect(result.rows).toBe(2);
    expect(result.unparsable).toBe(1);
    expect(result.features[0]).toMatchObject({ name: 'age', present: 2, min: 30, max: 50 });
  });

  it('refuses a label by name without a header row, before any request', async () => {
    const config: Config = { ...CONFIG, monitoring: { baseline: { s3Uri: 's3://bucket/train/x.csv', label: 'churned' } } };
    const empty = new FakeS3();
    await expect(baseline(testContext(config), empty, 'churn')).rejects.toThrow('monitoring.baseline.label: a column named "churned" needs a header row');
    expect(empty.reads).toEqual([]);
  });
});

describe('drift', () => {
  it('finds no drift in traffic drawn from the baseline’s distribution (exit 0)', async () => {
    capture('AllTraffic', 4, 50, 10);
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(result.variants[0]).toMatchObject({ variant: 'AllTraffic', files: 4, records: 200, rows: 2000, unparsable: 0 });
    expect(result.variants[0]!.features.map((f) => f.verdict)).toEqual(['ok', 'ok', 'ok']);
    expect(result.drifted).toEqual([]);
    expect(driftExitCode(result)).toBe(0);
  });

  it('names the shifted feature, and only it (exit 7)', async () => {
    capture('AllTraffic', 4, 50, 10, 15_000);
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(result.drifted).toEqual([{ variant: 'AllTraffic', feature: 'income' }]);
    expect(result.variants[0]!.features.find((f) => f.name === 'income')!.psi).toBeGreaterThan(0.25);
    expect(driftExitCode(result)).toBe(7);
    expect(renderDrift(result)).toContain('DRIFT: income');
  });

  it('reads BASE64, JSON and CSV records and counts a corrupt line without failing', async () => {
    const random = seeded(3);
    const rows = (n: number): string[] => Array.from({ length: n }, () => churnRow(random));
    const lines = [
      captureLine(rows(60).join('\n'), { time: '2026-11-25T09:01:00Z', encoding: 'BASE64' }),
      captureLine(
        JSON.stringify(
          rows(60).map((r) => {
            const [age, income, plan] = r.split(',');
            return { age: Number(age), income: Number(income), plan };
          }),
        ),
        { time: '2026-11-25T09:02:00Z', encoding: 'JSON', contentType: 'application/json' },
      ),
      '{"captureData": {"endpointInput": ',
      captureLine(rows(60).join('\n'), { time: '2026-11-25T09:03:00Z' }),
    ];
    s3.put('bucket', captureKey('AllTraffic', HOUR), lines.join('\r\n'));
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(result.variants[0]).toMatchObject({ records: 3, rows: 180, unparsable: 1 });
    expect(result.variants[0]!.features.map((f) => f.verdict)).toEqual(['ok', 'ok', 'ok']);
    expect(result.variants[0]!.outputs).toEqual([
      {
        name: 'output',
        kind: 'numeric',
        baseline: { count: 0, missingRate: 0 },
        live: { count: 3, missingRate: 0, mean: 0.5, min: 0.5, max: 0.5 },
        verdict: 'no-baseline',
        reasons: ['no output baseline to compare with'],
      },
    ]);
    expect(result.outputBaseline).toBeNull();
    expect(renderDrift(result)).toContain('output baseline: none, so outputs are summarised, not judged');
  });

  it('reports each variant of an A/B test apart', async () => {
    capture('current', 2, 50, 10);
    capture('challenger', 2, 50, 10, 15_000, 9);
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(result.variants.map((v) => v.variant)).toEqual(['challenger', 'current']);
    expect(result.drifted).toEqual([{ variant: 'challenger', feature: 'income' }]);
    expect(renderDrift(result)).toContain('DRIFT: income (challenger)');
  });

  it('stops at --max-records, newest files first', async () => {
    capture('AllTraffic', 5, 40, 5);
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY, concurrency: 1, maxRecords: 60 });
    expect(result.variants[0]).toMatchObject({ records: 60, sampled: true });
    expect(s3.reads.filter((k) => k.includes('capture'))).toEqual([captureKey('AllTraffic', HOUR, 'f4'), captureKey('AllTraffic', HOUR, 'f3')]);
  });

  it('skips records outside the window and hour folders before it', async () => {
    s3.put('bucket', captureKey('AllTraffic', '2026/11/23/09'), captureLine('30,50000,basic', { time: '2026-11-23T09:00:00Z' }));
    // Files land in the folder of the hour they are written: this one holds a record from before the window.
    s3.put('bucket', captureKey('AllTraffic', '2026/11/24/10'), captureLine('30,50000,basic', { time: '2026-11-24T09:59:00Z' }));
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(result.variants[0]).toMatchObject({ files: 1, records: 0, outsideWindow: 1 });
    expect(result.variants[0]!.features.map((f) => f.verdict)).toEqual(['too-few', 'too-few', 'too-few']);
  });

  it('requests at most --concurrency files at once, and reads them one at a time', async () => {
    capture('AllTraffic', 12, 5, 2);
    await drift(ctx, s3, { stack: 'churn', ...DAY, concurrency: 3 });
    expect(s3.peakRequested).toBe(3);
    // Interleaved bodies keep each other's network buffers alive past young collections (flat memory).
    expect(s3.peakOpen).toBe(1);
    expect(s3.requested).toBe(0);
  });

  it('closes the files requested ahead when --max-records stops the read', async () => {
    capture('AllTraffic', 6, 40, 5);
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY, concurrency: 4, maxRecords: 50 });
    expect(result.variants[0]).toMatchObject({ records: 50, sampled: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(s3.requested).toBe(0);
  });

  it('is not a sample when --max-records is reached by the last record there is', async () => {
    capture('AllTraffic', 2, 30, 5);
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY, concurrency: 2, maxRecords: 60 });
    expect(result.variants[0]).toMatchObject({ records: 60, sampled: false });
  });

  it('says to run baseline first when there is none', async () => {
    const empty = new FakeS3();
    await expect(drift(ctx, empty, { stack: 'churn', ...DAY })).rejects.toThrow(
      new UsageError('no baseline at s3://bucket/churn/baseline/churn/statistics.json', 'run `sagectl baseline churn` first'),
    );
  });

  it('refuses a config without endpoint.input.features or data capture, before any request', async () => {
    const empty = new FakeS3();
    const noFeatures = testContext({ ...CONFIG, endpoint: { ...CONFIG.endpoint, input: { contentType: 'text/csv' } } });
    await expect(drift(noFeatures, empty, { stack: 'churn', ...DAY })).rejects.toThrow('endpoint.input.features is not set');
    const noCapture = testContext({ ...CONFIG, endpoint: { instanceType: 'ml.m5.large' } });
    await expect(drift(noCapture, empty, { stack: 'churn', ...DAY })).rejects.toThrow('endpoint.dataCapture is not set');
    await expect(drift(ctx, empty, { stack: 'other', ...DAY })).rejects.toThrow("sagectl drift needs other's own config");
    expect(empty.reads).toEqual([]);
  });
});

describe("the model's outputs", () => {
  const regression = (random: () => number): string => (random() * 0.5).toFixed(4);

  it('baseline --outputs-since writes the answers of the window as output-statistics.json, a column per value', async () => {
    capture('AllTraffic', 2, 50, 4, 0, 7, (r) => {
      const p = r();
      return `${p.toFixed(3)},${(1 - p).toFixed(3)}`;
    });
    capture('challenger', 1, 50, 4, 0, 8, (r) => (r() < 0.5 ? 'stay' : 'leave'));
    const result = await baseline(ctx, s3, 'churn', { outputsSinceMs: DAY.sinceMs });
    expect(result.outputs).toMatchObject({ since: '24h', records: 150, rows: 600, written: 's3://bucket/churn/baseline/churn/output-statistics.json' });
    const stats = statisticsFileSchema.parse(JSON.parse(s3.text('bucket', 'churn/baseline/churn/output-statistics.json')!));
    // Labels of one variant and probabilities of the other share column 0: text makes it categorical.
    expect(stats.features.map((f) => [f.name, f.inferred_type])).toEqual([
      ['output_0', 'String'],
      ['output_1', 'Fractional'],
    ]);
    expect(stats.features[1]!.numerical_statistics!.common).toEqual({ num_present: 400, num_missing: 0 });
  });

  it('reads a regression answer as one numeric column named output', async () => {
    capture('AllTraffic', 2, 50, 4, 0, 7, regression);
    await baseline(ctx, s3, 'churn', { outputsSinceMs: DAY.sinceMs });
    const stats = statisticsFileSchema.parse(JSON.parse(s3.text('bucket', 'churn/baseline/churn/output-statistics.json')!));
    expect(stats.features.map((f) => [f.name, f.inferred_type])).toEqual([['output', 'Fractional']]);
  });

  it('writes no output baseline when the window holds no answers, and says so', async () => {
    const result = await baseline(ctx, s3, 'churn', { outputsSinceMs: DAY.sinceMs });
    expect(result.outputs).toEqual({ since: '24h', records: 0, rows: 0, written: null, columns: [] });
    expect(s3.text('bucket', 'churn/baseline/churn/output-statistics.json')).toBeUndefined();
    ctx.log.expectLog('no output baseline written', 'warn');
  });

  it('judges live answers against the output baseline: same answers ok, shifted answers drift (exit 7)', async () => {
    capture('AllTraffic', 2, 50, 4, 0, 7, regression);
    await baseline(ctx, s3, 'churn', { outputsSinceMs: DAY.sinceMs });
    const same = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(same.outputBaseline).toBe('s3://bucket/churn/baseline/churn/output-statistics.json');
    expect(same.variants[0]!.outputs.map((o) => [o.name, o.verdict])).toEqual([['output', 'ok']]);
    expect(same.drifted).toEqual([]);

    const later = new FakeS3(97);
    for (const [key, body] of s3.objects) if (!key.includes('/capture/')) later.objects.set(key, body);
    s3 = later;
    capture('AllTraffic', 2, 50, 4, 0, 9, (r) => (0.3 + r() * 0.5).toFixed(4));
    const shifted = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(shifted.drifted).toEqual([{ variant: 'AllTraffic', feature: 'output', output: true }]);
    expect(shifted.variants[0]!.features.map((f) => f.verdict)).toEqual(['ok', 'ok', 'ok']);
    expect(driftExitCode(shifted)).toBe(7);
    expect(renderDrift(shifted)).toContain('DRIFT: output (model)');
  });
});

describe('variant against variant (an A/B test)', () => {
  it('compares the variants with each other: same traffic is the same, a shifted feature and other answers differ', async () => {
    capture('current', 2, 50, 10, 0, 7, (r) => (r() * 0.5).toFixed(4));
    capture('challenger', 2, 50, 10, 15_000, 9, (r) => (0.4 + r() * 0.5).toFixed(4));
    const result = await drift(ctx, s3, { stack: 'churn', ...DAY });
    expect(result.comparisons).toHaveLength(1);
    const [c] = result.comparisons;
    expect([c!.a, c!.b]).toEqual(['challenger', 'current']);
    expect(c!.features.map((f) => [f.name, f.verdict])).toEqual([
      ['age', 'same'],
      ['income', 'differs'],
      ['plan', 'same'],
    ]);
    expect(c!.features[2]!.chiSquare!.pValue).toBeGreaterThan(0.01);
    expect(c!.outputs.map((o) => [o.name, o.verdict])).toEqual([['output', 'differs']]);
    const text = renderDrift(result);
    expect(text).toContain("current against challenger (PSI on challenger's live deciles or categories):");
    // A difference between variants is reported, not drift: only the baseline decides the exit code.
    expect(result.drifted).toEqual([{ variant: 'challenger', feature: 'income' }]);
  });

  it('has no comparison with a single variant', async () => {
    capture('AllTraffic', 2, 50, 10);
    expect((await drift(ctx, s3, { stack: 'churn', ...DAY })).comparisons).toEqual([]);
  });
});
