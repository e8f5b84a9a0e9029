import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
  UpdateEndpointCommand,
  type DescribeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { IMAGE, ROLE, motoClientConfig, uniqueStack, writeStackConfig } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { setTime, timeEvents, type TimeEvent } from './time.js';
import { BIN, hasStackTrace, runCli, type CliRun } from '../support/run-cli.js';

// sagectl against a SageMaker that takes its time (launcher_time.py): endpoints Creating for
// seconds, updates that build the new fleet while the old one serves, canary traffic steps with
// their bakes, a rollback alarm that fires during a bake, jobs walking their secondary statuses.
// The times are seconds here, not minutes; only this file's access key is slowed down.

const endpoint = inject('motoEndpoint');
const key = `TIME${randomBytes(4).toString('hex').toUpperCase()}`;
const env = { ...e2eEnv(endpoint), AWS_ACCESS_KEY_ID: key };
const config = { ...motoClientConfig(endpoint), credentials: { accessKeyId: key, secretAccessKey: 'testing' } };
const sm = new SageMakerClient(config);
const runtime = new SageMakerRuntimeClient(config);
const stack = uniqueStack('e2e-slow');
const TIMES = { accessKey: key, endpointCreateSeconds: 3, endpointUpdateSeconds: 1, alarmAfterSeconds: 0.8, jobSeconds: 1.5 };
let dir: string;

const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  runCli(['--log-format', 'json', ...args], { cwd: dir, env: { ...env, ...extraEnv } });
const describeEndpoint = (name = stack): Promise<DescribeEndpointCommandOutput> => sm.send(new DescribeEndpointCommand({ EndpointName: name }));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The `msg` of each JSON log line on stderr. */
const messages = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);

interface Answer {
  sent: number;
  answered: number;
  model?: string;
  error?: string;
}

/** Invokes the endpoint every 200 ms until stopped, recording when each answer came and which model gave it. */
function probe(name: string): { stop: () => Promise<Answer[]> } {
  const answers: Promise<Answer>[] = [];
  const one = async (): Promise<Answer> => {
    const sent = Date.now() / 1000;
    try {
      const out = await runtime.send(new InvokeEndpointCommand({ EndpointName: name, ContentType: 'text/csv', Body: new TextEncoder().encode('1,2,3') }));
      const body = JSON.parse(new TextDecoder().decode(out.Body)) as { model: string };
      return { sent, answered: Date.now() / 1000, model: body.model };
    } catch (error) {
      return { sent, answered: Date.now() / 1000, error: String(error) };
    }
  };
  answers.push(one());
  const timer = setInterval(() => answers.push(one()), 200);
  return {
    stop: async () => {
      clearInterval(timer);
      return Promise.all(answers);
    },
  };
}

/** The model names of the configs of the endpoint: what it serves now. */
async function servingModel(): Promise<string> {
  const run = await runtime.send(new InvokeEndpointCommand({ EndpointName: stack, ContentType: 'text/csv', Body: new TextEncoder().encode('1') }));
  return (JSON.parse(new TextDecoder().decode(run.Body)) as { model: string }).model;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-slow-'));
  writeStackConfig(dir, stack, {
    modelData: 's3://e2e-bucket/v1/model.tar.gz',
    endpoint: ['instanceType: ml.m5.large', 'instanceCount: 2'],
    more: [
      'training:',
      `  image: ${IMAGE}`,
      '  instanceType: ml.m5.xlarge',
      '  maxRuntime: 1h',
      '  inputs: { train: s3://e2e-bucket/train/ }',
      '  outputPath: s3://e2e-bucket/output/',
      'tuning:',
      '  objective: { metric: "validation:auc", type: Maximize }',
      '  maxJobs: 2',
      '  maxParallelJobs: 1',
      '  ranges: { eta: { min: 0.1, max: 0.5 } }',
      'transform:',
      '  input: s3://e2e-bucket/batch/',
      '  output: s3://e2e-bucket/batch-out/',
      '  contentType: text/csv',
      '  instanceType: ml.m5.large',
    ],
  });
  await setTime(endpoint, TIMES);
});

afterAll(async () => {
  await cli(['teardown', stack, '--yes']);
  await setTime(endpoint, { accessKey: key });
  rmSync(dir, { recursive: true, force: true });
});

describe('a slow create', () => {
  it('deploy waits through Creating: without a terminal, one log line per status change and a heartbeat (SAGECTL_HEARTBEAT=1s)', async () => {
    const started = Date.now();
    const running = cli(['deploy'], { SAGECTL_HEARTBEAT: '1s' });
    // Meanwhile SageMaker shows it Creating, with the deployment pending.
    let creating: DescribeEndpointCommandOutput | undefined;
    while (!creating && Date.now() - started < 20_000) {
      await sleep(200);
      creating = await describeEndpoint().catch(() => undefined);
    }
    expect(creating?.EndpointStatus).toBe('Creating');
    expect(creating?.PendingDeploymentSummary?.EndpointConfigName).toBe(creating?.EndpointConfigName);
    expect(creating?.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status).toBe('Creating');
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    const progress = messages(run.stderr).filter((m) => m.startsWith('creating endpoint:'));
    // Checks at 0, 2 and 6 s (the schedule of core/poller.ts): Creating, Creating again (more than
    // a heartbeat later, so logged as such), InService once the 3 s are over.
    expect(progress).toEqual([
      expect.stringMatching(/^creating endpoint: Creating after \d+ms$/),
      expect.stringMatching(/^creating endpoint: Creating \(still\) after 2s$/),
      expect.stringMatching(/^creating endpoint: InService after [67]s$/),
    ]);
    expect((await describeEndpoint()).EndpointStatus).toBe('InService');
  });

  it('--timeout on a slow create exits 5 and says how to follow the resource, which goes on to InService', async () => {
    const other = uniqueStack('e2e-slow-t');
    try {
      const run = await cli(['deploy', '--stack', other, '--timeout', '1s']);
      expect(run.code, run.stderr).toBe(5);
      expect(run.stderr).toContain(`timed out after 1s waiting for endpoint ${other} (last status Creating)`);
      expect(run.stderr).toContain(`follow it with \`sagectl status ${other}\``);
      expect(run.stderr).toContain(`remove it with \`sagectl teardown ${other}\``);
      expect(hasStackTrace(run.stderr)).toBe(false);
      // The create goes on in SageMaker, to InService.
      let status = (await describeEndpoint(other)).EndpointStatus;
      expect(status).toBe('Creating');
      for (let i = 0; i < 40 && status === 'Creating'; i++) {
        await sleep(250);
        status = (await describeEndpoint(other)).EndpointStatus;
      }
      expect(status).toBe('InService');
    } finally {
      await cli(['teardown', other, '--yes']);
    }
  });
});

describe('a slow canary update', () => {
  it('a probe every 200 ms sees no failure: the old model until the canary step, the new one after the full shift', async () => {
    const before = await describeEndpoint();
    const oldModel = await servingModel();
    await setTime(endpoint, TIMES); // clears the events: only this update's are read below
    const watch = probe(stack);
    const seen: { status?: string; pending?: string; config?: string }[] = [];
    const describing = setInterval(() => {
      void describeEndpoint().then((d) =>
        seen.push({ status: d.EndpointStatus, pending: d.PendingDeploymentSummary?.EndpointConfigName, config: d.EndpointConfigName }),
      );
    }, 300);
    const run = await cli([
      'update-endpoint',
      '--model-data',
      's3://e2e-bucket/v2/model.tar.gz',
      '--strategy',
      'canary',
      '--canary-percent',
      '50',
      '--bake',
      '1s',
      '--output',
      'json',
    ]);
    await sleep(600);
    clearInterval(describing);
    const answers = await watch.stop();
    expect(run.code, run.stderr).toBe(0);
    const after = await describeEndpoint();
    const newConfig = after.EndpointConfigName!;
    expect(newConfig).not.toBe(before.EndpointConfigName);
    expect(after.EndpointStatus).toBe('InService');
    expect(after.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration).toMatchObject({
      Type: 'CANARY',
      WaitIntervalInSeconds: 1,
      CanarySize: { Type: 'CAPACITY_PERCENT', Value: 50 },
    });
    // While Updating, the old config stayed the endpoint's, and the new one was pending.
    expect(seen.some((s) => s.status === 'Updating' && s.config === before.EndpointConfigName && s.pending === newConfig)).toBe(true);

    const events = await timeEvents(endpoint, key);
    const steps = events.filter((e): e is TimeEvent & { share: number } => e.event === 'traffic' && e.endpoint === stack);
    expect(steps.map((s) => s.share)).toEqual([0.5, 1]);
    const [canary, full] = steps.map((s) => s.at) as [number, number];
    const newModel = await servingModel();
    expect(newModel).not.toBe(oldModel);

    const failures = answers.filter((a) => a.error);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    for (const a of answers) expect([oldModel, newModel]).toContain(a.model);
    const beforeShift = answers.filter((a) => a.answered < canary);
    const afterShift = answers.filter((a) => a.sent > full);
    const during = answers.filter((a) => a.sent > canary && a.answered < full);
    expect(beforeShift.length).toBeGreaterThan(0);
    expect(afterShift.length).toBeGreaterThan(0);
    expect(beforeShift.every((a) => a.model === oldModel)).toBe(true);
    expect(afterShift.every((a) => a.model === newModel)).toBe(true);
    // The canary step really split the traffic.
    expect(during.some((a) => a.model === oldModel) && during.some((a) => a.model === newModel)).toBe(true);
    process.stdout.write(
      `slow canary update: probe sent ${answers.length} requests over ${(answers.at(-1)!.answered - answers[0]!.sent).toFixed(1)} s, ${failures.length} failed; ` +
        `${beforeShift.length} before the canary step (all old), ${during.length} during the canary bake, ${afterShift.length} after the full shift (all new)\n`,
    );
  });

  it('a rollback alarm in ALARM during the bake rolls back end to end: exit 4, the old model serves on, the probe sees no failure', async () => {
    const before = await describeEndpoint();
    const oldModel = await servingModel();
    await setTime(endpoint, TIMES);
    const alarm = `${stack}-e2e-firing`;
    const watch = probe(stack);
    const run = await cli([
      'update-endpoint',
      '--model-data',
      's3://e2e-bucket/v3/model.tar.gz',
      '--strategy',
      'canary',
      '--canary-percent',
      '50',
      '--bake',
      '2s',
      '--rollback-alarm',
      alarm,
    ]);
    await sleep(400);
    const answers = await watch.stop();
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(`the update of endpoint ${stack} was rolled back; it still runs ${before.EndpointConfigName}`);
    expect(run.stderr).toContain(`Rolled back: CloudWatch alarm ${alarm} went into ALARM state during the deployment.`);
    const after = await describeEndpoint();
    expect(after).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: before.EndpointConfigName });
    expect(after.FailureReason).toContain(alarm);
    expect(await servingModel()).toBe(oldModel);

    const events = await timeEvents(endpoint, key);
    const rolledBack = events.find((e) => e.event === 'rolled-back' && e.endpoint === stack);
    expect(rolledBack).toBeDefined();
    expect(answers.filter((a) => a.error)).toEqual([]);
    // Back on the old fleet from the moment the alarm fired; the canary had some traffic before.
    expect(answers.filter((a) => a.sent > rolledBack!.at).every((a) => a.model === oldModel)).toBe(true);
    expect(answers.filter((a) => a.answered < rolledBack!.at).some((a) => a.model !== oldModel)).toBe(true);
    process.stdout.write(`rolled-back canary: probe sent ${answers.length} requests, ${answers.filter((a) => a.error).length} failed\n`);
  });
});

describe('the launcher, straight through the SDK', () => {
  it('a linear update moves traffic in steps, with the blue weights going down as green takes them; a second update meanwhile is refused', async () => {
    const name = uniqueStack('e2e-linear');
    const [blue, green] = [`${name}-blue`, `${name}-green`];
    await setTime(endpoint, { accessKey: key, endpointUpdateSeconds: 0.5 });
    for (const model of [blue, green]) {
      await sm.send(
        new CreateModelCommand({
          ModelName: model,
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: IMAGE, ModelDataUrl: `s3://e2e-bucket/${model}.tar.gz` },
        }),
      );
      await sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: model,
          ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 4, InitialVariantWeight: 1 }],
        }),
      );
    }
    try {
      await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: blue }));
      await sm.send(
        new UpdateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: green,
          DeploymentConfig: {
            BlueGreenUpdatePolicy: {
              TrafficRoutingConfiguration: { Type: 'LINEAR', WaitIntervalInSeconds: 1, LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 2 } },
            },
          },
        }),
      );
      await expect(sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: blue }))).rejects.toThrow(/Cannot update in-progress endpoint/);
      const building = await describeEndpoint(name);
      expect(building).toMatchObject({ EndpointStatus: 'Updating', EndpointConfigName: blue, PendingDeploymentSummary: { EndpointConfigName: green } });
      expect(building.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status).toBe('Creating');
      const steps = (await timeEvents(endpoint, key)).filter((e) => e.endpoint === name && e.event === 'traffic');
      // 2 of the green fleet's 4 instances a step: half, then all.
      expect(steps.map((e) => e.share)).toEqual([0.5, 1]);
      await sleep(Math.max(0, steps[0]!.at * 1000 - Date.now()) + 200);
      const baking = await describeEndpoint(name);
      expect(baking.ProductionVariants?.[0]?.CurrentWeight).toBeCloseTo(0.5);
      expect(baking.PendingDeploymentSummary?.ProductionVariants?.[0]).toMatchObject({ CurrentWeight: 0.5, VariantStatus: [{ Status: 'Baking' }] });
      await sleep(2_200);
      const done = await describeEndpoint(name);
      expect(done).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: green });
      expect(done.PendingDeploymentSummary).toBeUndefined();
      expect(done.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.Type).toBe('LINEAR');
    } finally {
      await sm.send(new DeleteEndpointCommand({ EndpointName: name })).catch(() => undefined);
      for (const model of [blue, green]) {
        await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: model })).catch(() => undefined);
        await sm.send(new DeleteModelCommand({ ModelName: model })).catch(() => undefined);
      }
      await setTime(endpoint, TIMES);
    }
  });
});

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

describe('on a terminal', () => {
  it.skipIf(!hasScript)('the live line shows the phase, the AWS status and the elapsed time, ticking', async () => {
    // `script` gives sagectl a terminal; what it drew comes back on script's stdout.
    const command = [process.execPath, BIN, 'update-endpoint', '--model-data', 's3://e2e-bucket/v4/model.tar.gz', '--bake', '0s', '--strategy', 'all-at-once']
      .map((a) => `'${a}'`)
      .join(' ');
    const drawn = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: { ...env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(drawn.code, drawn.out).toBe(0);
    const lines = drawn.out.split('\r\x1b[2K').map((l) => l.trim());
    const live = lines.filter((l) => l.startsWith('updating endpoint · '));
    expect(live[0]).toMatch(/^updating endpoint · Updating · \d+ms$/);
    // The new fleet takes 1 s; between the checks at 0 and 2 s the elapsed time ticks each second.
    expect(live).toContain('updating endpoint · Updating · 1s');
    expect(live.at(-1)).toMatch(/^updating endpoint · InService · \d+s$/);
  });
});

describe('slow jobs', () => {
  it('train follows the job through its secondary statuses', async () => {
    const run = await cli(['train', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const job = (JSON.parse(run.stdout) as { job: string }).job;
    const progress = messages(run.stderr).filter((m) => m.startsWith('training:'));
    expect(progress[0]).toMatch(/^training: InProgress \(Starting\) after \d+ms$/);
    expect(progress.at(-1)).toMatch(/^training: Completed after \d+s$/);
    const described = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: job }));
    expect(described.SecondaryStatusTransitions?.map((t) => t.Status)).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
    expect(described.ModelArtifacts?.S3ModelArtifacts).toMatch(/model\.tar\.gz$/);
  });

  it('transform waits while the transform job is InProgress, then prints the output', async () => {
    const started = Date.now();
    const run = await cli(['transform', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    const progress = messages(run.stderr).filter((m) => /: InProgress|: Completed/.test(m));
    expect(progress[0]).toMatch(/InProgress after \d+ms$/);
    expect(progress.at(-1)).toMatch(/Completed after \d+s$/);
    expect((JSON.parse(run.stdout) as { outputPath: string }).outputPath).toBe('s3://e2e-bucket/batch-out/');
  });

  it('tune waits while the tuning job is InProgress', async () => {
    const run = await cli(['tune', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const progress = messages(run.stderr).filter((m) => /: InProgress|: Completed/.test(m));
    expect(progress[0]).toMatch(/InProgress/);
    expect(progress.at(-1)).toMatch(/Completed/);
  });
});
