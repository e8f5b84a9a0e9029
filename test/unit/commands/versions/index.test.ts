import { describe, expect, it } from 'vitest';
import { CreateModelCommand } from '@aws-sdk/client-sagemaker';
import { deploy, type DeployOptions } from '../../../../src/commands/deploy/index.js';
import { lineageMetadata, readLineage } from '../../../../src/commands/model/lineage.js';
import { LATEST_APPROVED, modelFromVersion, parseVersionRef, resolveVersion, versionTags } from '../../../../src/commands/model/version.js';
import { register, registerSource } from '../../../../src/commands/versions/register.js';
import { setApproval } from '../../../../src/commands/versions/approval.js';
import { renderVersions, versions } from '../../../../src/commands/versions/index.js';
import { RegistryResourceFinder } from '../../../../src/commands/teardown/finders/registry.js';
import { renderStatus, servingLine } from '../../../../src/commands/status/index.js';
import { UsageError } from '../../../../src/core/errors.js';
import type { Config } from '../../../../src/core/schema.js';
import { VERSION } from '../../../../src/core/version.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeRegistry } from '../../helpers/fake-registry.js';
import { FakeJobs } from '../../helpers/fake-jobs.js';
import { testContext } from '../../helpers/context.js';
import { useSageMakerMock } from '../../helpers/mock-sdk.js';

const GIT = { commit: 'abc1234def5678', dirty: true };
const config: Config = { name: 'churn', role: 'arn:aws:iam::123456789012:role/R', endpoint: { instanceType: 'ml.m5.large' }, tags: { team: 'ml' } };
const WAIT: DeployOptions = { wait: true, timeoutMs: 3_600_000, dryRun: false };
const managed = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };

describe('the registration request', () => {
  it('carries the lineage: job name and ARN, hyperparameters, final metrics, git commit and dirty flag, sagectl version', async () => {
    const registry = new FakeRegistry();
    const jobs = new FakeJobs();
    jobs.seedTraining('churn-20261125100000', {
      image: 'img:t',
      modelArtifact: 's3://b/out/model.tar.gz',
      hyperparameters: { eta: '0.2', objective: 'binary:logistic' },
      finalMetrics: { 'validation:auc': 0.91 },
    });
    const result = await register(testContext(config), registry, jobs, {
      stack: 'churn',
      source: { trainingJob: 'churn-20261125100000' },
      approve: false,
      git: GIT,
    });
    expect(result).toMatchObject({
      version: 1,
      approval: 'PendingManualApproval',
      trainingJob: 'churn-20261125100000',
      gitCommit: GIT.commit,
      gitDirty: true,
      metrics: { 'validation:auc': 0.91 },
      groupCreated: true,
    });
    const [create] = registry.calls.filter((c) => c.method === 'createVersion').map((c) => c.args[0]);
    expect(create).toEqual({
      group: 'churn',
      image: 'img:t',
      modelDataUrl: 's3://b/out/model.tar.gz',
      approval: 'PendingManualApproval',
      metadata: {
        'sagectl:version': VERSION,
        'sagectl:training-job': 'churn-20261125100000',
        'sagectl:training-job-arn': 'arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-20261125100000',
        'sagectl:git-commit': GIT.commit,
        'sagectl:git-dirty': 'true',
        'metric:validation:auc': '0.91',
        'hp:eta': '0.2',
        'hp:objective': 'binary:logistic',
      },
      tags: expect.objectContaining({ ...managed, team: 'ml', 'sagectl:git-commit': GIT.commit, 'sagectl:training-job': 'churn-20261125100000' }) as unknown,
    });
    // The group is created with the stack's tags.
    expect(registry.groups.get('churn')).toMatchObject({ ...managed, team: 'ml' });
  });

  it('--approve registers Approved; an artifact registers without a job', async () => {
    const registry = new FakeRegistry();
    const result = await register(testContext(config), registry, new FakeJobs(), {
      stack: 'churn',
      source: { modelData: 's3://b/m.tar.gz', image: 'img:1' },
      approve: true,
      git: undefined,
    });
    expect(result).toMatchObject({ version: 1, approval: 'Approved', modelData: 's3://b/m.tar.gz' });
    expect(result.trainingJob).toBeUndefined();
    expect(registry.versions[0]?.metadata).toEqual({ 'sagectl:version': VERSION });
  });

  it('metadata fits AWS limits: at most 50 entries, allowed characters, values up to 256; hyperparameters give way first', () => {
    const hyperparameters = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, i === 0 ? '{"a": [1, 2]}' : 'x'.repeat(300)]));
    const metadata = lineageMetadata({ trainingJob: 'j', hyperparameters, metrics: { auc: 0.9 }, git: GIT, sagectlVersion: '1.0.0' });
    expect(Object.keys(metadata)).toHaveLength(50);
    expect(metadata['metric:auc']).toBe('0.9');
    expect(metadata['hp:p0']).toBe('__a_: _1_ 2__');
    expect(metadata['hp:p1']).toHaveLength(256);
    expect(readLineage(metadata)).toMatchObject({ trainingJob: 'j', git: GIT, metrics: { auc: 0.9 }, sagectlVersion: '1.0.0' });
  });

  it('refuses bad flags before anything is sent', () => {
    expect(() => registerSource({ modelData: 's3://b/m', fromTrainingJob: 'latest' }, 'img')).toThrow(/pass one/);
    expect(() => registerSource({ modelData: 'b/m.tar.gz' }, 'img')).toThrow(/--model-data: expected an S3 URI/);
    expect(() => registerSource({ modelData: 's3://b/m.tar.gz' }, undefined)).toThrow(/--image/);
    expect(() => registerSource({}, 'img')).toThrow(/register needs the model/);
    expect(registerSource({ modelData: 's3://b/m.tar.gz' }, 'img:cfg')).toEqual({ modelData: 's3://b/m.tar.gz', image: 'img:cfg' });
  });
});

describe('version selection', () => {
  it('parses N and latest-approved, and nothing else', () => {
    expect(parseVersionRef('7')).toBe(7);
    expect(parseVersionRef(LATEST_APPROVED)).toBe(LATEST_APPROVED);
    for (const bad of ['0', '-1', '1.5', 'v2', 'latest']) expect(() => parseVersionRef(bad)).toThrow(/--model-version: expected a version number/);
  });

  it('latest-approved is the highest-numbered Approved version', async () => {
    const registry = new FakeRegistry();
    registry.seed('churn', 'Approved');
    registry.seed('churn', 'Approved');
    registry.seed('churn', 'Rejected');
    registry.seed('churn', 'PendingManualApproval');
    expect((await resolveVersion(registry, 'churn', LATEST_APPROVED)).version).toBe(2);
  });

  it('refuses a pending or rejected version (exit 2) unless allowed, and never changes its approval', async () => {
    const registry = new FakeRegistry();
    registry.seed('churn', 'PendingManualApproval');
    registry.seed('churn', 'Rejected').approvalDescription = 'worse AUC';
    await expect(resolveVersion(registry, 'churn', 1)).rejects.toThrow(/v1 is PendingManualApproval/);
    const error = (await resolveVersion(registry, 'churn', 2).catch((e: unknown) => e)) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('Rejected (worse AUC)');
    expect((await resolveVersion(registry, 'churn', 1, { allowUnapproved: true })).version).toBe(1);
    await expect(resolveVersion(registry, 'churn', LATEST_APPROVED)).rejects.toThrow(/no Approved version/);
    await expect(resolveVersion(registry, 'churn', 5)).rejects.toThrow(/has no version 5 \(it has 2, 1\)/);
    await expect(resolveVersion(new FakeRegistry(), 'churn', 1)).rejects.toThrow(/no registered model versions/);
    expect(registry.methods()).not.toContain('setApproval');
  });
});

describe('deploy --model-version', () => {
  it('creates the model from the package, tagged with the version, and the endpoint tagged likewise', async () => {
    const sm = new FakeSageMaker();
    const registry = new FakeRegistry();
    const v = registry.seed('churn', 'Approved');
    const result = await deploy(testContext(config), sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', LATEST_APPROVED) });
    expect(result).toMatchObject({ outcome: 'created', modelVersion: 1 });
    const model = sm.models.get(result.model!);
    expect(model).toMatchObject({ modelPackageArn: v.arn, executionRoleArn: config.role });
    expect(model?.modelDataUrl).toBeUndefined();
    expect(sm.tags.get(model!.arn)).toMatchObject({ ...managed, 'sagectl:model-version': '1', 'sagectl:model-package-arn': v.arn });
    expect(sm.tags.get(result.endpoint.arn!)).toMatchObject({ 'sagectl:model-version': '1' });
  });

  it('a refused version creates nothing: no SageMaker call at all', async () => {
    const sm = new FakeSageMaker();
    const registry = new FakeRegistry();
    registry.seed('churn', 'PendingManualApproval');
    await expect(deploy(testContext(config), sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 1) })).rejects.toBeInstanceOf(UsageError);
    expect(sm.calls).toEqual([]);
  });

  it('rolls back to an earlier version by number, retagging the endpoint; the same version again changes nothing', async () => {
    const sm = new FakeSageMaker();
    const registry = new FakeRegistry();
    const v1 = registry.seed('churn', 'Approved');
    const v2 = registry.seed('churn', 'Approved');
    const ctx = testContext(config);
    await deploy(ctx, sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 2) });
    ctx.clock.advance(60_000);
    const back = await deploy(ctx, sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 1) });
    expect(back).toMatchObject({ outcome: 'updated', modelVersion: 1 });
    expect(sm.models.get(back.model!)?.modelPackageArn).toBe(v1.arn);
    expect([...sm.models.values()].some((m) => m.modelPackageArn === v2.arn)).toBe(true); // the replaced model is kept for --rollback
    expect(sm.tags.get(back.endpoint.arn!)).toMatchObject({ 'sagectl:model-version': '1', 'sagectl:model-package-arn': v1.arn });
    const again = await deploy(ctx, sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 1) });
    expect(again.outcome).toBe('unchanged');
  });

  it('a later deploy from an image drops the version tags from the endpoint', async () => {
    const sm = new FakeSageMaker();
    const registry = new FakeRegistry();
    registry.seed('churn', 'Approved');
    const ctx = testContext({ ...config, model: { image: 'img:plain' } });
    const first = await deploy(ctx, sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 1) });
    ctx.clock.advance(60_000);
    await deploy(ctx, sm, WAIT);
    expect(sm.tags.get(first.endpoint.arn!)?.['sagectl:model-version']).toBeUndefined();
  });

  it("with several variants, only those running the config's model get the version; a variant with its own model keeps it", async () => {
    const sm = new FakeSageMaker();
    const registry = new FakeRegistry();
    const v = registry.seed('churn', 'Approved');
    const ab: Config = {
      ...config,
      model: { image: 'img:cfg', modelData: 's3://b/cfg.tar.gz' },
      endpoint: {
        instanceType: 'ml.m5.large',
        variants: [
          { name: 'blue', weight: 0.9 },
          { name: 'green', weight: 0.1, model: { image: 'img:green', modelData: 's3://b/green.tar.gz' } },
        ],
      },
    };
    const ctx = testContext(ab);
    const result = await deploy(ctx, sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 1) });
    expect(result).toMatchObject({ outcome: 'created', modelVersion: 1 });
    const config0 = sm.configs.get(result.endpoint.configName)!;
    const [blue, green] = config0.variants.map((x) => sm.models.get(x.modelName)!);
    expect(blue).toMatchObject({ modelPackageArn: v.arn });
    expect(blue?.modelDataUrl).toBeUndefined();
    expect(sm.tags.get(blue!.arn)).toMatchObject({ 'sagectl:model-version': '1' });
    expect(green).toMatchObject({ image: 'img:green', modelDataUrl: 's3://b/green.tar.gz' });
    expect(green?.modelPackageArn).toBeUndefined();
    expect(sm.tags.get(green!.arn)?.['sagectl:model-version']).toBeUndefined();
    ctx.clock.advance(60_000);
    // The same version again: the package is compared, not the image, so nothing changes.
    expect((await deploy(ctx, sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 1) })).outcome).toBe('unchanged');
    // The config's own model again: a model from a package is not the config's artifact.
    expect((await deploy(ctx, sm, WAIT)).outcome).toBe('updated');
  });

  it('the model container names the package and nothing else', async () => {
    const { mock, service } = sdk;
    mock().on(CreateModelCommand).resolves({ ModelArn: 'arn:m' });
    const v = { version: 3, arn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3', image: 'img:3' };
    await service().createModel(
      { name: 'm', executionRoleArn: 'r', ...modelFromVersion({ ...v, group: 'churn', approval: 'Approved', metadata: {} }) },
      versionTags(v),
    );
    expect(mock()).toHaveReceivedCommandWith(CreateModelCommand, {
      PrimaryContainer: { ModelPackageName: v.arn },
      Tags: [
        { Key: 'sagectl:model-version', Value: '3' },
        { Key: 'sagectl:model-package-arn', Value: v.arn },
      ],
    });
    expect(mock().commandCalls(CreateModelCommand)[0]?.args[0].input.PrimaryContainer?.Image).toBeUndefined();
  });
});
const sdk = useSageMakerMock();

describe('approve and reject', () => {
  it('sets the status with the reason; reject needs a reason; an unknown version is a usage error', async () => {
    const registry = new FakeRegistry();
    const v = registry.seed('churn', 'PendingManualApproval');
    await expect(setApproval(testContext(), registry, { stack: 'churn', version: 1, approval: 'Rejected' })).rejects.toThrow(/--reason/);
    const result = await setApproval(testContext(), registry, { stack: 'churn', version: 1, approval: 'Rejected', reason: 'worse AUC' });
    expect(result).toMatchObject({ previous: 'PendingManualApproval', approval: 'Rejected' });
    expect(registry.calls.at(-1)).toEqual({ method: 'setApproval', args: [v.arn, 'Rejected', 'worse AUC'] });
    await expect(setApproval(testContext(), registry, { stack: 'churn', version: 4, approval: 'Approved' })).rejects.toThrow(/no model version 4/);
  });

  it('approving an Approved version sends no update', async () => {
    const registry = new FakeRegistry();
    registry.seed('churn', 'Approved');
    await setApproval(testContext(), registry, { stack: 'churn', version: 1, approval: 'Approved' });
    expect(registry.methods()).not.toContain('setApproval');
  });
});

describe('versions', () => {
  it('lists newest first with lineage and which variant serves which version', async () => {
    const sm = new FakeSageMaker();
    const registry = new FakeRegistry();
    registry.seed(
      'churn',
      'Approved',
      lineageMetadata({ trainingJob: 'churn-20261101000000', hyperparameters: {}, metrics: { auc: 0.9 }, git: GIT, sagectlVersion: '0.1.0' }),
    );
    registry.seed('churn', 'PendingManualApproval');
    await deploy(testContext(config), sm, { ...WAIT, modelVersion: () => resolveVersion(registry, 'churn', 1) });
    const result = await versions(testContext(), registry, sm, 'churn');
    expect(result.versions.map((v) => [v.version, v.approval, v.live, v.servedBy])).toEqual([
      [2, 'PendingManualApproval', false, []],
      [1, 'Approved', true, ['AllTraffic']],
    ]);
    expect(result.versions[1]).toMatchObject({ trainingJob: 'churn-20261101000000', gitCommit: GIT.commit, gitDirty: true, metrics: { auc: 0.9 } });
    const text = renderVersions(result);
    expect(text).toMatch(/v2 .*PendingManualApproval/);
    expect(text).toMatch(/v1 .*Approved .*LIVE \(AllTraffic\) {2}job churn-20261101000000 {2}commit abc1234\+dirty {2}auc=0\.9/);
  });

  it('the columns after LIVE line up on rows that are not live', () => {
    const row = (version: number, live: boolean) => ({
      version,
      arn: `arn:v${version}`,
      approval: 'Approved',
      createdAt: '2026-11-01T00:00:00.000Z',
      live,
      servedBy: live ? ['AllTraffic'] : [],
      trainingJob: `job-${version}`,
      metrics: {},
    });
    const text = renderVersions({ stack: 'churn', group: 'churn', versions: [row(2, false), row(1, true)] } as Parameters<typeof renderVersions>[0]);
    const [, v2, v1] = text.split('\n');
    expect(v2!.indexOf('job job-2')).toBe(v1!.indexOf('job job-1'));
  });

  it('a stack with no versions says how to register one', async () => {
    const result = await versions(testContext(), new FakeRegistry(), new FakeSageMaker(), 'churn');
    expect(renderVersions(result)).toContain('sagectl register');
  });
});

describe('status', () => {
  it('names the version served, with approval, job and commit', () => {
    expect(servingLine({ version: 7, arn: 'a', approval: 'Approved', trainingJob: 'churn-20261125101500', gitCommit: 'abc1234ffff' })).toBe(
      'serving v7 (Approved, job churn-20261125101500, commit abc1234)',
    );
    expect(servingLine({ version: 2, arn: 'a' })).toBe('serving v2');
    const text = renderStatus({
      stacks: [
        {
          stack: 'churn',
          endpoint: { name: 'churn', arn: 'a', status: 'InService', configName: 'c' },
          variants: [],
          protected: false,
          modelVersion: { version: 2, arn: 'a', approval: 'Approved' },
        },
      ],
    });
    expect(text).toContain('version   serving v2 (Approved)');
  });
});

describe('teardown --include-versions finder', () => {
  it('finds the versions then the group, and deletes them; nothing for a group sagectl does not own', async () => {
    const registry = new FakeRegistry();
    const v1 = registry.seed('churn', 'Approved');
    registry.groups.set('churn', managed);
    const sm = new FakeSageMaker();
    sm.tags.set('arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn', managed);
    const finder = new RegistryResourceFinder(registry, sm);
    const found = await finder.find('churn');
    expect(found.map((r) => [r.kind, r.name, r.managed])).toEqual([
      ['model-package', 'churn/1', true],
      ['model-package-group', 'churn', true],
    ]);
    expect(await finder.delete(found[0]!)).toBe('deleted');
    expect(registry.versions.find((v) => v.arn === v1.arn)).toBeUndefined();
    expect(await finder.delete(found[1]!)).toBe('deleted');
    sm.tags.set('arn:aws:sagemaker:us-east-1:123456789012:model-package-group/other', {});
    registry.groups.set('other', {});
    expect(await finder.find('other')).toEqual([]);
  });
});
