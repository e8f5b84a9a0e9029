import { describe, expect, it } from 'vitest';
import { tune, renderTune } from '../../../../src/commands/training/tune.js';
import { transform, renderTransform } from '../../../../src/commands/training/transform.js';
import { ResourceFailedError, UsageError } from '../../../../src/core/errors.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { testContext } from '../../helpers/context.js';

const config: Config = {
  name: 'churn',
  role: 'arn:aws:iam::123456789012:role/R',
  training: { image: 'img:train', instanceType: 'ml.m5.xlarge', outputPath: 's3://b/out/' },
  tuning: { objective: { metric: 'validation:auc', type: 'Maximize' }, ranges: { eta: { min: 0.1, max: 0.5 } }, maxJobs: 3 },
  transform: { input: 's3://b/batch/', output: 's3://b/batch-out/', instanceType: 'ml.m5.large' },
};

describe('tune', () => {
  it('creates the job (name within 32 characters), shows counts and best objective, and returns the best job', async () => {
    const ctx = testContext(config);
    const jobs = new FakeJobs();
    const r = await tune(ctx, jobs, { wait: true, timeoutMs: 3_600_000 });
    expect(r.job).toBe('churn-20261125100000');
    expect(r.best).toEqual({ trainingJob: 'best-job', hyperparameters: { eta: '0.2' }, objective: { metric: 'validation:auc', value: 0.95 } });
    expect(ctx.progressReports.map((p) => p.status)).toEqual([
      'InProgress · 1 completed, 2 in progress, 0 failed, 0 stopped',
      'Completed · 3 completed, 0 in progress, 0 failed, 0 stopped · best validation:auc=0.95',
    ]);
    expect(renderTune(r)).toContain('best      best-job');
  });

  it('a long stack name is shortened to fit 32 characters, keeping the timestamp', async () => {
    const jobs = new FakeJobs();
    const r = await tune(testContext({ ...config, name: 'a-very-long-stack-name-for-tuning' }), jobs, { wait: false, timeoutMs: 1000 });
    expect(r.job).toBe('a-very-long-stack-20261125100000');
    expect(r.job.length).toBeLessThanOrEqual(32);
  });

  it('a Failed tuning job is exit 4 with its reason', async () => {
    const jobs = new FakeJobs();
    jobs.tuningScript = [{ status: 'Failed', failureReason: 'All training jobs failed', counters: { completed: 0, inProgress: 0, failed: 3, stopped: 0 } }];
    const error = (await tune(testContext(config), jobs, { wait: true, timeoutMs: 1000 }).catch((e: unknown) => e)) as ResourceFailedError;
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect(error.message).toContain('Failed: All training jobs failed');
  });
});

describe('transform', () => {
  it("uses the stack endpoint's current model and returns the output location", async () => {
    const sm = new FakeSageMaker();
    const { model } = sm.seed('churn', { tags: {} });
    const jobs = new FakeJobs();
    const r = await transform(testContext(config), sm, jobs, { wait: true, timeoutMs: 3_600_000 });
    expect(r).toMatchObject({ job: 'churn-20261125100000', model, status: 'Completed', outputPath: 's3://b/batch-out/', waited: true });
    expect((jobs.calls[0]!.args[0] as { ModelName: string }).ModelName).toBe(model);
    expect(renderTransform(r)).toContain('output  s3://b/batch-out/');
  });

  it('--model skips the endpoint', async () => {
    const sm = new FakeSageMaker();
    const r = await transform(testContext(config), sm, new FakeJobs(), { wait: false, timeoutMs: 1000, model: 'm1' });
    expect(r.model).toBe('m1');
    expect(sm.calls).toEqual([]);
  });

  it('no endpoint and no --model is a usage error; a bad config sends nothing', async () => {
    const jobs = new FakeJobs();
    await expect(transform(testContext(config), new FakeSageMaker(), jobs, { wait: true, timeoutMs: 1000 })).rejects.toThrow(UsageError);
    const sm = new FakeSageMaker();
    await expect(transform(testContext({ ...config, transform: { input: 's3://b/in/' } }), sm, jobs, { wait: true, timeoutMs: 1000 })).rejects.toThrow(
      /transform.output/,
    );
    expect(sm.calls).toEqual([]);
    expect(jobs.calls).toEqual([]);
  });

  it('a Failed transform job is exit 4 with its reason', async () => {
    const jobs = new FakeJobs();
    jobs.transformScript = [{ status: 'Failed', failureReason: 'ClientError: bad input' }];
    await expect(transform(testContext(config), new FakeSageMaker(), jobs, { wait: true, timeoutMs: 1000, model: 'm' })).rejects.toThrow(
      /Failed: ClientError: bad input/,
    );
  });
});
