import { describe, expect, it } from 'vitest';
import { train } from '../../../../src/commands/training/train.js';
import { tune } from '../../../../src/commands/training/tune.js';
import { UsageError } from '../../../../src/core/errors.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';
import { FakeLogs } from '../../helpers/fake-logs.js';
import { FakeRegistry } from '../../helpers/fake-registry.js';
import { testContext } from '../../helpers/context.js';

const config: Config = {
  name: 'churn',
  role: 'arn:aws:iam::123456789012:role/R',
  training: {
    image: 'img:train',
    instanceType: 'ml.m5.xlarge',
    outputPath: 's3://b/out/',
    inputs: { train: 's3://b/train/' },
    hyperparameters: { max_depth: 5 },
  },
  tuning: { objective: { metric: 'validation:auc', type: 'Maximize' }, ranges: { eta: { min: 0.1, max: 0.5 } }, maxJobs: 3 },
};

describe('train --register', () => {
  it("registers the completed job's artifact and image as the next version, pending approval", async () => {
    const registry = new FakeRegistry();
    const jobs = new FakeJobs();
    const r = await train(testContext(config), jobs, new FakeLogs(), {
      wait: true,
      timeoutMs: 3_600_000,
      stopOnInterrupt: false,
      register: { registry, approve: false },
    });
    expect(r.registered).toMatchObject({ version: 1, approval: 'PendingManualApproval' });
    expect(registry.versions[0]).toMatchObject({ image: 'img:train', modelDataUrl: r.modelArtifact, approval: 'PendingManualApproval' });
    expect(registry.versions[0]?.metadata).toMatchObject({ 'sagectl:training-job': r.job, 'hp:max_depth': '5' });
  });

  it('refuses --no-wait before starting anything', async () => {
    const jobs = new FakeJobs();
    await expect(
      train(testContext(config), jobs, new FakeLogs(), {
        wait: false,
        timeoutMs: 1000,
        stopOnInterrupt: false,
        register: { registry: new FakeRegistry(), approve: false },
      }),
    ).rejects.toBeInstanceOf(UsageError);
    expect(jobs.calls).toEqual([]);
  });
});

describe('tune --register', () => {
  it('registers the best training job, Approved with --approve, naming the tuning job in the lineage', async () => {
    const registry = new FakeRegistry();
    const jobs = new FakeJobs();
    jobs.seedTraining('best-job', { image: 'img:best', modelArtifact: 's3://b/out/best-job/output/model.tar.gz', finalMetrics: { 'validation:auc': 0.95 } });
    const r = await tune(testContext(config), jobs, { wait: true, timeoutMs: 3_600_000, register: { registry, approve: true, jobs } });
    expect(r.registered).toMatchObject({ version: 1, approval: 'Approved' });
    expect(registry.versions[0]).toMatchObject({ image: 'img:best', modelDataUrl: 's3://b/out/best-job/output/model.tar.gz' });
    expect(registry.versions[0]?.metadata).toMatchObject({ 'sagectl:training-job': 'best-job', 'sagectl:tuning-job': r.job, 'metric:validation:auc': '0.95' });
  });
});
