import { beforeEach, describe, expect, it } from 'vitest';
import { status, renderStatus } from '../../../../src/commands/status/index.js';
import { UsageError } from '../../../../src/core/errors.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../../helpers/context.js';

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl', 'sagectl:version': '0.1.0' });

let sm: FakeSageMaker;
let ctx: TestContext;
beforeEach(() => {
  sm = new FakeSageMaker();
  ctx = testContext();
});

describe('status', () => {
  it('lists managed stacks with endpoint status, variants, instances and times, and nothing unmanaged', async () => {
    sm.seed('churn', { tags: managed('churn'), instanceType: 'ml.c5.xlarge' });
    sm.seed('alpha', { tags: { ...managed('alpha'), 'sagectl:protect': 'true' } });
    sm.seed('hand-made', { tags: { team: 'ml' } });

    const result = await status(ctx, sm, {});

    expect(result.stacks.map((s) => s.stack)).toEqual(['alpha', 'churn']);
    expect(result.stacks[1]).toEqual({
      stack: 'churn',
      endpoint: {
        name: 'churn',
        arn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn',
        status: 'InService',
        configName: 'churn-20261101000000',
        createdAt: '2026-11-01T00:00:00.000Z',
        lastModifiedAt: '2026-11-01T00:00:00.000Z',
      },
      variants: [{ name: 'AllTraffic', model: 'churn-AllTraffic-20261101000000', instanceType: 'ml.c5.xlarge', instanceCount: 1, weight: 1 }],
      protected: false,
      sagectlVersion: '0.1.0',
    });
    expect(result.stacks[0]?.protected).toBe(true);
  });

  it('shows one stack when named', async () => {
    sm.seed('churn', { tags: managed('churn') });
    sm.seed('churn-2', { tags: managed('churn-2') });
    const result = await status(ctx, sm, { stack: 'churn' });
    expect(result.stacks.map((s) => s.stack)).toEqual(['churn']);
  });

  it('a named stack that does not exist is exit 2 naming the stacks that do (not "no stacks managed")', async () => {
    sm.seed('churn', { tags: managed('churn') });
    sm.seed('alpha', { tags: managed('alpha') });
    sm.seed('nosuch', { tags: { team: 'ml' } });
    const error = (await status(ctx, sm, { stack: 'nosuch' }).catch((e: unknown) => e)) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('no endpoint for stack nosuch in this region; stacks that exist: alpha, churn');
    expect(error.resolution).toBe('pass one of those stacks');
  });

  it('a named stack in an empty region says so and how to make one', async () => {
    const error = (await status(ctx, sm, { stack: 'churn' }).catch((e: unknown) => e)) as UsageError;
    expect(error.message).toContain('no stacks managed by sagectl exist in this region');
    expect(error.resolution).toContain('sagectl deploy');
  });

  it('refuses an invalid stack name before calling AWS', async () => {
    await expect(status(ctx, sm, { stack: '-bad' })).rejects.toBeInstanceOf(UsageError);
    expect(sm.calls).toEqual([]);
  });

  it('renders a block per stack with ages, and a plain line when there is none', () => {
    expect(renderStatus({ stacks: [] })).toBe('No stacks managed by sagectl in this region.');
    const text = renderStatus(
      {
        stacks: [
          {
            stack: 'churn',
            endpoint: {
              name: 'churn',
              arn: 'a',
              status: 'Failed',
              failureReason: 'ping failed',
              configName: 'c',
              createdAt: '2026-11-25T08:00:00.000Z',
              lastModifiedAt: '2026-11-25T09:30:00.000Z',
            },
            variants: [{ name: 'AllTraffic', instanceType: 'ml.m5.large', instanceCount: 2, weight: 1 }],
            protected: false,
          },
        ],
      },
      new Date('2026-11-25T10:00:00.000Z'),
    );
    expect(text).toBe(
      [
        'churn  Failed',
        '  reason    ping failed',
        '  created   2026-11-25T08:00:00.000Z (2h ago)',
        '  modified  2026-11-25T09:30:00.000Z (30m ago)',
        '  config    c',
        '  variant   AllTraffic: 2 × ml.m5.large, weight 1',
      ].join('\n'),
    );
  });
});

describe('status --idle', () => {
  it('shows invocations over the window and which stacks teardown --idle would pick', async () => {
    sm.seed('quiet', { tags: managed('quiet') });
    sm.seed('busy', { tags: managed('busy') });
    sm.seed('guarded', { tags: { ...managed('guarded'), 'sagectl:protect': 'true' } });
    const asked: { endpoint: string; variant: string }[][] = [];
    const metrics = {
      invocationsByEndpoint: async (variants: { endpoint: string; variant: string }[]) => {
        asked.push(variants);
        return new Map([['busy', 7]]);
      },
    };
    const result = await status(ctx, sm, { idleMs: 24 * 3600_000 }, metrics);
    expect(asked).toEqual([
      [
        { endpoint: 'busy', variant: 'AllTraffic' },
        { endpoint: 'guarded', variant: 'AllTraffic' },
        { endpoint: 'quiet', variant: 'AllTraffic' },
      ],
    ]);
    expect(Object.fromEntries(result.stacks.map((s) => [s.stack, s.idle]))).toEqual({
      busy: { window: '24h', invocations: 7, wouldTeardown: false },
      guarded: { window: '24h', invocations: 0, wouldTeardown: false },
      quiet: { window: '24h', invocations: 0, wouldTeardown: true },
    });
    expect(renderStatus(result)).toContain('0 invocations in the last 24h (idle: teardown --idle would delete it)');
  });
});
