import { describe, expect, it } from 'vitest';
import { deploy, renderDeploy, type DeployResult } from '../../../../src/commands/deploy/index.js';
import { renderUpdateEndpoint, updateEndpoint, type UpdateEndpointResult } from '../../../../src/commands/update-endpoint/index.js';
import { planLines, smokeLine, statusLine } from '../../../../src/commands/endpoint/report.js';
import { assertSmokeTestCanRun } from '../../../../src/commands/endpoint/smoke-test.js';
import type { PlanStep } from '../../../../src/commands/endpoint/rollout.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { FakeRuntime } from '../../helpers/fake-runtime.js';
import { testContext } from '../../helpers/context.js';

const REFUSAL = '--smoke-test needs the endpoint InService: it cannot run with --no-wait';
const config = { name: 'churn', role: 'arn:aws:iam::123456789012:role/R', model: { image: 'img:1', modelData: 's3://b/m.tar.gz' } };
const smoke = { runtime: new FakeRuntime(), payload: { body: new Uint8Array([49]), contentType: 'text/csv', source: 'p.csv' } };

describe('assertSmokeTestCanRun', () => {
  it.each([
    [true, false, false, true],
    [true, false, true, false],
    [true, true, false, false],
    [false, false, false, false],
  ])('smoke test %s, wait %s, dry run %s → refused %s', (withSmoke, wait, dryRun, refused) => {
    const check = () => assertSmokeTestCanRun({ ...(withSmoke ? { smokeTest: smoke } : {}), wait, dryRun });
    if (refused) expect(check).toThrow(expect.objectContaining({ message: REFUSAL, exitCode: 2 }));
    else expect(check).not.toThrow();
  });

  it('deploy and update-endpoint both refuse --smoke-test --no-wait before any request', async () => {
    const sm = new FakeSageMaker();
    const options = { wait: false, timeoutMs: 60_000, dryRun: false, smokeTest: smoke } as const;
    await expect(deploy(testContext(config), sm, options)).rejects.toThrow(REFUSAL);
    await expect(
      updateEndpoint(
        testContext(config),
        { sagemaker: sm, scaling: new FakeScaling(sm.calls) },
        {
          action: { kind: 'new-model', source: { modelData: 's3://b/v2.tar.gz' } },
          keep: 1,
          recreate: false,
          ...options,
          smokeTest: { ...smoke, rollback: false },
        },
      ),
    ).rejects.toThrow(REFUSAL);
    expect(sm.calls).toEqual([]);
  });
});

describe('the shared report lines', () => {
  const plan: PlanStep[] = [
    { action: 'create', kind: 'model', name: 'churn-AllTraffic-1' },
    { action: 'delete', kind: 'endpoint-config', name: 'churn-0' },
  ];

  it('deploy and update-endpoint render a plan the same way', () => {
    const deployText = renderDeploy({
      stack: 'churn',
      outcome: 'planned',
      plan,
      removed: [],
      endpoint: { name: 'churn', configName: 'c' },
    } as unknown as DeployResult);
    const updateText = renderUpdateEndpoint({
      stack: 'churn',
      outcome: 'planned',
      action: 'new-model',
      plan,
      removed: [],
      variants: [],
      endpoint: { configName: 'c' },
    } as unknown as UpdateEndpointResult);
    const lines = planLines(plan);
    expect(lines).toEqual(['  create model           churn-AllTraffic-1', '  delete endpoint-config churn-0']);
    expect(deployText.split('\n').slice(1)).toEqual(lines);
    expect(updateText.split('\n').slice(1)).toEqual(lines);
  });

  it('status says how to follow an endpoint not waited for; smoke names latency and variant', () => {
    expect(statusLine('churn', 'Creating', false)).toBe('  status   Creating (not waited for: follow with `sagectl status churn`)');
    expect(statusLine('churn', 'InService', true)).toBe('  status   InService');
    expect(smokeLine({ latencyMs: 12, invokedVariant: 'blue' } as Parameters<typeof smokeLine>[0])).toBe('  smoke    passed in 12 ms (blue)');
  });
});
