import { describe, expect, it } from 'vitest';
import { resolveModel, type JobsReader } from '../../../src/commands/model-source.js';
import { ConfigError, ResourceFailedError, UsageError } from '../../../src/core/errors.js';
import type { TrainingArtifact } from '../../../src/services/sagemaker-jobs.js';
import type { ModelInfo } from '../../../src/services/sagemaker.js';

const ROLE = 'arn:aws:iam::123456789012:role/R';
const live: ModelInfo = { name: 'm', arn: 'arn:m', image: 'live-img', modelDataUrl: 's3://b/live.tar.gz', executionRoleArn: ROLE, environment: { A: '1' } };

/** Jobs of stack churn: two training jobs, a tuning job whose best is the older one. */
function jobs(): JobsReader & { asked: string[] } {
  const artifacts: Record<string, TrainingArtifact> = {
    'churn-20261101000000': { jobName: 'churn-20261101000000', status: 'Completed', modelDataUrl: 's3://b/t1.tar.gz', trainingImage: 'train-img' },
    'churn-20261102000000': { jobName: 'churn-20261102000000', status: 'Completed', modelDataUrl: 's3://b/t2.tar.gz', trainingImage: 'train-img' },
    'churn-failed': { jobName: 'churn-failed', status: 'Failed' },
  };
  const asked: string[] = [];
  return {
    asked,
    trainingArtifact: async (name) => artifacts[name],
    bestTrainingJob: async (name) => (name === 'churn-20261101000000' ? 'churn-20261101000000' : name === 'running' ? '' : undefined),
    latestTrainingJob: async (prefix) => (asked.push(prefix), 'churn-20261102000000'),
    latestTuningJob: async (prefix) => (asked.push(prefix), 'churn-20261101000000'),
  };
}

describe('resolveModel', () => {
  it('takes flags first, then the live model', async () => {
    expect(await resolveModel({}, live, { modelData: 's3://b/new.tar.gz' }, undefined, 'churn')).toEqual({ image: 'live-img', modelDataUrl: 's3://b/new.tar.gz', executionRoleArn: ROLE, environment: { A: '1' } });
    expect(await resolveModel({ model: { image: 'cfg-img' } }, live, { image: 'flag-img' }, undefined, 'churn')).toMatchObject({ image: 'flag-img' });
  });

  it('takes the config over the live model', async () => {
    expect(await resolveModel({ role: ROLE, model: { image: 'cfg-img', modelData: 's3://b/cfg.tar.gz' } }, live, {}, undefined, 'churn')).toMatchObject({ image: 'cfg-img', modelDataUrl: 's3://b/cfg.tar.gz' });
  });

  it('--from-training-job latest takes the newest completed job of the stack, with its image when none is configured', async () => {
    const j = jobs();
    expect(await resolveModel({ role: ROLE }, undefined, { trainingJob: 'latest' }, j, 'churn')).toEqual({ image: 'train-img', modelDataUrl: 's3://b/t2.tar.gz', executionRoleArn: ROLE });
    expect(j.asked).toEqual(['churn-']);
  });

  it("--from-tuning-job takes the tuning job's best training job", async () => {
    expect(await resolveModel({ role: ROLE }, live, { tuningJob: 'latest' }, jobs(), 'churn')).toMatchObject({ modelDataUrl: 's3://b/t1.tar.gz', image: 'train-img' });
  });

  it('refuses a missing job, a failed one, a tuning job without a best job, and a model without image or role', async () => {
    await expect(resolveModel({}, live, { trainingJob: 'nope' }, jobs(), 'churn')).rejects.toBeInstanceOf(UsageError);
    await expect(resolveModel({}, live, { trainingJob: 'churn-failed' }, jobs(), 'churn')).rejects.toBeInstanceOf(ResourceFailedError);
    await expect(resolveModel({}, live, { tuningJob: 'running' }, jobs(), 'churn')).rejects.toThrow(/no best training job/);
    await expect(resolveModel({}, undefined, {}, undefined, 'churn')).rejects.toBeInstanceOf(ConfigError);
    await expect(resolveModel({}, undefined, { image: 'i' }, undefined, 'churn')).rejects.toThrow(/^role:/);
  });
});
