import { describe, expect, it } from 'vitest';
import { logs } from '../../../../src/commands/logs/index.js';
import { AwsRequestError } from '../../../../src/core/errors.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';
import { FakeLogs } from '../../helpers/fake-logs.js';
import { testContext } from '../../helpers/context.js';

const JOB = 'churn-20261101000000';

function setup() {
  const sm = new FakeSageMaker();
  const jobs = new FakeJobs();
  const reader = new FakeLogs();
  const printed: string[] = [];
  const ctx = testContext({ name: 'churn' });
  const run = (name: string | undefined, follow = false) => logs(ctx, sm, jobs, reader, name, { follow, timeoutMs: 3_600_000, print: (l) => printed.push(l) });
  return { ctx, sm, jobs, reader, printed, run };
}

describe('logs', () => {
  it("prints a training job's logs once", async () => {
    const { jobs, reader, printed, run } = setup();
    jobs.seedTraining(JOB, {});
    reader.write('/aws/sagemaker/TrainingJobs', `${JOB}/algo-1-1`, [1, 'a'], [2, 'b'], [3, 'c']);
    expect(await run(JOB)).toEqual({ kind: 'training-job', name: JOB, logGroup: '/aws/sagemaker/TrainingJobs', lines: 3, status: 'Completed' });
    expect(printed).toEqual(['a', 'b', 'c']);
  });

  it('--follow follows a running training job until it ends', async () => {
    const { jobs, reader, printed, run } = setup();
    await jobs.createTrainingJob({ TrainingJobName: JOB } as never);
    jobs.onDescribe = (_n, count) => reader.write('/aws/sagemaker/TrainingJobs', `${JOB}/algo-1-1`, [count, `line ${count}`]);
    const r = await run(JOB, true);
    expect(r.status).toBe('Completed');
    expect(printed).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it("an endpoint's container logs, by default the stack's endpoint", async () => {
    const { sm, reader, printed, run } = setup();
    sm.seed('churn', { tags: {} });
    reader.write('/aws/sagemaker/Endpoints/churn', 'AllTraffic/i-1', [1, 'x']);
    reader.write('/aws/sagemaker/Endpoints/churn', 'AllTraffic/i-2', [2, 'y']);
    expect(await run(undefined)).toMatchObject({ kind: 'endpoint', name: 'churn', lines: 2 });
    expect(printed).toEqual(['[AllTraffic/i-1] x', '[AllTraffic/i-2] y']);
  });

  it('--follow on an endpoint ends when it is deleted', async () => {
    const { sm, reader, printed, run } = setup();
    sm.seed('churn', { tags: {} });
    let n = 0;
    const original = sm.describeEndpoint.bind(sm);
    sm.describeEndpoint = async (name) => {
      n++;
      if (n === 2) reader.write('/aws/sagemaker/Endpoints/churn', 'AllTraffic/i-1', [n, 'later']);
      if (n === 3) sm.endpoints.delete('churn');
      return original(name);
    };
    await run('churn', true);
    expect(printed).toEqual(['later']);
  });

  it('--follow fails when the logs cannot be read (the logs are what it is for)', async () => {
    const { jobs, reader, run } = setup();
    await jobs.createTrainingJob({ TrainingJobName: JOB } as never);
    reader.fail('listStreams', new AwsRequestError('DescribeLogStreams', 'AccessDeniedException', 'denied'), 9);
    await expect(run(JOB, true)).rejects.toThrow(/AccessDeniedException/);
  });

  it('an unknown name is a usage error', async () => {
    await expect(setup().run('nope')).rejects.toThrow(/^logs: no training job or endpoint named nope$/);
  });
});
