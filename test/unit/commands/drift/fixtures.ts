import type { Config } from '../../../../src/core/schema.js';

/** A seeded generator (mulberry32), so every run draws the same rows. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CONFIG: Config = {
  name: 'churn',
  endpoint: {
    instanceType: 'ml.m5.large',
    dataCapture: { s3Uri: 's3://bucket/churn/capture', percent: 100 },
    input: { contentType: 'text/csv', features: ['age', 'income', 'plan'], featureTypes: ['integer', 'number', 'string'] },
  },
  monitoring: { baseline: 's3://bucket/train/train.csv' },
};

/** One row of the churn data: age 18–80, income around 50,000 (shifted by `incomeShift`), plan basic/pro/team. */
export function churnRow(random: () => number, incomeShift = 0): string {
  const age = 18 + Math.floor(random() * 63);
  const income = 50_000 + (random() + random() + random() - 1.5) * 20_000 + incomeShift;
  const p = random();
  const plan = p < 0.6 ? 'basic' : p < 0.9 ? 'pro' : 'team';
  return `${age},${income.toFixed(2)},${plan}`;
}

/** A capture record as SageMaker writes it (one line of a capture file). */
export function captureLine(
  body: string,
  options: { time: string; encoding?: 'CSV' | 'JSON' | 'BASE64'; contentType?: string; output?: string } = { time: '2026-11-25T09:30:00Z' },
): string {
  const encoding = options.encoding ?? 'CSV';
  return JSON.stringify({
    captureData: {
      endpointInput: {
        observedContentType: options.contentType ?? 'text/csv',
        mode: 'INPUT',
        data: encoding === 'BASE64' ? Buffer.from(body).toString('base64') : body,
        encoding,
      },
      endpointOutput: { observedContentType: 'text/csv; charset=utf-8', mode: 'OUTPUT', data: options.output ?? '0.5', encoding: 'CSV' },
    },
    eventMetadata: { eventId: '3c6b9d0e-1c7e-4b0a-9f2e-1f0e8d9c2b1a', inferenceTime: options.time },
    eventVersion: '0',
  });
}

/** The key of a capture file in SageMaker's layout. */
export function captureKey(variant: string, hour: string, name = 'a'): string {
  return `churn/capture/churn/${variant}/${hour}/00-00-000-${name}.jsonl`;
}
