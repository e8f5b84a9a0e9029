import { describe, expect, it } from 'vitest';
import { checkModelSource, resolveModel } from '../../../../src/commands/update-endpoint/model.js';
import { ConfigError, UsageError } from '../../../../src/core/errors.js';
import type { ModelInfo } from '../../../../src/services/sagemaker.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';

const ROLE = 'arn:aws:iam::123456789012:role/R';
const live: ModelInfo = { name: 'm', arn: 'arn:m', image: 'live-img', modelDataUrl: 's3://b/live.tar.gz', executionRoleArn: ROLE, environment: { A: '1' } };
const at = (s: string): Date => new Date(s);

/** Jobs of stack churn: two training jobs, a failed one, and a tuning job whose best is the older one. */
function jobs(): FakeJobs {
  const j = new FakeJobs();
  j.seedTraining('churn-20261101000000', { modelArtifact: 's3://b/t1.tar.gz', image: 'train-img', creationTime: at('2026-11-01T00:00:00Z') });
  j.seedTraining('churn-20261102000000', { modelArtifact: 's3://b/t2.tar.gz', image: 'train-img', creationTime: at('2026-11-02T00:00:00Z') });
  j.seedTraining('churn-failed', { status: 'Failed' });
  j.seedTuning('churn-20261103000000', { best: { trainingJob: 'churn-20261101000000', hyperparameters: {} } });
  j.seedTuning('running', { status: 'InProgress' });
  return j;
}

describe('resolveModel', () => {
  it('takes flags first, then the live model', async () => {
    expect(await resolveModel({}, live, { modelData: 's3://b/new.tar.gz' }, undefined, 'churn')).toEqual({
      image: 'live-img',
      modelDataUrl: 's3://b/new.tar.gz',
      executionRoleArn: ROLE,
      environment: { A: '1' },
    });
    expect(await resolveModel({ model: { image: 'cfg-img' } }, live, { image: 'flag-img' }, undefined, 'churn')).toMatchObject({ image: 'flag-img' });
  });

  it('takes the config over the live model', async () => {
    expect(await resolveModel({ role: ROLE, model: { image: 'cfg-img', modelData: 's3://b/cfg.tar.gz' } }, live, {}, undefined, 'churn')).toMatchObject({
      image: 'cfg-img',
      modelDataUrl: 's3://b/cfg.tar.gz',
    });
  });

  it("takes the job's artifact over the config's, and the configured image over the job's", async () => {
    const config = { role: ROLE, model: { image: 'cfg-img', modelData: 's3://b/cfg.tar.gz' } };
    expect(await resolveModel(config, live, { trainingJob: 'churn-20261101000000' }, jobs(), 'churn')).toMatchObject({
      image: 'cfg-img',
      modelDataUrl: 's3://b/t1.tar.gz',
    });
  });

  it('--from-training-job latest takes the newest completed job of the stack (through resolveModelSource), with its image when none is configured', async () => {
    const j = jobs();
    expect(await resolveModel({ role: ROLE }, undefined, { trainingJob: 'latest' }, j, 'churn')).toEqual({
      image: 'train-img',
      modelDataUrl: 's3://b/t2.tar.gz',
      executionRoleArn: ROLE,
    });
    expect(j.calls[0]).toEqual({ method: 'listTrainingJobs', args: ['churn-', 'Completed'] });
  });

  it("--from-tuning-job takes the tuning job's best training job", async () => {
    expect(await resolveModel({ role: ROLE }, live, { tuningJob: 'latest' }, jobs(), 'churn')).toMatchObject({
      modelDataUrl: 's3://b/t1.tar.gz',
      image: 'train-img',
    });
  });

  it('refuses a missing job, a failed one, a tuning job without a best job, and a model without image or role', async () => {
    await expect(resolveModel({}, live, { trainingJob: 'nope' }, jobs(), 'churn')).rejects.toBeInstanceOf(UsageError);
    await expect(resolveModel({}, live, { trainingJob: 'churn-failed' }, jobs(), 'churn')).rejects.toThrow(/training job churn-failed is Failed/);
    await expect(resolveModel({}, live, { tuningJob: 'running' }, jobs(), 'churn')).rejects.toThrow(/no best training job/);
    await expect(resolveModel({}, undefined, {}, undefined, 'churn')).rejects.toBeInstanceOf(ConfigError);
    await expect(resolveModel({}, undefined, { image: 'i' }, undefined, 'churn')).rejects.toThrow(/^role:/);
  });
});

describe('checkModelSource', () => {
  it('refuses two artifacts and a --model-data that is not an S3 URI', () => {
    expect(() => checkModelSource({ modelData: 's3://b/m.tar.gz', trainingJob: 'latest' })).toThrow(
      /--model-data and --from-training-job both name the model artifact/,
    );
    expect(() => checkModelSource({ modelData: 'model.tar.gz' })).toThrow(UsageError);
    expect(() => checkModelSource({ modelData: 's3://bucket/m.tar.gz', image: 'img' })).not.toThrow();
  });
});
