import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SageMakerClient,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackagesCommand,
  paginateListModels,
  ListTagsCommand,
} from '@aws-sdk/client-sagemaker';
import { ROLE, IMAGE, motoClientConfig, uniqueStack } from './fixtures.js';
import { e2eEnv } from './moto.mjs';
import { runCli, hasStackTrace } from '../support/run-cli.js';

// train --register (v1) → approve → deploy --model-version latest-approved → register v2 from a
// second artifact → approve → deploy --model-version 2 → rollback to 1, through the built CLI
// against moto; state checked with plain SDK calls. The working directory is a git repository,
// so the lineage carries a commit.

const endpoint = inject('motoEndpoint');
const env = e2eEnv(endpoint);
const stack = uniqueStack('e2e-ver');
const sm = new SageMakerClient(motoClientConfig(endpoint));
let dir: string;
let commit: string;

const cli = (...args: string[]) => runCli(['--log-format', 'json', ...args], { cwd: dir, env });
const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const tagsOf = async (arn: string): Promise<Record<string, string | undefined>> =>
  Object.fromEntries(((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? []).map((t) => [t.Key, t.Value])) as Record<
    string,
    string | undefined
  >;

interface Row {
  version: number;
  arn: string;
  approval: string;
  trainingJob?: string;
  gitCommit?: string;
  live: boolean;
  servedBy: string[];
  metrics: Record<string, number>;
}

/** The version the endpoint's model names, read with plain SDK calls. */
async function servedPackage(): Promise<string | undefined> {
  const e = await sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
  const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: e.EndpointConfigName }));
  const model = await sm.send(new DescribeModelCommand({ ModelName: config.ProductionVariants?.[0]?.ModelName }));
  return model.PrimaryContainer?.ModelPackageName;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-e2e-versions-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  git('init', '-q');
  git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '--allow-empty', '-q', '-m', 'init');
  commit = git('rev-parse', 'HEAD');
  writeFileSync(
    path.join(dir, 'sagectl.yaml'),
    [
      `name: ${stack}`,
      'region: us-east-1',
      `role: ${ROLE}`,
      'tags: { team: e2e }',
      'training:',
      `  image: ${IMAGE}`,
      '  instanceType: ml.m5.xlarge',
      '  hyperparameters: { max_depth: 5, eta: 0.2 }',
      '  inputs: { train: s3://e2e-bucket/train/ }',
      '  outputPath: s3://e2e-bucket/output/',
      'endpoint:',
      '  instanceType: ml.m5.large',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model versions against moto', () => {
  let v1: string;
  let v2: string;
  let job: string;

  it('train --register registers the job as v1, PendingManualApproval, with its lineage', async () => {
    const run = await cli('train', '--register', '--no-logs', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ job: string; registered: { version: number; arn: string; approval: string } }>(run.stdout);
    job = result.job;
    expect(result.registered).toMatchObject({ version: 1, approval: 'PendingManualApproval' });
    v1 = result.registered.arn;
    const described = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: v1 }));
    expect(described.ModelApprovalStatus).toBe('PendingManualApproval');
    expect(described.ModelPackageGroupName).toBe(stack);
    expect(described.InferenceSpecification?.Containers?.[0]).toMatchObject({
      Image: IMAGE,
      ModelDataUrl: `s3://e2e-bucket/output/${job}/output/model.tar.gz`,
    });
    expect(described.CustomerMetadataProperties).toMatchObject({
      'sagectl:training-job': job,
      'sagectl:git-commit': commit,
      'sagectl:git-dirty': 'false',
      'hp:max_depth': '5',
      'hp:eta': '0.2',
    });
    expect(described.CustomerMetadataProperties?.['sagectl:training-job-arn']).toMatch(/training-job\//);
    expect(await tagsOf(v1)).toMatchObject({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl', 'sagectl:training-job': job, team: 'e2e' });
    const group = await sm.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: stack }));
    expect(await tagsOf(group.ModelPackageGroupArn!)).toMatchObject({ 'sagectl:stack': stack, team: 'e2e' });
  });

  it('deploy --model-version of a version that is not Approved exits 2 and creates nothing', async () => {
    const run = await cli('deploy', '--model-version', 'latest-approved');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('has no Approved version');
    const pinned = await cli('deploy', '--model-version', '1');
    expect(pinned.code, pinned.stderr).toBe(2);
    expect(pinned.stderr).toContain('PendingManualApproval');
    expect(hasStackTrace(pinned.stderr)).toBe(false);
    await expect(sm.send(new DescribeEndpointCommand({ EndpointName: stack }))).rejects.toThrow(/Could not find/);
    // Filtered here too: moto ignores NameContains.
    const names: string[] = [];
    for await (const page of paginateListModels({ client: sm }, { NameContains: stack })) names.push(...(page.Models ?? []).map((m) => m.ModelName ?? ''));
    expect(names.filter((n) => n.startsWith(stack))).toEqual([]);
    // Refusing is not approving: the version is untouched.
    expect((await sm.send(new DescribeModelPackageCommand({ ModelPackageName: v1 }))).ModelApprovalStatus).toBe('PendingManualApproval');
  });

  it('approve sets Approved and keeps the lineage', async () => {
    const run = await cli('approve', stack, '1');
    expect(run.code, run.stderr).toBe(0);
    const described = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: v1 }));
    expect(described.ModelApprovalStatus).toBe('Approved');
    expect(described.CustomerMetadataProperties?.['sagectl:training-job']).toBe(job);
  });

  it('deploy --model-version latest-approved serves v1 through a model that names the package', async () => {
    const run = await cli('deploy', '--model-version', 'latest-approved', '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ outcome: string; model: string; modelVersion: number }>(run.stdout);
    expect(result).toMatchObject({ outcome: 'created', modelVersion: 1 });
    expect(await servedPackage()).toBe(v1);
    const model = await sm.send(new DescribeModelCommand({ ModelName: result.model }));
    expect(await tagsOf(model.ModelArn!)).toMatchObject({ 'sagectl:model-version': '1', 'sagectl:model-package-arn': v1, 'sagectl:stack': stack });
    const e = await sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
    expect(await tagsOf(e.EndpointArn!)).toMatchObject({ 'sagectl:model-version': '1' });
  });

  it('register --model-data registers v2; versions shows both, v1 live', async () => {
    const run = await cli('register', stack, '--model-data', 's3://e2e-bucket/output/second/model.tar.gz', '--image', IMAGE, '--output', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ version: number; arn: string; approval: string }>(run.stdout);
    expect(result).toMatchObject({ version: 2, approval: 'PendingManualApproval' });
    v2 = result.arn;
    const listed = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: stack }));
    expect(listed.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion).sort()).toEqual([1, 2]);

    const versions = await cli('versions', stack, '--output', 'json');
    expect(versions.code, versions.stderr).toBe(0);
    const rows = json<{ versions: Row[] }>(versions.stdout).versions;
    expect(rows.map((r) => [r.version, r.approval, r.live])).toEqual([
      [2, 'PendingManualApproval', false],
      [1, 'Approved', true],
    ]);
    expect(rows[1]).toMatchObject({ trainingJob: job, gitCommit: commit, servedBy: ['AllTraffic'] });
    expect(rows[0]).toMatchObject({ gitCommit: commit });
    expect(rows[0]?.trainingJob).toBeUndefined();
  });

  it('approve v2, put it live, then roll back to v1: versions follows', async () => {
    expect((await cli('approve', stack, '2')).code).toBe(0);
    const up = await cli('deploy', '--model-version', '2', '--output', 'json');
    expect(up.code, up.stderr).toBe(0);
    expect(json<{ outcome: string }>(up.stdout).outcome).toBe('updated');
    expect(await servedPackage()).toBe(v2);
    let rows = json<{ versions: Row[] }>((await cli('versions', stack, '--output', 'json')).stdout).versions;
    expect(rows.map((r) => [r.version, r.live])).toEqual([
      [2, true],
      [1, false],
    ]);

    const back = await cli('deploy', '--model-version', '1', '--output', 'json');
    expect(back.code, back.stderr).toBe(0);
    expect(await servedPackage()).toBe(v1);
    const e = await sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
    expect(await tagsOf(e.EndpointArn!)).toMatchObject({ 'sagectl:model-version': '1', 'sagectl:model-package-arn': v1 });
    rows = json<{ versions: Row[] }>((await cli('versions', stack, '--output', 'json')).stdout).versions;
    expect(rows.map((r) => [r.version, r.live])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it('update-endpoint --model-version 2 puts v2 on the live endpoint; --rollback --to-version 1 puts v1 back, retagged', async () => {
    const up = await cli('update-endpoint', stack, '--model-version', '2', '--output', 'json');
    expect(up.code, up.stderr).toBe(0);
    expect(json<{ outcome: string; modelVersion: number }>(up.stdout)).toMatchObject({ outcome: 'updated', modelVersion: 2 });
    expect(await servedPackage()).toBe(v2);
    const e = await sm.send(new DescribeEndpointCommand({ EndpointName: stack }));
    expect(await tagsOf(e.EndpointArn!)).toMatchObject({ 'sagectl:model-version': '2', 'sagectl:model-package-arn': v2 });

    const back = await cli('update-endpoint', stack, '--rollback', '--to-version', '1', '--output', 'json');
    expect(back.code, back.stderr).toBe(0);
    expect(json<{ modelVersion: number }>(back.stdout).modelVersion).toBe(1);
    expect(await servedPackage()).toBe(v1);
    expect(await tagsOf(e.EndpointArn!)).toMatchObject({ 'sagectl:model-version': '1', 'sagectl:model-package-arn': v1 });
  });

  it('reject --reason records the reason; deploy then refuses v2', async () => {
    expect((await cli('reject', stack, '2')).code).toBe(2); // --reason is required
    const run = await cli('reject', stack, '2', '--reason', 'AUC fell on the holdout set');
    expect(run.code, run.stderr).toBe(0);
    const described = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: v2 }));
    expect(described).toMatchObject({ ModelApprovalStatus: 'Rejected', ApprovalDescription: 'AUC fell on the holdout set' });
    const refused = await cli('deploy', '--model-version', '2');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('AUC fell on the holdout set');
    expect(await servedPackage()).toBe(v1);
  });

  it('status names the version the endpoint serves', async () => {
    const run = await cli('status', stack);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`serving v1 (Approved, job ${job}, commit ${commit.slice(0, 7)})`);
  });

  it('teardown keeps the versions (they are the history); --include-versions removes them', async () => {
    const run = await cli('teardown', stack, '--yes');
    expect(run.code, run.stderr).toBe(0);
    await expect(sm.send(new DescribeEndpointCommand({ EndpointName: stack }))).rejects.toThrow(/Could not find/);
    expect((await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: stack }))).ModelPackageSummaryList).toHaveLength(2);

    const all = await cli('teardown', stack, '--include-versions', '--yes', '--output', 'json');
    expect(all.code, all.stderr).toBe(0);
    expect((await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: stack }))).ModelPackageSummaryList ?? []).toEqual([]);
    await expect(sm.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: stack }))).rejects.toThrow(/does not exist/);
  });
});
