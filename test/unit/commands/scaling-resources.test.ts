import { beforeEach, describe, expect, it } from 'vitest';
import { teardown, type TeardownOptions } from '../../../src/commands/teardown.js';
import { SageMakerResourceFinder } from '../../../src/commands/stack-resources.js';
import { ScalingResourceFinder } from '../../../src/commands/scaling-resources.js';
import { FakeSageMaker } from '../helpers/fake-sagemaker.js';
import { FakeScaling } from '../helpers/fake-scaling.js';
import { testContext } from '../helpers/context.js';

const MANAGED = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
const YES: TeardownOptions = { stacks: ['churn'], yes: true, dryRun: false, force: false, concurrency: 4 };
const SCALING = { min: 1, max: 2, invocationsPerInstance: 10 };

let sm: FakeSageMaker;
let scaling: FakeScaling;
const run = () => teardown(testContext(), [new SageMakerResourceFinder(sm), new ScalingResourceFinder(scaling, sm)], YES);

beforeEach(async () => {
  sm = new FakeSageMaker();
  scaling = new FakeScaling(sm.calls);
  await scaling.register('churn', 'AllTraffic', SCALING);
  await scaling.register('churn-2', 'AllTraffic', SCALING); // another stack's endpoint
  sm.calls.length = 0;
});

describe('teardown of autoscaling targets', () => {
  it('deregisters the endpoint’s variants before deleting the endpoint, and leaves other endpoints’ targets', async () => {
    sm.seed('churn', { tags: MANAGED });
    const result = await run();
    expect(sm.methods().filter((m) => ['deregister', 'deleteEndpoint'].includes(m))).toEqual(['deregister', 'deleteEndpoint']);
    expect(result.resources[0]).toEqual({ stack: 'churn', kind: 'scalable-target', name: 'endpoint/churn/variant/AllTraffic', outcome: 'deleted' });
    expect([...scaling.targets.keys()]).toEqual(['churn-2/AllTraffic']);
  });

  it('deregisters an orphan target whose endpoint is gone', async () => {
    await run();
    expect([...scaling.targets.keys()]).toEqual(['churn-2/AllTraffic']);
  });

  it('skips the targets of an endpoint sagectl does not manage', async () => {
    sm.seed('churn', { tags: { owner: 'someone' } });
    const result = await run();
    expect(result.resources.find((r) => r.kind === 'scalable-target')?.outcome).toBe('skipped');
    expect(scaling.targets.has('churn/AllTraffic')).toBe(true);
  });
});
