import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SageMakerClient, DescribeEndpointCommand, DescribeEndpointConfigCommand, DescribeModelCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { ROLE, IMAGE, motoClientConfig, uniqueStack } from './fixtures.js';
import { e2eEnv, readRequestLog, resetRequestLog } from './moto.mjs';
import { runCli } from '../support/run-cli.js';
import { fromTagList, type Tags } from '../../src/core/tags.js';

// One folder, two stacks: sagectl.yaml describes `web` (data capture, CSV input, its tags and
// environment); `svl` is a serverless stack deployed from its own file. Commands aimed at svl in
// this folder take none of web's settings: checked with plain SDK calls.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const web = uniqueStack('e2e-web');
const svl = uniqueStack('e2e-svl');
const sm = new SageMakerClient(motoClientConfig(endpoint));
let dir: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const tagsOf = async (arn: string): Promise<Tags> => fromTagList((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-other-'));
  const common = ['region: us-east-1', `role: ${ROLE}`];
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      `name: ${web}`,
      ...common,
      'tags: { team: web }',
      'model:',
      `  image: ${IMAGE}`,
      '  modelData: s3://e2e-bucket/web/model.tar.gz',
      '  environment: { MODE: web }',
      'endpoint:',
      '  instanceType: ml.m5.large',
      '  dataCapture: { s3Uri: "s3://e2e-bucket/capture/", percent: 50 }',
      '  input: { contentType: text/csv, features: 3 }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'svl.yaml'),
    [
      `name: ${svl}`,
      ...common,
      'tags: { team: svl }',
      'model:',
      `  image: ${IMAGE}`,
      '  modelData: s3://e2e-bucket/svl/v1.tar.gz',
      '  environment: { MODE: svl }',
      'endpoint:',
      '  serverless: { memoryMB: 2048, maxConcurrency: 5 }',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a command aimed at another stack beside a stack's config", () => {
  it('update-endpoint svl in the folder of web takes none of its settings', async () => {
    const deployed = await cli('deploy', '-c', 'svl.yaml');
    expect(deployed.code, deployed.stderr).toBe(0);

    const run = await cli('update-endpoint', svl, '--model-data', 's3://e2e-bucket/svl/v2.tar.gz', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`sagectl.yaml describes stack ${web}, not ${svl}: none of its settings are used for ${svl}`);

    const now = await sm.send(new DescribeEndpointCommand({ EndpointName: svl }));
    const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: now.EndpointConfigName }));
    // moto answers an absent capture as {}; web's would name its bucket.
    expect(config.DataCaptureConfig?.DestinationS3Uri).toBeUndefined();
    expect(config.DataCaptureConfig?.EnableCapture).not.toBe(true);
    const variant = config.ProductionVariants![0]!;
    expect(variant.ServerlessConfig).toMatchObject({ MemorySizeInMB: 2048, MaxConcurrency: 5 });
    expect(variant.InstanceType).toBeUndefined();
    const model = await sm.send(new DescribeModelCommand({ ModelName: variant.ModelName }));
    expect(model.PrimaryContainer).toMatchObject({ ModelDataUrl: 's3://e2e-bucket/svl/v2.tar.gz', Environment: { MODE: 'svl' } });
    for (const arn of [config.EndpointConfigArn!, model.ModelArn!, now.EndpointArn!]) {
      const tags = await tagsOf(arn);
      expect(tags).toMatchObject({ 'sagectl:stack': svl, team: 'svl' });
    }
  });

  it("invoke svl is not checked against web's CSV input, and its size limit is svl's (serverless, 4 MB)", async () => {
    const json = await cli('invoke', svl, '--data', '{"instances": [[1, 2]]}', '--content-type', 'application/json');
    expect(json.stderr).not.toMatch(/expected 3 features|CSV/i);
    expect(json.code, json.stderr).toBe(0);

    const big = path.join(dir, 'big.csv');
    writeFileSync(big, '1'.repeat(Math.round(4.2 * 1024 * 1024)));
    await resetRequestLog(endpoint);
    const refused = await cli('invoke', svl, '--file', big, '--no-validate');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('over the 4 MB a serverless endpoint accepts');
    const sent = (await readRequestLog(endpoint)).requests.map((r) => r.target);
    expect(sent).not.toContain('SageMakerRuntime.InvokeEndpoint');
  });

  it('teardown removes svl', async () => {
    const down = await cli('teardown', svl, '--yes');
    expect(down.code, down.stderr).toBe(0);
  });
});
