import { describe, expect, it } from 'vitest';
import { deploy, type DeployOptions } from '../../../../src/commands/deploy/index.js';
import { resolveModelSource } from '../../../../src/commands/model/source.js';
import type { Config } from '../../../../src/core/schema.js';
import { ResourceFailedError } from '../../../../src/core/errors.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';
import { FakeLogs } from '../../helpers/fake-logs.js';
import { testContext } from '../../helpers/context.js';

const config: Config = { name: 'churn', role: 'arn:aws:iam::123456789012:role/R', endpoint: { instanceType: 'ml.m5.large' } };
const WAIT: DeployOptions = { wait: true, timeoutMs: 3_600_000, dryRun: false };

describe('deploy --from-training-job', () => {
  it("creates the model from the job's image and artifact, with no model section in the config", async () => {
    const sm = new FakeSageMaker();
    const jobs = new FakeJobs();
    jobs.seedTraining('churn-20261101000000', { image: 'img:trained', modelArtifact: 's3://b/out/churn-20261101000000/output/model.tar.gz' });
    await deploy(testContext(config), sm, { ...WAIT, modelSource: () => resolveModelSource(jobs, 'churn', { trainingJob: 'latest' }) });
    expect(sm.models.get('churn-AllTraffic-20261125100000')).toMatchObject({
      image: 'img:trained',
      modelDataUrl: 's3://b/out/churn-20261101000000/output/model.tar.gz',
    });
  });

  it("gives the job's model to every variant that runs the config's model; a variant with a model of its own keeps it", async () => {
    const sm = new FakeSageMaker();
    const jobs = new FakeJobs();
    jobs.seedTraining('churn-20261101000000', { image: 'img:trained', modelArtifact: 's3://b/job.tar.gz' });
    const ab: Config = {
      ...config,
      endpoint: {
        instanceType: 'ml.m5.large',
        variants: [{ name: 'blue' }, { name: 'green', model: { image: 'img:green', modelData: 's3://b/green.tar.gz' } }],
      },
    };
    await deploy(testContext(ab), sm, { ...WAIT, modelSource: () => resolveModelSource(jobs, 'churn', { trainingJob: 'latest' }) });
    expect(sm.models.get('churn-blue-20261125100000')).toMatchObject({ image: 'img:trained', modelDataUrl: 's3://b/job.tar.gz' });
    expect(sm.models.get('churn-green-20261125100000')).toMatchObject({ image: 'img:green', modelDataUrl: 's3://b/green.tar.gz' });
  });

  it('checks the config before asking AWS about the job', async () => {
    const jobs = new FakeJobs();
    await expect(
      deploy(testContext({ ...config, role: undefined }), new FakeSageMaker(), {
        ...WAIT,
        modelSource: () => resolveModelSource(jobs, 'churn', { trainingJob: 'latest' }),
      }),
    ).rejects.toThrow(/role/);
    expect(jobs.calls).toEqual([]);
  });
});

describe('deploy of an endpoint that ends Failed', () => {
  it('shows the last container log lines', async () => {
    const sm = new FakeSageMaker();
    sm.nextOutcome = 'Failed';
    const logs = new FakeLogs();
    logs.write(
      '/aws/sagemaker/Endpoints/churn',
      'AllTraffic/i-0abc',
      [1, 'Traceback (most recent call last):'],
      [2, "ModuleNotFoundError: No module named 'xgboost'"],
    );
    const error = (await deploy(testContext({ ...config, model: { image: 'img:1' } }), sm, { ...WAIT, containerLogs: logs }).catch(
      (e: unknown) => e,
    )) as ResourceFailedError;
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect(error.message).toMatch(
      /did not pass the ping health check\.\nlast 2 container log lines:\n {2}\| Traceback \(most recent call last\):\n {2}\| ModuleNotFoundError: No module named 'xgboost'$/,
    );
  });

  it('shows them too when an update in place ends Failed (the rollout shared with update-endpoint)', async () => {
    const sm = new FakeSageMaker();
    sm.seed('churn', { tags: { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' } });
    sm.nextOutcome = 'Failed';
    const logs = new FakeLogs();
    logs.write('/aws/sagemaker/Endpoints/churn', 'AllTraffic/i-0def', [1, 'OOM killed']);
    const error = (await deploy(testContext({ ...config, model: { image: 'img:2' } }), sm, { ...WAIT, containerLogs: logs }).catch(
      (e: unknown) => e,
    )) as ResourceFailedError;
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect(error.message).toMatch(/^endpoint churn is Failed.*\nlast 1 container log lines:\n {2}\| OOM killed$/s);
  });
});
