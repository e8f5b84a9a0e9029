import { describe, expect, it } from 'vitest';
import { resolveModelSource } from '../../../../src/commands/model/source.js';
import { UsageError } from '../../../../src/core/errors.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';

const at = (s: string): Date => new Date(s);

function jobs(): FakeJobs {
  const j = new FakeJobs();
  j.seedTraining('churn-20261101000000', { modelArtifact: 's3://b/1/model.tar.gz', image: 'img:1', creationTime: at('2026-11-01T00:00:00Z') });
  j.seedTraining('churn-20261102000000', { modelArtifact: 's3://b/2/model.tar.gz', image: 'img:2', creationTime: at('2026-11-02T00:00:00Z') });
  j.seedTraining('churn-20261103000000', { status: 'Failed', creationTime: at('2026-11-03T00:00:00Z') });
  // Another stack whose name starts like this one, and newer: never "latest" of churn.
  j.seedTraining('churn-v2-20261104000000', { modelArtifact: 's3://b/other/model.tar.gz', creationTime: at('2026-11-04T00:00:00Z') });
  return j;
}

describe('resolveModelSource', () => {
  it('latest: the newest Completed training job of this stack only', async () => {
    const j = jobs();
    expect(await resolveModelSource(j, 'churn', { trainingJob: 'latest' })).toEqual({
      image: 'img:2',
      modelDataUrl: 's3://b/2/model.tar.gz',
      trainingJob: 'churn-20261102000000',
    });
    expect(j.calls[0]).toEqual({ method: 'listTrainingJobs', args: ['churn-', 'Completed'] });
  });

  it('a named job', async () => {
    expect(await resolveModelSource(jobs(), 'churn', { trainingJob: 'churn-20261101000000' })).toMatchObject({
      modelDataUrl: 's3://b/1/model.tar.gz',
      image: 'img:1',
    });
  });

  it('a job that did not complete, a missing job, and no job at all are usage errors naming it', async () => {
    await expect(resolveModelSource(jobs(), 'churn', { trainingJob: 'churn-20261103000000' })).rejects.toThrow(/training job churn-20261103000000 is Failed/);
    await expect(resolveModelSource(jobs(), 'churn', { trainingJob: 'nope' })).rejects.toThrow(
      new UsageError('--from-training-job: no training job named nope'),
    );
    await expect(resolveModelSource(new FakeJobs(), 'churn', { trainingJob: 'latest' })).rejects.toThrow(/stack churn has no Completed training job/);
  });

  it('a tuning job gives its best training job', async () => {
    const j = jobs();
    j.seedTuning('churn-20261105000000', { best: { trainingJob: 'churn-20261101000000', hyperparameters: { eta: '0.1' } } });
    expect(await resolveModelSource(j, 'churn', { tuningJob: 'latest' })).toEqual({
      image: 'img:1',
      modelDataUrl: 's3://b/1/model.tar.gz',
      trainingJob: 'churn-20261101000000',
      tuningJob: 'churn-20261105000000',
    });
  });

  it('latest tuning job of a long stack name matches the shortened name (32 characters)', async () => {
    const j = new FakeJobs();
    const stack = 'a-very-long-stack-name-for-tuning';
    j.seedTraining('best', { modelArtifact: 's3://b/m.tar.gz' });
    j.seedTuning('a-very-long-stack-20261105000000', { best: { trainingJob: 'best', hyperparameters: {} } });
    expect((await resolveModelSource(j, stack, { tuningJob: 'latest' })).tuningJob).toBe('a-very-long-stack-20261105000000');
  });
});
