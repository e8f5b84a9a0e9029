import { beforeEach, describe, expect, it } from 'vitest';
import { teardown, type TeardownOptions, type TeardownServices } from '../../../../../src/commands/teardown/index.js';
import { DELETE_ORDER, SageMakerResourceFinder } from '../../../../../src/commands/stack/resources.js';
import { ScalingResourceFinder } from '../../../../../src/commands/teardown/finders/scaling.js';
import { FakeSageMaker } from '../../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../../helpers/fake-scaling.js';
import { testContext } from '../../../helpers/context.js';

const MANAGED = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
const YES: TeardownOptions = { criteria: { stacks: ['churn'], all: false, tags: {} }, yes: true, dryRun: false, force: false, concurrency: 4 };
const SCALING = { min: 1, max: 2, invocationsPerInstance: 10 };

let sm: FakeSageMaker;
let scaling: FakeScaling;
const services = (): TeardownServices => ({
  finders: [new ScalingResourceFinder(scaling, sm), new SageMakerResourceFinder(sm)],
  sagemaker: sm,
  tagging: sm,
  metrics: { invocationsByEndpoint: () => Promise.reject(new Error('metrics not expected')) },
});
const run = async () => {
  const result = await teardown(testContext(), services(), YES);
  return result.stacks.flatMap((s) => s.resources.map((r) => ({ stack: s.stack, ...r })));
};

beforeEach(async () => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
  await scaling.register('churn', 'AllTraffic', SCALING);
  await scaling.register('churn-2', 'AllTraffic', SCALING); // another stack's endpoint
  sm.calls.length = 0;
});

describe('teardown of autoscaling targets', () => {
  it('orders scalable targets after the API and its function, just before the endpoint', () => {
    expect(DELETE_ORDER.indexOf('scalable-target')).toBe(DELETE_ORDER.indexOf('endpoint') - 1);
    expect(DELETE_ORDER.indexOf('iam-role')).toBeLessThan(DELETE_ORDER.indexOf('scalable-target'));
  });

  it('deregisters the endpoint’s variants before deleting the endpoint, and leaves other endpoints’ targets', async () => {
    sm.seed('churn', { tags: MANAGED });
    const resources = await run();
    expect(sm.methods().filter((m) => ['deregister', 'deleteEndpoint'].includes(m))).toEqual(['deregister', 'deleteEndpoint']);
    expect(resources[0]).toEqual({
      stack: 'churn',
      kind: 'scalable-target',
      name: 'endpoint/churn/variant/AllTraffic',
      arn: 'endpoint/churn/variant/AllTraffic',
      action: 'deleted',
    });
    expect([...scaling.targets.keys()]).toEqual(['churn-2/AllTraffic']);
  });

  it('deregisters an orphan target whose endpoint is gone', async () => {
    await run();
    expect([...scaling.targets.keys()]).toEqual(['churn-2/AllTraffic']);
  });

  it('keeps the targets of an endpoint sagectl does not manage', async () => {
    sm.seed('churn', { tags: { owner: 'someone' } });
    const resources = await run();
    expect(resources.find((r) => r.kind === 'scalable-target')?.action).toBe('kept');
    expect(scaling.targets.has('churn/AllTraffic')).toBe(true);
  });

  it('gives a target the tags of the endpoint it scales (so protection covers it)', async () => {
    sm.seed('churn', { tags: { ...MANAGED, 'sagectl:protect': 'true' } });
    const [target] = await new ScalingResourceFinder(scaling, sm).find('churn');
    expect(target).toMatchObject({ kind: 'scalable-target', managed: true, tags: { 'sagectl:protect': 'true' } });
    expect(await new ScalingResourceFinder(scaling, sm).find('churn-2')).toMatchObject([{ managed: true, tags: {} }]);
  });
});
