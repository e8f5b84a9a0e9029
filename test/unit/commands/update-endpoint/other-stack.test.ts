import { beforeEach, describe, expect, it } from 'vitest';
import { updateEndpoint, type UpdateEndpointOptions } from '../../../../src/commands/update-endpoint/index.js';
import { stackContext } from '../../../../src/commands/stack/config.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

// The file in the working directory describes `web`; the command is aimed at `svl`.
const web: Config = {
  name: 'web',
  role: 'arn:aws:iam::123456789012:role/Web',
  tags: { team: 'web' },
  model: { image: 'img:web', environment: { MODE: 'web' } },
  endpoint: {
    instanceType: 'ml.m5.large',
    dataCapture: { s3Uri: 's3://web/capture/', percent: 50 },
    autoscaling: { min: 1, max: 4, invocationsPerInstance: 100 },
  },
};
const SVL_TAGS = { 'sagectl:stack': 'svl', 'sagectl:managed-by': 'sagectl', team: 'svl' };
const NEW_MODEL: UpdateEndpointOptions = {
  action: { kind: 'new-model', source: { modelData: 's3://b/v2.tar.gz' } },
  keep: 1,
  recreate: false,
  wait: true,
  timeoutMs: 3_600_000,
  dryRun: false,
};

let sm: FakeSageMaker;
let scaling: FakeScaling;
let shell: TestContext;
beforeEach(() => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
  shell = testContext(web, { configFile: '/project/sagectl.yaml' });
  const seeded = sm.seed('svl', { tags: SVL_TAGS, image: 'img:svl' });
  // svl is serverless, with an environment of its own and no data capture.
  const config = sm.configs.get(seeded.config)!;
  config.variants = [{ variantName: 'AllTraffic', modelName: seeded.model, serverless: { memoryMB: 2048, maxConcurrency: 5 }, initialVariantWeight: 1 }];
  sm.models.get(seeded.model)!.environment = { MODE: 'svl' };
});

describe('update-endpoint aimed at a stack the config file does not describe', () => {
  it("takes none of the file's settings: serverless variant, environment, role, capture and tags come from svl's live state", async () => {
    const ctx = stackContext(shell, 'svl');
    const result = await updateEndpoint(ctx, { sagemaker: sm, scaling }, NEW_MODEL);

    expect(result.outcome).toBe('updated');
    const configName = sm.endpoints.get('svl')!.configName;
    const created = sm.configs.get(configName)!;
    expect(created.settings.DataCaptureConfig).toBeUndefined();
    expect(created.variants).toEqual([expect.objectContaining({ serverless: { memoryMB: 2048, maxConcurrency: 5 } })]);
    expect(created.variants[0]).not.toHaveProperty('instanceType');
    const model = sm.models.get(created.variants[0]!.modelName)!;
    expect(model).toMatchObject({
      image: 'img:svl',
      modelDataUrl: 's3://b/v2.tar.gz',
      executionRoleArn: 'arn:aws:iam::123456789012:role/R',
      environment: { MODE: 'svl' },
    });
    for (const arn of [arnOf('model', model.name), arnOf('endpoint-config', configName)]) {
      expect(sm.tags.get(arn)).toMatchObject({ 'sagectl:stack': 'svl', team: 'svl' });
    }
    expect(sm.methods()).not.toContain('register');
    shell.log.expectLog(/sagectl\.yaml describes stack web, not svl: none of its settings are used for svl/, 'warn');
  });

  it('refuses --recreate before deleting anything: there is no config to recreate svl from', async () => {
    sm.endpoints.get('svl')!.status = 'Failed';
    const ctx = stackContext(shell, 'svl');
    await expect(updateEndpoint(ctx, { sagemaker: sm, scaling }, { ...NEW_MODEL, recreate: true })).rejects.toMatchObject({ exitCode: 2 });
    expect(sm.mutatingCalls()).toEqual([]);
  });

  it('uses the file for the stack it names (the same command aimed at web gets its capture and tags)', async () => {
    sm.seed('web', { tags: { 'sagectl:stack': 'web', 'sagectl:managed-by': 'sagectl' } });
    await updateEndpoint(stackContext(shell, 'web'), { sagemaker: sm, scaling }, NEW_MODEL);
    const created = sm.configs.get(sm.endpoints.get('web')!.configName)!;
    expect(created.settings.DataCaptureConfig?.DestinationS3Uri).toBe('s3://web/capture/');
    expect(sm.tags.get(arnOf('endpoint-config', created.name))).toMatchObject({ team: 'web' });
  });
});
