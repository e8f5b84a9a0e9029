import { describe, expect, it } from 'vitest';
import { train, renderTrain, summary, type TrainOptions } from '../../../../src/commands/training/train.js';
import { AwsRequestError, ConfigError, InterruptedError, ResourceFailedError } from '../../../../src/core/errors.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';
import { FakeLogs } from '../../helpers/fake-logs.js';
import { testContext } from '../../helpers/context.js';

const GROUP = '/aws/sagemaker/TrainingJobs';
const JOB = 'churn-20261125100000'; // the fake clock's now
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
};

function setup(cfg: Config = config, opts: Partial<TrainOptions> = {}) {
  const ctx = testContext(cfg);
  const jobs = new FakeJobs();
  const logs = new FakeLogs();
  const printed: string[] = [];
  const options: TrainOptions = { wait: true, timeoutMs: 3_600_000, printLog: (l) => printed.push(l), stopOnInterrupt: false, ...opts };
  return { ctx, jobs, logs, printed, run: () => train(ctx, jobs, logs, options) };
}

describe('train', () => {
  it('creates the job named <stack>-<timestamp>, tagged, waits, streams the logs written while it runs, and returns the artifact', async () => {
    const { ctx, jobs, logs, printed, run } = setup();
    jobs.onDescribe = (_name, n) => {
      if (n === 1) logs.write(GROUP, `${JOB}/algo-1-1`, [1, 'Downloading data'], [2, 'Loaded 100 rows']);
      if (n === 2) logs.write(GROUP, `${JOB}/algo-1-1`, [3, '[0] train-auc:0.9'], [4, '[1] train-auc:0.95'], [5, 'Saving model']);
    };
    const result = await run();
    expect(result).toEqual({
      stack: 'churn',
      job: JOB,
      arn: expect.stringContaining(':training-job/') as string,
      status: 'Completed',
      modelArtifact: 's3://b/out/model.tar.gz',
      trainingSeconds: 400,
      billableSeconds: 400,
      metrics: { 'validation:auc': 0.93 },
      waited: true,
    });
    expect(printed).toEqual(['Downloading data', 'Loaded 100 rows', '[0] train-auc:0.9', '[1] train-auc:0.95', 'Saving model']);
    const request = jobs.calls[0]!.args[0] as { TrainingJobName: string; Tags: { Key: string; Value: string }[] };
    expect(request.TrainingJobName).toBe(JOB);
    expect(request.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'sagectl:stack', Value: 'churn' },
        { Key: 'sagectl:managed-by', Value: 'sagectl' },
      ]),
    );
    expect(ctx.progressReports.map((p) => p.status)).toEqual(['InProgress (Starting)', 'InProgress (Training)', 'Completed']);
    expect(renderTrain(result)).toContain('artifact  s3://b/out/model.tar.gz');
  });

  it('prefixes each line with its instance when the job runs on several', async () => {
    const cfg: Config = { ...config, training: { ...config.training, instanceCount: 2 } };
    const { jobs, logs, printed, run } = setup(cfg);
    jobs.onDescribe = (_name, n) => {
      if (n === 2) {
        logs.write(GROUP, `${JOB}/algo-1-1`, [1, 'a1'], [3, 'a3']);
        logs.write(GROUP, `${JOB}/algo-2-1`, [2, 'b2']);
      }
    };
    await run();
    expect(printed).toEqual(['[algo-1] a1', '[algo-2] b2', '[algo-1] a3']);
  });

  it('--no-logs reads no logs while waiting', async () => {
    const { jobs, logs, run } = setup(config, { printLog: undefined });
    jobs.onDescribe = () => logs.write(GROUP, `${JOB}/algo-1-1`, [1, 'x']);
    await run();
    expect(logs.calls).toEqual([]);
  });

  it('logs that cannot be read (a missing permission) do not fail the wait: a warning, then the result', async () => {
    const { ctx, logs, printed, run } = setup();
    logs.fail('listStreams', new AwsRequestError('DescribeLogStreams', 'AccessDeniedException', 'not authorized to perform logs:DescribeLogStreams'), 99);
    const result = await run();
    expect(result.status).toBe('Completed');
    expect(printed).toEqual([]);
    ctx.log.expectLog(/cannot read the logs of training job churn-20261125100000, waiting without them/, 'warn');
    expect(logs.calls.filter((c) => c.method === 'listStreams')).toHaveLength(1);
  });

  it('--no-wait returns once the job is created', async () => {
    const { jobs, run } = setup(config, { wait: false });
    const result = await run();
    expect(result).toMatchObject({ job: JOB, status: 'InProgress', waited: false });
    expect(jobs.methods()).toEqual(['createTrainingJob']);
  });

  it('Failed: exit 4 with the FailureReason and the last 20 log lines', async () => {
    const { jobs, logs, printed, run } = setup();
    jobs.trainingScript = [
      { status: 'InProgress', secondaryStatus: 'Training' },
      { status: 'Failed', secondaryStatus: 'Failed', failureReason: 'AlgorithmError: ValueError: bad label' },
    ];
    jobs.onDescribe = (_name, n) => {
      if (n === 1) logs.write(GROUP, `${JOB}/algo-1-1`, ...Array.from({ length: 25 }, (_, i): [number, string] => [i, `line ${i}`]));
    };
    const error = (await run().catch((e: unknown) => e)) as ResourceFailedError;
    expect(error).toBeInstanceOf(ResourceFailedError);
    expect(error.exitCode).toBe(4);
    expect(error.message).toMatch(/^training job churn-20261125100000 Failed: AlgorithmError: ValueError: bad label\nlast 20 log lines:\n {2}\| line 5\n/);
    expect(error.message).toMatch(/\| line 24$/);
    expect(printed).toHaveLength(25);
  });

  it('Stopped without logs streamed: exit 4, and the last lines are read from CloudWatch', async () => {
    const { jobs, logs, run } = setup(config, { printLog: undefined });
    jobs.trainingScript = [{ status: 'Stopped', secondaryStatus: 'Stopped' }];
    logs.write(GROUP, `${JOB}/algo-1-1`, [1, 'epoch 1'], [2, 'SIGTERM received']);
    const error = (await run().catch((e: unknown) => e)) as ResourceFailedError;
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('training job churn-20261125100000 Stopped\nlast 2 log lines:\n  | epoch 1\n  | SIGTERM received');
  });

  describe('Ctrl-C', () => {
    const interruptAfterFirstCheck = (ctx: ReturnType<typeof setup>['ctx'], jobs: FakeJobs): void => {
      jobs.onDescribe = (_n, count) => {
        if (count === 1) ctx.abort();
      };
    };

    it('--stop-on-interrupt stops the job without asking; exit 130', async () => {
      const { ctx, jobs, run } = setup(config, { stopOnInterrupt: true });
      interruptAfterFirstCheck(ctx, jobs);
      const error = (await run().catch((e: unknown) => e)) as InterruptedError;
      expect(error).toBeInstanceOf(InterruptedError);
      expect(error.exitCode).toBe(130);
      expect(error.message).toContain(`asked SageMaker to stop training job ${JOB}`);
      expect(jobs.methods()).toContain('stopTrainingJob');
      expect(ctx.confirm).not.toHaveBeenCalled();
    });

    it('on a terminal, asks; yes stops the job', async () => {
      const { ctx, jobs, run } = setup();
      ctx.interactive = true;
      ctx.confirm.mockResolvedValue(true);
      interruptAfterFirstCheck(ctx, jobs);
      await expect(run()).rejects.toThrow(/asked SageMaker to stop/);
      expect(ctx.confirm).toHaveBeenCalledWith(`Stop training job ${JOB}?`);
      expect(jobs.methods()).toContain('stopTrainingJob');
    });

    it('on a terminal, no leaves it running and says how to follow it', async () => {
      const { ctx, jobs, run } = setup();
      ctx.interactive = true;
      interruptAfterFirstCheck(ctx, jobs);
      const error = (await run().catch((e: unknown) => e)) as InterruptedError;
      expect(error.message).toBe(`interrupted; training job ${JOB} was not stopped`);
      expect(error.resolution).toContain(`sagectl logs ${JOB} --follow`);
      expect(jobs.methods()).not.toContain('stopTrainingJob');
    });

    it('on a terminal, a second Ctrl-C at the question leaves the job running and still says how to follow it', async () => {
      const { ctx, jobs, run } = setup();
      ctx.interactive = true;
      ctx.confirm.mockRejectedValue(new InterruptedError('interrupted while asking for confirmation'));
      interruptAfterFirstCheck(ctx, jobs);
      const error = (await run().catch((e: unknown) => e)) as InterruptedError;
      expect(error.message).toBe(`interrupted; training job ${JOB} was not stopped`);
      expect(error.resolution).toContain(`sagectl logs ${JOB} --follow`);
      expect(jobs.methods()).not.toContain('stopTrainingJob');
    });

    it('without a terminal, does not ask and does not stop', async () => {
      const { ctx, jobs, run } = setup();
      interruptAfterFirstCheck(ctx, jobs);
      const error = (await run().catch((e: unknown) => e)) as InterruptedError;
      expect(error.exitCode).toBe(130);
      expect(ctx.confirm).not.toHaveBeenCalled();
      expect(jobs.methods()).not.toContain('stopTrainingJob');
    });
  });

  it('a config without training.image is a ConfigError naming the path, and nothing is sent', async () => {
    const { jobs, run } = setup({ ...config, training: { instanceType: 'ml.m5.xlarge', outputPath: 's3://b/out/' } });
    await expect(run()).rejects.toThrow(new ConfigError('config: training.image: expected the training container image URI, found nothing'));
    expect(jobs.calls).toEqual([]);
  });

  it('reports the spot saving', () => {
    const s = summary({
      name: 'j',
      arn: 'a',
      status: 'Completed',
      secondaryStatus: 'Completed',
      image: 'i',
      instanceCount: 1,
      spot: true,
      trainingSeconds: 1000,
      billableSeconds: 300,
      hyperparameters: {},
      finalMetrics: {},
    });
    expect(s.spotSavingPercent).toBe(70);
    expect(renderTrain({ stack: 'churn', ...s, waited: true })).toContain('1000s training, 300s billable (managed spot saved 70%)');
  });
});
