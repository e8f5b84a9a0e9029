import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { managedEndpoints, managedStackNames, stackOf, type StackLister } from '../../../../src/commands/stack/listing.js';
import type { ResourceSummary } from '../../../../src/services/sagemaker.js';
import type { Tags } from '../../../../src/core/tags.js';

const arn = (name: string): string => `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${name}`;
const managed = (stack: string): Tags => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });

/** A lister over fixed endpoints that counts the requests a listing makes. */
function lister(endpoints: Record<string, Tags>): StackLister & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    listEndpoints: async (nameContains?: string): Promise<ResourceSummary[]> => {
      calls.push(`ListEndpoints ${nameContains ?? ''}`.trim());
      return Object.keys(endpoints)
        .filter((n) => nameContains === undefined || n.includes(nameContains))
        .map((name) => ({ name, arn: arn(name) }));
    },
    listTags: async (resource: string): Promise<Tags> => {
      calls.push(`ListTags ${resource.split('/')[1]}`);
      return endpoints[resource.split('/')[1]!] ?? {};
    },
  };
}

describe('stackOf', () => {
  it('names a stack only for resources sagectl manages', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('sagectl:stack', 'sagectl:managed-by', 'team'), fc.constantFrom('sagectl', 'churn', 'other')), (tags) => {
        const expected = tags['sagectl:managed-by'] === 'sagectl' ? tags['sagectl:stack'] : undefined;
        expect(stackOf(tags)).toBe(expected);
      }),
    );
  });
});

describe('managedEndpoints', () => {
  const fleet = { churn: managed('churn'), 'churn-b': managed('churn-b'), alpha: managed('alpha'), 'hand-made': { team: 'ml' } };

  it('lists the managed stacks, sorted, in one ListEndpoints and one ListTags per endpoint', async () => {
    const sm = lister(fleet);
    expect((await managedEndpoints(sm)).map((m) => m.stack)).toEqual(['alpha', 'churn', 'churn-b']);
    expect(sm.calls.filter((c) => c.startsWith('ListEndpoints'))).toEqual(['ListEndpoints']);
    expect(sm.calls.filter((c) => c.startsWith('ListTags'))).toHaveLength(4);
  });

  it('for a named stack, asks only for the endpoint named exactly (not every name containing it)', async () => {
    const sm = lister(fleet);
    const found = await managedEndpoints(sm, 'churn');
    expect(found.map((m) => [m.stack, m.endpoint.name])).toEqual([['churn', 'churn']]);
    expect(sm.calls).toEqual(['ListEndpoints churn', 'ListTags churn']);
  });

  it('managedStackNames gives the same stacks as the listing', async () => {
    expect(await managedStackNames(lister(fleet))).toEqual(['alpha', 'churn', 'churn-b']);
  });
});
