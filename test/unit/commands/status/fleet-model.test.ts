// Model-based: over generated fleets (ages, windows, variants, traffic, records, changes since the
// record, statuses, protection, a Search index that lags, Search refused), the fleet's bulk path
// (one tag inventory, the went-live record or a current Search record standing in for
// DescribeEndpoint) gives the very answer of the per-endpoint path (ListTags,
// DescribeEndpoint and DescribeEndpointConfig for each endpoint), idle verdicts included, and
// `teardown --idle`'s selection picks exactly the stacks status calls idle.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { status } from '../../../../src/commands/status/index.js';
import { teardown } from '../../../../src/commands/teardown/index.js';
import { SageMakerResourceFinder } from '../../../../src/commands/stack/resources.js';
import type { EndpointStatus } from '../../../../src/services/endpoint-status.js';
import type { VariantRef } from '../../../../src/services/metrics.js';
import { variantSummary } from '../../../../src/services/variant-summary.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';
import { testContext } from '../../helpers/context.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const STATUSES: EndpointStatus[] = ['InService', 'InService', 'InService', 'Updating', 'Creating', 'Failed', 'OutOfService', 'SystemUpdating'];

interface StackModel {
  status: EndpointStatus;
  /** Age of the endpoint, and how long before now it was last modified (≤ its age). */
  ageMs: number;
  modifiedAgoMs: number;
  /** Where the went-live record stands: none, before the last change (changed since), or after it. */
  record: 'none' | 'before-change' | 'after-change';
  variants: { name: string; invocations: number; count: number; weight: number }[];
  protected: boolean;
  /** Search's index still holds the endpoint as it was before its last change. */
  indexLags: boolean;
  /** The recorded config's variants summary tag: as the service writes it, none (an older sagectl), or not a summary (edited by hand). */
  summary: 'written' | 'none' | 'garbled';
  /** A stack name with capitals: SageMaker's ARN may hold the config name lowercased, so the name comes from a describe. */
  capitals: boolean;
}

const variantArb = fc.record({
  name: fc.constantFrom('AllTraffic', 'blue', 'green', 'canary'),
  // Mostly none: an idle verdict needs every variant quiet.
  invocations: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 1000 })),
  count: fc.integer({ min: 1, max: 4 }),
  weight: fc.constantFrom(0.5, 1, 2),
});

const stackArb: fc.Arbitrary<StackModel> = fc
  .record({
    status: fc.constantFrom(...STATUSES),
    ageMs: fc.integer({ min: 60_000, max: 40 * DAY }),
    modifiedFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    record: fc.constantFrom<StackModel['record']>('none', 'before-change', 'after-change', 'after-change'),
    variants: fc.uniqueArray(variantArb, { minLength: 1, maxLength: 3, selector: (v) => v.name }),
    protected: fc.boolean(),
    indexLags: fc.boolean(),
    summary: fc.constantFrom<StackModel['summary']>('written', 'written', 'none', 'garbled'),
    capitals: fc.boolean(),
  })
  .map(({ modifiedFraction, ...s }) => ({ ...s, modifiedAgoMs: Math.floor(s.ageMs * modifiedFraction) }));

const managed = (stack: string, isProtected: boolean): Record<string, string> => ({
  'sagectl:stack': stack,
  'sagectl:managed-by': 'sagectl',
  ...(isProtected ? { 'sagectl:protect': 'true' } : {}),
});

/** The model's i-th stack name. */
const nameOf = (m: StackModel, i: number): string => `${m.capitals ? 'S' : 's'}${i}`;

/** Builds the fleet in the fake; returns the traffic by (endpoint, variant). */
function build(sm: FakeSageMaker, now: Date, fleet: StackModel[]): Map<string, number> {
  const traffic = new Map<string, number>();
  fleet.forEach((m, i) => {
    const stack = nameOf(m, i);
    const { config, model } = sm.seed(stack, { tags: managed(stack, m.protected), status: m.status });
    const c = sm.configs.get(config)!;
    c.variants = m.variants.map((v) => ({
      variantName: v.name,
      modelName: model,
      instanceType: 'ml.m5.large',
      initialInstanceCount: 1,
      initialVariantWeight: 1,
    }));
    const e = sm.endpoints.get(stack)!;
    e.createdAt = new Date(now.getTime() - m.ageMs);
    e.modifiedAt = new Date(now.getTime() - m.modifiedAgoMs);
    // AWS moves LastModifiedTime on every change: counts and weights differ from the config's only
    // after a change that came after the record (or with no record at all).
    const changedSinceRecord = m.record !== 'after-change';
    if (changedSinceRecord) for (const v of m.variants) e.live.set(v.name, { weight: v.weight, count: v.count });
    if (m.record !== 'none') {
      const at = m.record === 'after-change' ? e.modifiedAt.getTime() + 1000 : e.modifiedAt.getTime() - 1000;
      const summary = m.summary === 'written' ? variantSummary(c.variants) : m.summary === 'garbled' ? 'AllTraffic=by-hand' : undefined;
      sm.tags.set(arnOf('endpoint-config', config), {
        ...managed(stack, m.protected),
        'sagectl:went-live': new Date(at).toISOString(),
        ...(summary !== undefined ? { 'sagectl:variants': summary } : {}),
      });
    }
    for (const v of m.variants) traffic.set(`${stack}/${v.name}`, v.invocations);
    if (m.indexLags)
      sm.searchIndex.set(stack, {
        name: stack,
        arn: arnOf('endpoint', stack),
        status: 'InService',
        configName: config,
        creationTime: e.createdAt,
        lastModifiedTime: new Date(e.modifiedAt.getTime() - 60_000),
        // As before the change that added the last variant (when there are several).
        variants: m.variants
          .slice(0, Math.max(1, m.variants.length - 1))
          .map((v) => ({ variantName: v.name, currentInstanceCount: 9, desiredInstanceCount: 9, currentWeight: 9 })),
      });
  });
  return traffic;
}

/** CloudWatch as the model says: the sum over the variants asked about (a variant not asked about is not counted). */
function metricsOf(traffic: Map<string, number>) {
  return {
    invocationsByEndpoint: async (variants: readonly VariantRef[]): Promise<Map<string, number>> => {
      const counts = new Map<string, number>();
      for (const v of variants) counts.set(v.endpoint, (counts.get(v.endpoint) ?? 0) + (traffic.get(`${v.endpoint}/${v.variant}`) ?? 0));
      return counts;
    },
  };
}

describe('status over a generated fleet: the bulk path and the per-endpoint path agree', () => {
  it('same stacks, variants, counts and idle verdicts; teardown --idle selects exactly the stacks status calls idle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stackArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: HOUR, max: 30 * DAY }),
        fc.boolean(),
        async (fleet, idleMs, searchRefused) => {
          const sm = new FakeSageMaker();
          if (searchRefused) sm.failing.set('searchEndpoints', new Error('not authorized to perform sagemaker:Search'));
          const ctx = testContext();
          const now = ctx.clock.now();
          const metrics = metricsOf(build(sm, now, fleet));

          const perEndpoint = await status(ctx, sm, { idleMs }, metrics);
          sm.calls.length = 0;
          const bulk = await status(ctx, sm, { idleMs }, metrics, undefined, sm);
          expect(bulk).toEqual(perEndpoint);
          // The went-live record stands in for DescribeEndpoint where nothing changed since it; else
          // Search's record, where the endpoint is settled and the index has its latest change.
          const described = sm.calls.filter((c) => c.method === 'describeEndpoint').map((c) => c.args[0]);
          const needed = fleet.flatMap((m, i) => {
            // With capitals the record's config is not found under the ARN's lowercased name: the endpoint is read.
            const recorded = m.record === 'after-change' && m.status === 'InService' && !m.capitals;
            const searched = !searchRefused && !m.indexLags && ['InService', 'Failed', 'OutOfService'].includes(m.status);
            return recorded || searched ? [] : [nameOf(m, i)];
          });
          expect(described.sort()).toEqual(needed.sort());
          // Where the record stands and the config's tags summarise its variants, the config is not
          // described either (a lowercase stack: its config's name is the one in the ARN).
          const configsDescribed = sm.calls.filter((c) => c.method === 'describeEndpointConfig').length;
          // With capitals, the ARN's lowercased name is asked first and found wanting, then the real one.
          const configDescribes = (m: StackModel): number =>
            m.record === 'after-change' && m.status === 'InService' ? (m.capitals ? 2 : m.summary === 'written' ? 0 : 1) : 1;
          expect(configsDescribed).toBe(fleet.reduce((n, m) => n + configDescribes(m), 0));
          expect(sm.methods().filter((m) => m === 'searchEndpoints').length).toBeLessThanOrEqual(1);

          // The model's verdict: settled, older than the window, no invocation on any variant, not protected.
          const start = now.getTime() - idleMs;
          const expected = fleet.flatMap((m, i) =>
            ['InService', 'Failed', 'OutOfService'].includes(m.status) &&
            now.getTime() - m.modifiedAgoMs <= start &&
            m.variants.every((v) => v.invocations === 0) &&
            !m.protected
              ? [nameOf(m, i)]
              : [],
          );
          expect(bulk.stacks.filter((s) => s.idle?.wouldTeardown).map((s) => s.stack)).toEqual(expected);

          // teardown --idle (a dry run): its selection from the fleet's inventory, with the variants it reads
          // from Search or by describing: the same stacks, and only lagging or unsearchable candidates described.
          sm.calls.length = 0;
          const planned = await teardown(
            ctx,
            { finders: [new SageMakerResourceFinder(sm)], sagemaker: sm, tagging: sm, metrics },
            { criteria: { stacks: [], all: false, idleMs, tags: {} }, yes: false, dryRun: true, force: false, concurrency: 4 },
          );
          expect(planned.stacks.map((s) => s.stack)).toEqual(expected);
          const candidates = fleet.flatMap((m, i) =>
            ['InService', 'Failed', 'OutOfService'].includes(m.status) && now.getTime() - m.modifiedAgoMs <= start && !m.protected ? [nameOf(m, i)] : [],
          );
          const describedByTeardown = sm.calls.filter((c) => c.method === 'describeEndpoint').map((c) => c.args[0]);
          expect(describedByTeardown.sort()).toEqual(candidates.filter((s) => searchRefused || fleet[Number(s.slice(1))]!.indexLags));
        },
      ),
      { numRuns: 200 },
    );
  });
});
