import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/core/schema.js';

const issues = (config: unknown): string[] => {
  const parsed = configSchema.safeParse(config);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('monitoring', () => {
  it.each([
    [{ baseline: 's3://bucket/train/train.csv' }],
    [{ baseline: 'training' }],
    [{ baseline: { s3Uri: 's3://bucket/train/', header: true, label: 'churn' } }],
    [{ baseline: { s3Uri: 'training', label: 0, format: 'csv' } }],
    [{ thresholds: { psiWarn: 0.2, psiDrift: 0.3, missing: 0.1, outOfRange: 0 } }],
  ])('accepts %j', (monitoring) => {
    expect(issues({ monitoring })).toEqual([]);
  });

  it.each([
    [{ baseline: 'bucket/train.csv' }, 'monitoring.baseline: '],
    [{ baseline: { s3Uri: 's3://bucket/x', format: 'parquet' } }, 'monitoring.baseline'],
    [{ baseline: { s3Uri: 's3://bucket/x', label: -1 } }, 'monitoring.baseline'],
    [{ thresholds: { psiWarn: 0.3, psiDrift: 0.2 } }, 'monitoring.thresholds.psiWarn: expected psiWarn at most psiDrift (0.2), found 0.3'],
    [{ thresholds: { psiDrift: 0 } }, 'monitoring.thresholds.psiDrift: '],
    [{ thresholds: { missing: 1.5 } }, 'monitoring.thresholds.missing: '],
    [{ threshold: {} }, 'monitoring: '],
  ])('refuses %j, naming %s', (monitoring, where) => {
    expect(issues({ monitoring }).some((i) => i.startsWith(where))).toBe(true);
  });
});

describe('notebook', () => {
  it('accepts the documented keys', () => {
    expect(
      issues({
        notebook: { instanceType: 'ml.t3.medium', volumeSizeGB: 10, repository: 'https://github.com/org/repo.git', autoStopIdle: '1h' },
      }),
    ).toEqual([]);
    expect(issues({ notebook: { repository: 'my-code-repo' } })).toEqual([]);
  });

  it.each([
    [{ instanceType: 'ml.t3.mediun' }, 'notebook.instanceType: expected a SageMaker instance type for notebook instances (did you mean ml.t3.medium?)'],
    [{ volumeSizeGB: 4 }, 'notebook.volumeSizeGB: '],
    [{ repository: 'git@github.com:org/repo.git' }, 'notebook.repository: expected an https:// Git URL or the name of a SageMaker code repository'],
    [{ autoStopIdle: '1m' }, 'notebook.autoStopIdle: expected a duration from 5m to 24h'],
    [{ autoStopIdle: 'soon' }, 'notebook.autoStopIdle: expected a duration such as 90s, 30m or 1h, found "soon"'],
    [{ role: 'admin' }, 'notebook.role: '],
  ])('refuses %j', (notebook, message) => {
    expect(issues({ notebook }).some((i) => i.startsWith(message))).toBe(true);
  });
});
