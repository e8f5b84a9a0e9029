import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DescribeNotebookInstanceCommand, DescribeNotebookInstanceLifecycleConfigCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { e2eEnv } from './moto.mjs';
import { runCli } from '../support/run-cli.js';

// sagectl notebook through the built CLI against moto (the launcher adds presigned URLs and
// lifecycle-config tags: test/e2e/launcher_notebook.py), and teardown removing what it made.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = `nb-${randomBytes(3).toString('hex')}`;
const REPOSITORY = 'https://github.com/sagectl/churn-notebooks.git';
const sagemaker = new SageMakerClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
let dir: string;

const cli = (args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-notebook-'));
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      `name: ${stack}`,
      'region: us-east-1',
      'role: arn:aws:iam::123456789012:role/SageMakerExecution',
      'tags: { team: ml }',
      'notebook:',
      '  instanceType: ml.t3.xlarge',
      '  volumeSizeGB: 10',
      `  repository: ${REPOSITORY}`,
      '  autoStopIdle: 1h',
      '',
    ].join('\n'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('notebook against moto', () => {
  it('up: the instance with the repository, the lifecycle config and the tags; url; teardown leaves neither', async () => {
    const up = await cli(['notebook', 'up', '--output', 'json']);
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ name: stack, outcome: 'created', status: 'InService', lifecycleConfig: `${stack}-autostop` });
    const instance = await sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: stack }));
    expect(instance).toMatchObject({
      NotebookInstanceStatus: 'InService',
      InstanceType: 'ml.t3.xlarge',
      VolumeSizeInGB: 10,
      DefaultCodeRepository: REPOSITORY,
      NotebookInstanceLifecycleConfigName: `${stack}-autostop`,
    });
    const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: instance.NotebookInstanceArn }));
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'sagectl:stack', Value: stack },
        { Key: 'team', Value: 'ml' },
      ]),
    );
    const lifecycle = await sagemaker.send(new DescribeNotebookInstanceLifecycleConfigCommand({ NotebookInstanceLifecycleConfigName: `${stack}-autostop` }));
    expect(Buffer.from(lifecycle.OnStart![0]!.Content!, 'base64').toString()).toContain('IDLE_TIME=3600');
    const lifecycleTags = await sagemaker.send(new ListTagsCommand({ ResourceArn: lifecycle.NotebookInstanceLifecycleConfigArn }));
    expect(lifecycleTags.Tags).toEqual(expect.arrayContaining([{ Key: 'sagectl:stack', Value: stack }]));

    const url = await cli(['notebook', 'url']);
    expect(url.code, url.stderr).toBe(0);
    expect(url.stdout).toMatch(new RegExp(`^https://${stack}\\.notebook\\.us-east-1\\.sagemaker\\.aws\\?authToken=`));

    const again = await cli(['notebook', 'up', '--output', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'unchanged' });

    const down = await cli(['teardown', '--yes', '--output', 'json']);
    expect(down.code, down.stderr).toBe(0);
    const resources = (JSON.parse(down.stdout) as { stacks: Array<{ resources: Array<{ kind: string; action: string }> }> }).stacks[0]!.resources;
    expect(resources.map((r) => [r.kind, r.action])).toEqual([
      ['notebook-instance', 'deleted'],
      ['notebook-lifecycle-config', 'deleted'],
    ]);
    await expect(sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: stack }))).rejects.toThrow();
    await expect(
      sagemaker.send(new DescribeNotebookInstanceLifecycleConfigCommand({ NotebookInstanceLifecycleConfigName: `${stack}-autostop` })),
    ).rejects.toThrow();
  }, 120_000);

  it('bulk teardown (--older-than, --tag) selects a stack that has only a notebook, by its creation time', async () => {
    const lab = `nb-${randomBytes(3).toString('hex')}`;
    const config = path.join(dir, `${lab}.yaml`);
    writeFileSync(
      config,
      [`name: ${lab}`, 'region: us-east-1', 'role: arn:aws:iam::123456789012:role/SageMakerExecution', 'notebook: { instanceType: ml.t3.medium }', ''].join(
        '\n',
      ),
    );
    const up = await cli(['notebook', 'up', '--config', config]);
    expect(up.code, up.stderr).toBe(0);
    const select = ['--tag', `sagectl:stack=${lab}`, '--yes', '--output', 'json'];
    // Younger than the window: not selected, nothing deleted.
    const young = await cli(['teardown', '--older-than', '1h', ...select]);
    expect(young.code, young.stderr).toBe(0);
    expect((JSON.parse(young.stdout) as { stacks: unknown[] }).stacks).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const old = await cli(['teardown', '--older-than', '1s', ...select]);
    expect(old.code, old.stderr).toBe(0);
    const stacks = (JSON.parse(old.stdout) as { stacks: Array<{ stack: string; resources: Array<{ kind: string; action: string }> }> }).stacks;
    expect(stacks.map((s) => s.stack)).toEqual([lab]);
    expect(stacks[0]!.resources.map((r) => [r.kind, r.action])).toEqual([['notebook-instance', 'deleted']]);
    await expect(sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: lab }))).rejects.toThrow();
  }, 120_000);
});
