// status over the fleet through one tag inventory: the same answer as reading each endpoint, in
// fewer requests; an endpoint changed since its config was recorded going live is described.
import { beforeEach, describe, expect, it } from 'vitest';
import { status } from '../../../../src/commands/status/index.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl', 'sagectl:version': '0.1.0' });
const STACKS = ['alpha', 'beta', 'churn'];

let sm: FakeSageMaker;
let ctx: TestContext;
beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
  for (const stack of STACKS) {
    const { config } = sm.seed(stack, { tags: managed(stack), instanceType: 'ml.c5.xlarge' });
    // As deploy leaves it: the config recorded as gone live once the endpoint was InService.
    sm.tags.set(arnOf('endpoint-config', config), { ...managed(stack), 'sagectl:went-live': '2026-11-01T00:05:00.000Z' });
  }
  sm.seed('hand-made', { tags: { team: 'ml' } });
});

describe('status over the fleet', () => {
  it('answers as reading each endpoint does, from one inventory read, one listing and one describe per stack', async () => {
    const each = await status(ctx, sm, {});
    sm.calls.length = 0;
    const inventory = await status(ctx, sm, {}, undefined, undefined, sm);
    expect(inventory).toEqual(each);
    expect(inventory.stacks.map((s) => s.stack)).toEqual(STACKS);
    expect([...sm.methods()].sort()).toEqual([
      'describeEndpointConfig',
      'describeEndpointConfig',
      'describeEndpointConfig',
      'listEndpoints',
      'managedResources',
    ]);
  });

  it('an endpoint changed since the record (autoscaling, weights, an update outside sagectl) is read from one Search; one not InService is described', async () => {
    const beta = sm.endpoints.get('beta')!;
    beta.modifiedAt = new Date('2026-11-01T00:10:00Z');
    beta.live.set('AllTraffic', { weight: 1, count: 3 });
    sm.endpoints.get('churn')!.status = 'Updating';
    const each = await status(ctx, sm, {});
    sm.calls.length = 0;
    const bulk = await status(ctx, sm, {}, undefined, undefined, sm);
    expect(bulk).toEqual(each);
    expect(bulk.stacks.find((s) => s.stack === 'beta')!.variants[0]).toMatchObject({ instanceCount: 3 });
    expect(sm.calls.filter((c) => c.method === 'describeEndpoint').map((c) => c.args[0])).toEqual(['churn']);
    expect(sm.methods().filter((m) => m === 'searchEndpoints')).toHaveLength(1);
  });

  it('a Search record older than the listing (the index lags) is not used: that endpoint is described', async () => {
    const beta = sm.endpoints.get('beta')!;
    const before = await sm.describeEndpoint('beta');
    sm.searchIndex.set('beta', before);
    beta.modifiedAt = new Date('2026-11-01T00:10:00Z');
    beta.live.set('AllTraffic', { weight: 1, count: 3 });
    sm.calls.length = 0;
    const bulk = await status(ctx, sm, {}, undefined, undefined, sm);
    expect(bulk.stacks.find((s) => s.stack === 'beta')!.variants[0]).toMatchObject({ instanceCount: 3 });
    expect(sm.calls.filter((c) => c.method === 'describeEndpoint').map((c) => c.args[0])).toEqual(['beta']);
  });

  it('shows a stack created a moment ago that the tagging API does not list yet (it lags), reading only that endpoint tags', async () => {
    sm.seed('fresh', { tags: managed('fresh') });
    sm.endpoints.get('fresh')!.createdAt = new Date(ctx.clock.now().getTime() - 60_000);
    const lagging = { managedResources: async () => (await sm.managedResources()).filter((r) => !r.arn.endsWith('/fresh')) };
    sm.calls.length = 0;
    const result = await status(ctx, sm, {}, undefined, undefined, lagging);
    expect(result.stacks.map((s) => s.stack)).toEqual([...STACKS, 'fresh'].sort());
    // The old unmanaged endpoint is not asked about: only the recent one missing from the inventory.
    expect(sm.calls.filter((c) => c.method === 'listTags').map((c) => c.args[0])).toEqual([arnOf('endpoint', 'fresh')]);
  });

  it('without the tagging API (refused), reads each endpoint as before', async () => {
    const each = await status(ctx, sm, {});
    const refusing = { managedResources: () => Promise.reject(new Error('not authorized to perform tag:GetResources')) };
    expect(await status(ctx, sm, {}, undefined, undefined, refusing)).toEqual(each);
  });
});
