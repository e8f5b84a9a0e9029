import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SageMakerClient,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  ListTagsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ROLE, IMAGE, motoClientConfig, uniqueStack } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { runCli, hasStackTrace, BIN, type CliRun } from '../support/run-cli.js';

// train (with its CloudWatch logs) → logs → deploy --from-training-job latest → transform →
// tune → deploy --from-tuning-job latest, through the built CLI against moto; state checked
// with plain SDK calls. Moto completes every job at once, so the test writes the job's log
// events before starting it, for each name the job can get in the next seconds.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = uniqueStack('e2e-tr');
const GROUP = '/aws/sagemaker/TrainingJobs';
const sm = new SageMakerClient(motoClientConfig(endpoint));
const cwl = new CloudWatchLogsClient(motoClientConfig(endpoint));
let dir: string;

function writeConfig(name: string, image = IMAGE): void {
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      `name: ${name}`,
      'region: us-east-1',
      `role: ${ROLE}`,
      'tags: { team: e2e }',
      'training:',
      `  image: ${image}`,
      '  instanceType: ml.m5.xlarge',
      '  instanceCount: 2',
      '  maxRuntime: 1h',
      '  hyperparameters: { max_depth: 5, eta: 0.2, objective: "binary:logistic" }',
      '  inputs: { train: s3://e2e-bucket/train/, validation: { s3Uri: s3://e2e-bucket/validation/, contentType: text/csv } }',
      '  outputPath: s3://e2e-bucket/output/',
      'tuning:',
      '  objective: { metric: "validation:auc", type: Maximize }',
      '  maxJobs: 4',
      '  maxParallelJobs: 2',
      '  ranges: { eta: { min: 0.1, max: 0.5 }, max_depth: { min: 3, max: 9, type: integer } }',
      'transform:',
      '  input: s3://e2e-bucket/batch/',
      '  output: s3://e2e-bucket/batch-out/',
      '  contentType: text/csv',
      '  splitType: Line',
      '  instanceType: ml.m5.large',
      'endpoint:',
      '  instanceType: ml.m5.large',
      '',
    ].join('\n'),
  );
}

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
/** The CloudWatch lines sagectl logged on stderr (JSON log lines with source "cloudwatch"). */
const cloudwatchLines = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { source?: string; msg: string })
    .filter((l) => l.source === 'cloudwatch')
    .map((l) => l.msg);
const tagsOf = async (arn: string): Promise<Record<string, string | undefined>> =>
  Object.fromEntries(((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? []).map((t) => [t.Key, t.Value])) as Record<
    string,
    string | undefined
  >;

/** Writes two instances' log lines for every job name `name` can produce in the next seconds. */
async function writeJobLogs(name: string, lines: [instance: 1 | 2, message: string][]): Promise<void> {
  await cwl.send(new CreateLogGroupCommand({ logGroupName: GROUP })).catch((e: Error) => {
    if (e.name !== 'ResourceAlreadyExistsException') throw e;
  });
  const start = Date.now();
  // A loaded machine can take many seconds to start the CLI: cover the next 45 s of job names.
  for (let s = 0; s < 45; s++) {
    const job = `${name}-${stamp(new Date(start + s * 1000))}`;
    for (const instance of [1, 2] as const) {
      const stream = `${job}/algo-${instance}-1764064800`;
      await cwl.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
      const events = lines.map(([i, message], k) => ({ i, message, timestamp: start + k })).filter((e) => e.i === instance);
      await cwl.send(
        new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: events.map(({ message, timestamp }) => ({ message, timestamp })) }),
      );
    }
  }
}

const LINES: [1 | 2, string][] = [
  [1, 'Downloading s3://e2e-bucket/train/'],
  [2, 'Downloading s3://e2e-bucket/train/ (shard 2)'],
  [1, '[0]#011train-auc:0.91#011validation-auc:0.90'],
  [2, '[0]#011train-auc:0.92'],
  [1, '[1]#011train-auc:0.95#011validation-auc:0.93'],
  [1, 'Saving the model'],
];
const EXPECTED = LINES.map(([i, m]) => `[algo-${i}] ${m}`);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-train-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the training side against moto', () => {
  let job: string;
  let artifact: string;

  it('train --output json prints the artifact and streams the log lines to stderr, in order, once each', async () => {
    writeConfig(stack);
    await writeJobLogs(stack, LINES);
    const run = await cli('train', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ job: string; status: string; modelArtifact: string }>(run.stdout);
    job = result.job;
    artifact = result.modelArtifact;
    expect(result.status).toBe('Completed');
    expect(artifact).toBe(`s3://e2e-bucket/output/${job}/output/model.tar.gz`);
    expect(cloudwatchLines(run.stderr)).toEqual(EXPECTED);

    const described = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: job }));
    expect(described.HyperParameters).toEqual({ max_depth: '5', eta: '0.2', objective: 'binary:logistic' });
    expect(described.StoppingCondition?.MaxRuntimeInSeconds).toBe(3600);
    expect(described.ResourceConfig).toMatchObject({ InstanceType: 'ml.m5.xlarge', InstanceCount: 2 });
    expect(await tagsOf(described.TrainingJobArn!)).toMatchObject({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl', team: 'e2e' });
  });

  it('logs <job> prints the same lines on stdout', async () => {
    const run = await cli('logs', job);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual(EXPECTED);
  });

  it('the launcher stops only a running job, as AWS does', async () => {
    await expect(sm.send(new StopTrainingJobCommand({ TrainingJobName: job }))).rejects.toThrow(/in status Completed/);
  });

  it('a Failed job exits 4 with its FailureReason and last log lines, and no stack trace', async () => {
    const failing = `${stack}-f`;
    writeConfig(failing, `${IMAGE}-fail`);
    await writeJobLogs(failing, [
      [1, 'Traceback (most recent call last):'],
      [1, 'ValueError: the label column holds values other than 0 and 1'],
    ]);
    const run = await cli('train');
    expect(run.code, run.stderr).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Failed: AlgorithmError: ExecuteUserScriptError');
    expect(run.stderr).toContain('last 2 log lines:');
    expect(run.stderr).toContain('ValueError: the label column holds values other than 0 and 1');
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('deploy --from-training-job latest serves the artifact of that job', async () => {
    writeConfig(stack);
    const run = await cli('deploy', '--from-training-job', 'latest', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const model = json<{ model: string }>(run.stdout).model;
    const described = await sm.send(new DescribeModelCommand({ ModelName: model }));
    expect(described.PrimaryContainer).toMatchObject({ Image: IMAGE, ModelDataUrl: artifact });
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: stack }))).EndpointStatus).toBe('InService');
  });

  it("transform runs the endpoint's model over the input and prints the output location", async () => {
    const run = await cli('transform', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ job: string; outputPath: string; model: string }>(run.stdout);
    expect(result.outputPath).toBe('s3://e2e-bucket/batch-out/');
    const live = await sm.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: (await sm.send(new DescribeEndpointCommand({ EndpointName: stack }))).EndpointConfigName }),
    );
    const described = await sm.send(new DescribeTransformJobCommand({ TransformJobName: result.job }));
    expect(described.ModelName).toBe(live.ProductionVariants?.[0]?.ModelName);
    expect(described.TransformInput).toMatchObject({ ContentType: 'text/csv', SplitType: 'Line' });
    expect(await tagsOf(described.TransformJobArn!)).toMatchObject({ 'sagectl:stack': stack });
  });

  it('tune prints the best training job, which exists, and deploy --from-tuning-job latest serves it', async () => {
    const run = await cli('tune', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ job: string; best: { trainingJob: string; hyperparameters: Record<string, string> } }>(run.stdout);
    expect(result.job.length).toBeLessThanOrEqual(32);
    expect(result.best.hyperparameters).toEqual({ eta: '0.3', max_depth: '6' });
    const best = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: result.best.trainingJob }));
    expect(best.TrainingJobStatus).toBe('Completed');
    expect(best.HyperParameters).toMatchObject({ objective: 'binary:logistic', eta: '0.3' });
    const listed = await sm.send(new ListTrainingJobsForHyperParameterTuningJobCommand({ HyperParameterTuningJobName: result.job }));
    expect(listed.TrainingJobSummaries?.map((s) => s.TrainingJobName)).toEqual([result.best.trainingJob]);

    const deploy = await cli('deploy', '--from-tuning-job', 'latest', '--output', 'json');
    expect(deploy.code, deploy.stderr).toBe(0);
    const model = await sm.send(new DescribeModelCommand({ ModelName: json<{ model: string }>(deploy.stdout).model }));
    expect(model.PrimaryContainer?.ModelDataUrl).toBe(`s3://e2e-bucket/output/${result.best.trainingJob}/output/model.tar.gz`);
  });

  describe('Ctrl-C while a job trains (the launcher keeps a "running" image InProgress)', () => {
    /** Runs `sagectl train` and sends SIGINT once it reports the job training. */
    const interruptTrain = (...args: string[]): Promise<CliRun> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, '--log-format', 'json', 'train', ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let sent = false;
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (!sent && stderr.includes('InProgress (Training)')) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end();
      });
    const jobIn = (stderr: string): string => /training job (\S+-\d{14})/.exec(stderr)?.[1] ?? '';

    it('--stop-on-interrupt stops the job; exit 130', async () => {
      writeConfig(`${stack}-i`, `${IMAGE}-running`);
      const run = await interruptTrain('--stop-on-interrupt');
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toMatch(/interrupted; asked SageMaker to stop training job/);
      const described = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: jobIn(run.stderr) }));
      expect(described.TrainingJobStatus).toBe('Stopped');
    });

    it('without a terminal and without the flag, the job goes on and the message says how to follow it; exit 130', async () => {
      writeConfig(`${stack}-j`, `${IMAGE}-running`);
      const run = await interruptTrain();
      expect(run.code, run.stderr).toBe(130);
      const job = jobIn(run.stderr);
      expect(run.stderr).toContain(`training job ${job} was not stopped`);
      expect(run.stderr).toContain(`sagectl logs ${job} --follow`);
      expect((await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: job }))).TrainingJobStatus).toBe('InProgress');
      await sm.send(new StopTrainingJobCommand({ TrainingJobName: job }));
    });
  });

  it('teardown removes the endpoint', async () => {
    const run = await cli('teardown', stack, '--yes', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
  });
});
