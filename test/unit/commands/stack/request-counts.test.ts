// The requests of the commands issue 17 counts, pinned: update-endpoint with a new model in its
// steady state (--keep 1), --rollback, and the teardown of one stack, each run the way its CLI
// entry runs it (SageMaker read through the run's inventory, the tagging API beside it). Every
// fake method stands for one AWS request (the listings fit one page here), so a change that sends
// one more request fails this suite. Concurrent reads make the order vary: each list is compared
// as a multiset.
import { beforeEach, describe, expect, it } from 'vitest';
import { updateEndpoint, type UpdateEndpointOptions } from '../../../../src/commands/update-endpoint/index.js';
import { teardown, teardownServices } from '../../../../src/commands/teardown/index.js';
import { RunInventory, withInventory } from '../../../../src/commands/stack/inventory.js';
import type { ServiceFactory } from '../../../../src/services/factory.js';
import type { Config } from '../../../../src/core/schema.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const MANAGED = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
const config: Config = { name: 'churn', role: 'arn:aws:iam::123456789012:role/R', tags: { team: 'ml' } };
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
let ctx: TestContext;

/** One run as the CLI builds it: a fresh inventory over the same fakes. */
function update(options: Partial<UpdateEndpointOptions>) {
  const sagemaker = withInventory(sm, new RunInventory(sm, 'churn'));
  return updateEndpoint(ctx, { sagemaker, scaling }, { ...NEW_MODEL, ...options });
}

const sorted = (methods: string[]): string[] => [...methods].sort();

beforeEach(() => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
  ctx = testContext(config);
  sm.seed('churn', { tags: MANAGED });
});

// The fake endpoint settles on the second check, so each wait here costs two describes (against
// the emulator, whose endpoint is InService at once, one: 13 and 11 requests in `npm run bench`).
describe('update-endpoint sends 13 requests with a new model and 11 with --rollback (each wait one describe per check)', () => {
  /** Two updates first, so the measured one also removes what falls out of the history (--keep 1). */
  async function steadyState(): Promise<void> {
    await update({ action: { kind: 'new-model', source: { modelData: 's3://b/v2.tar.gz' } } });
    ctx.clock.advance(60_000);
    await update({ action: { kind: 'new-model', source: { modelData: 's3://b/v3.tar.gz' } } });
    ctx.clock.advance(60_000);
    sm.calls.length = 0;
  }

  it('a new model in the steady state: the tags of the whole stack in one inventory read, listings and descriptions once', async () => {
    await steadyState();
    const result = await update({ action: { kind: 'new-model', source: { modelData: 's3://b/v4.tar.gz' } } });
    expect(result.removed.map((r) => r.kind).sort()).toEqual(['endpoint-config', 'model']);
    expect(sorted(sm.methods())).toEqual(
      sorted([
        'describeEndpoint',
        'stackResources',
        'describeEndpointConfig',
        'describeModel',
        'listEndpointConfigs',
        'listModels',
        'createModel',
        'createEndpointConfig',
        'updateEndpoint',
        'describeEndpoint',
        'describeEndpoint',
        'addTags',
        'deleteEndpointConfig',
        'deleteModel',
      ]),
    );
  });

  it('--rollback: the history and the cleanup answered from the same reads', async () => {
    await steadyState();
    const result = await update({ action: { kind: 'rollback' } });
    expect(result.outcome).toBe('updated');
    expect(sorted(sm.methods())).toEqual(
      sorted([
        'describeEndpoint',
        'stackResources',
        'listEndpointConfigs',
        'listModels',
        'describeEndpointConfig',
        'describeEndpointConfig',
        'describeModel',
        'updateEndpoint',
        'describeEndpoint',
        'describeEndpoint',
        'addTags',
      ]),
    );
  });
});

describe('teardown of one stack sends at most 8 requests', () => {
  it('one inventory read, two listings, the role and the scalable targets by name or once, then the three deletes; no wire-api service for a stack without an API', async () => {
    const none = () => Promise.resolve(undefined);
    const refuse = (what: string) => () => Promise.reject(new Error(`${what} must not be asked for a stack without an API`));
    const record =
      (method: string, answer: () => Promise<unknown>) =>
      (...args: unknown[]) => {
        sm.calls.push({ method, args });
        return answer();
      };
    const factory = {
      sagemaker: () => Promise.resolve(sm),
      tagging: () => Promise.resolve(sm),
      autoscaling: () => Promise.resolve(scaling),
      metrics: refuse('metrics'),
      registry: refuse('the registry'),
      apigateway: refuse('API Gateway'),
      lambda: refuse('Lambda'),
      logs: refuse('Logs'),
      iam: () => Promise.resolve({ getRole: record('getRole', none), listRoleTags: record('listRoleTags', none), deleteRole: record('deleteRole', none) }),
    } as unknown as Omit<ServiceFactory, 'runtime' | 'jobs'>;
    sm.calls.length = 0;

    const result = await teardown(ctx, teardownServices(factory, false), {
      criteria: { stacks: ['churn'], all: false, tags: {} },
      yes: true,
      dryRun: false,
      force: false,
      concurrency: 4,
    });

    expect(result.summary).toMatchObject({ deleted: 3, failed: 0, stacksFailed: 0 });
    expect(sorted(sm.methods())).toEqual(
      sorted([
        'stackResources',
        'listEndpointConfigs',
        'listModels',
        'getRole',
        'registeredVariantsByEndpoint',
        'deleteEndpoint',
        'deleteEndpointConfig',
        'deleteModel',
      ]),
    );
  });
});
