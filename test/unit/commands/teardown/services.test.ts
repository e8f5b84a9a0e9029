import { beforeEach, describe, expect, it } from 'vitest';
import { teardown, teardownServices, type TeardownFactory, type TeardownOptions } from '../../../../src/commands/teardown/index.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { FakeRegistry } from '../../helpers/fake-registry.js';
import { testContext, type TestContext } from '../../helpers/context.js';

type Factory = TeardownFactory;

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
const DRY_RUN: Omit<TeardownOptions, 'criteria'> = { yes: false, dryRun: true, force: false, concurrency: 4 };

let sm: FakeSageMaker;
let ctx: TestContext;
let built: string[];

/** A ServiceFactory whose services are fakes, recording each client it builds. */
function countingFactory(): Factory {
  const none = () => Promise.resolve(undefined);
  const services: Record<keyof Factory, () => unknown> = {
    sagemaker: () => sm,
    tagging: () => sm,
    metrics: () => ({ invocationsByEndpoint: () => Promise.resolve(new Map<string, number>()) }),
    autoscaling: () => new FakeScaling(),
    registry: () => new FakeRegistry(),
    apigateway: () => ({ listRestApis: () => Promise.resolve([]), listUsagePlans: () => Promise.resolve([]), listApiKeys: () => Promise.resolve([]) }),
    lambda: () => ({ getFunction: none }),
    logs: () => ({ describeLogGroup: none }),
    iam: () => ({ getRole: none }),
    monitoring: () => ({ describeSchedule: none, describeJobDefinition: none }),
    notebooks: () => ({ describe: none, describeLifecycleConfig: none }),
  };
  return Object.fromEntries(
    Object.entries(services).map(([name, make]) => [
      name,
      () => {
        built.push(name);
        return Promise.resolve(make());
      },
    ]),
  ) as unknown as Factory;
}

beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
  built = [];
});

describe('teardownServices', () => {
  it('builds no client until one is called', () => {
    teardownServices(countingFactory(), true);
    expect(built).toEqual([]);
  });

  it('a bulk --idle --dry-run that selects nothing builds only the three clients selection calls', async () => {
    sm.seed('busy', { tags: managed('busy') });
    const result = await teardown(ctx, teardownServices(countingFactory(), false), { ...DRY_RUN, criteria: { stacks: [], all: false, tags: {}, idleMs: 0 } });
    expect(result.stacks).toEqual([]);
    expect(built.sort()).toEqual(['metrics', 'sagemaker', 'tagging']);
  });

  it('a named --dry-run of stacks without an API builds SageMaker, tagging, autoscaling and IAM once each; never API Gateway, Lambda, Logs, metrics or the registry', async () => {
    sm.seed('churn', { tags: managed('churn') });
    const result = await teardown(ctx, teardownServices(countingFactory(), false), {
      ...DRY_RUN,
      criteria: { stacks: ['churn', 'other'], all: false, tags: {} },
    });
    expect(result.stacks.map((s) => s.stack)).toEqual(['churn']);
    expect(sm.mutatingCalls()).toEqual([]);
    // IAM is asked for the role (the tagging API never shows roles); nothing says the stacks use wire-api,
    // a notebook or monitoring, so nothing more.
    expect(built.sort()).toEqual(['autoscaling', 'iam', 'sagemaker', 'tagging']);
  });

  it('--include-versions adds the registry, built once', async () => {
    sm.seed('churn', { tags: managed('churn') });
    await teardown(ctx, teardownServices(countingFactory(), true), { ...DRY_RUN, criteria: { stacks: ['churn'], all: false, tags: {} } });
    expect(built.filter((name) => name === 'registry')).toEqual(['registry']);
  });
});
