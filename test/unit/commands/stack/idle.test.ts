import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mayBeIdle } from '../../../../src/commands/stack/idle.js';
import { status } from '../../../../src/commands/status/index.js';
import { chooseStacks } from '../../../../src/commands/teardown/selection.js';
import type { EndpointStatus } from '../../../../src/services/endpoint-status.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { testContext } from '../../helpers/context.js';

const STATUSES: EndpointStatus[] = [
  'OutOfService',
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'InService',
  'Deleting',
  'Failed',
  'UpdateRollbackFailed',
];
// Only an endpoint no request is working on can be idle: not being created, updated or deleted.
const SETTLED = new Set<string>(['InService', 'Failed', 'OutOfService', 'UpdateRollbackFailed']);
const DAY = 24 * 3600_000;
const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });

describe('mayBeIdle', () => {
  it('holds only for a settled endpoint last changed before the window began', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.integer({ min: -3 * DAY, max: 3 * DAY }), fc.boolean(), (s, offset, modified) => {
        const windowStart = new Date('2026-11-24T10:00:00Z');
        const changed = new Date(windowStart.getTime() + offset);
        const facts = modified ? { status: s, createdAt: new Date(changed.getTime() - DAY), lastModifiedAt: changed } : { status: s, createdAt: changed };
        expect(mayBeIdle(facts, windowStart)).toBe(SETTLED.has(s) && offset <= 0);
      }),
    );
  });

  it('never holds without a creation or modification time', () => {
    expect(mayBeIdle({ status: 'InService' }, new Date())).toBe(false);
  });
});

describe('the idle rule: status --idle and teardown --idle agree for every endpoint status', () => {
  it.each(STATUSES)('%s', async (s) => {
    const sm = new FakeSageMaker();
    sm.seed('quiet', { tags: managed('quiet'), status: s });
    const ctx = testContext();
    const now = ctx.clock.now();
    const noCalls = { invocationsByEndpoint: async () => new Map<string, number>([['quiet', 0]]) };
    const shown = await status(ctx, sm, { idleMs: DAY }, noCalls);
    const endpoint = await sm.describeEndpoint('quiet');
    const chosen = chooseStacks(
      { stacks: [], all: false, idleMs: DAY, tags: {} },
      [
        {
          stack: 'quiet',
          tags: managed('quiet'),
          protected: false,
          resourceCount: 3,
          endpoint: {
            name: 'quiet',
            arn: endpoint!.arn,
            status: s,
            ...(endpoint!.creationTime ? { createdAt: endpoint!.creationTime } : {}),
            ...(endpoint!.lastModifiedTime ? { lastModifiedAt: endpoint!.lastModifiedTime } : {}),
          },
        },
      ],
      new Map([['quiet', 0]]),
      now,
    );
    const statusSays = shown.stacks[0]?.idle?.wouldTeardown;
    const teardownSays = chosen.some((c) => c.stack === 'quiet');
    expect({ statusSays, teardownSays }).toEqual({ statusSays: SETTLED.has(s), teardownSays: SETTLED.has(s) });
  });
});
