import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { mockClient } from 'aws-sdk-client-mock';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { main } from '../../../../src/commands/deploy/index.js';
import { memoryStream } from '../../helpers/streams.js';

// Issue 12 (3): what SageMaker would refuse after a model was created is refused by the config
// check: `deploy` exits 2 naming the key and the rule, and not one request reaches AWS.

// Class-level mocks (deploy's main builds its own clients); restored after this file, since unit
// files share their modules.
const sagemaker = mockClient(SageMakerClient);
const scaling = mockClient(ApplicationAutoScalingClient);
afterAll(() => {
  sagemaker.restore();
  scaling.restore();
});
let dir: string;
let savedExitCode: typeof process.exitCode;

beforeEach(() => {
  sagemaker.reset();
  scaling.reset();
  savedExitCode = process.exitCode;
  process.exitCode = undefined;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-refusals-'));
});
afterEach(() => {
  process.exitCode = savedExitCode;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function deployWith(endpoint: string): Promise<{ exitCode: number | undefined; messages: string }> {
  const file = path.join(dir, 'sagectl.yaml');
  fs.writeFileSync(
    file,
    [
      'name: churn',
      'region: us-east-1',
      'role: arn:aws:iam::123456789012:role/R',
      'model: { image: img:1, modelData: s3://bucket/m.tar.gz }',
      endpoint,
      '',
    ].join('\n'),
  );
  const logs = memoryStream();
  vi.spyOn(pino, 'destination').mockReturnValue(logs as unknown as ReturnType<typeof pino.destination>);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  // A refusal before the logger starts is written to stderr as the same JSON log line.
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    await main({ config: file, logFormat: 'json' }, { wait: true, timeout: '60m' });
    return { exitCode: typeof process.exitCode === 'number' ? process.exitCode : undefined, messages: stderr + logs.text() };
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
    vi.mocked(process.stderr.write).mockRestore();
  }
}

describe('deploy refuses early what AWS would refuse', () => {
  it.each([
    [
      'endpoint: { instanceType: ml.m5.larg }',
      'endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found \\"ml.m5.larg\\"',
    ],
    [
      'endpoint: { serverless: { memoryMB: 2048, maxConcurrency: 5 }, dataCapture: { s3Uri: s3://bucket/c, percent: 10 } }',
      'endpoint.dataCapture: expected no data capture: a serverless endpoint does not support it',
    ],
    [
      'endpoint: { serverless: { memoryMB: 2048, maxConcurrency: 5 }, variants: [{ name: blue }, { name: green }] }',
      'endpoint.variants: expected one variant: a serverless endpoint has a single production variant',
    ],
    [
      'endpoint: { serverless: { memoryMB: 2048, maxConcurrency: 5 }, autoscaling: { min: 1, max: 2, invocationsPerInstance: 5 } }',
      'endpoint.autoscaling: expected no autoscaling',
    ],
    [
      'endpoint: { instanceType: ml.m5.large, deployment: { strategy: canary, percent: 10, bake: 2h } }',
      'endpoint.deployment.bake: expected a duration from 0s to 1h',
    ],
    ['endpoint: { instanceType: ml.m5.large, deployment: { strategy: linear } }', 'endpoint.deployment.percent: expected the step size of a linear deployment'],
  ])('%s', async (endpoint, message) => {
    const outcome = await deployWith(endpoint);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.messages).toContain(message);
    expect(sagemaker.calls()).toEqual([]);
    expect(scaling.calls()).toEqual([]);
  });

  it('a valid config does reach SageMaker (the mock sees the request), so the test above can fail', async () => {
    sagemaker.rejects(Object.assign(new Error('refused by the test'), { name: 'AccessDeniedException', $fault: 'client' }));
    const outcome = await deployWith('endpoint: { instanceType: ml.m5.large }');
    expect(outcome.exitCode).toBe(3);
    expect(sagemaker.calls().length).toBeGreaterThan(0);
  });
});
