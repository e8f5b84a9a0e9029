// The run's inventory: stack matching by the naming scheme, and what one run reads once.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { followsNaming, SageMakerResourceFinder } from '../../../../src/commands/stack/resources.js';
import { RunInventory, withInventory } from '../../../../src/commands/stack/inventory.js';
import { names } from '../../../../src/core/names.js';
import { FakeSageMaker, arnOf } from '../../helpers/fake-sagemaker.js';

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });

const stackName = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,38}[a-zA-Z0-9])?$/);
const variantName = fc.stringMatching(/^[a-zA-Z0-9]{1,12}$/);
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

describe('followsNaming', () => {
  it('holds for every config and model name sagectl gives the stack, shortened or not', () => {
    fc.assert(
      fc.property(stackName, variantName, instant, (stack, variant, at) => {
        expect(followsNaming(stack, names.endpointConfig(stack, at))).toBe(true);
        expect(followsNaming(stack, names.model(stack, variant, at))).toBe(true);
      }),
    );
  });

  it("never holds for another stack's names unless that stack's name extends this one's with a hyphen (f1 never claims f10's)", () => {
    fc.assert(
      fc.property(stackName, stackName, variantName, instant, (stack, other, variant, at) => {
        fc.pre(other !== stack && !other.startsWith(`${stack}-`) && other.length + variant.length + 16 <= 63);
        expect(followsNaming(stack, names.endpointConfig(other, at))).toBe(false);
        expect(followsNaming(stack, names.model(other, variant, at))).toBe(false);
      }),
    );
  });

  it('names f10 and f1-less names as not f1', () => {
    expect(followsNaming('f1', 'f10-20260101000000')).toBe(false);
    expect(followsNaming('f1', 'f10-AllTraffic-20260101000000')).toBe(false);
    expect(followsNaming('f1', 'f1-AllTraffic-20260101000000')).toBe(true);
    expect(followsNaming('f1', 'f1-2026010100000')).toBe(false);
  });
});

describe('SageMakerResourceFinder through the run inventory', () => {
  let sm: FakeSageMaker;
  beforeEach(() => {
    sm = new FakeSageMaker();
    for (const stack of ['f1', 'f10', 'f11']) sm.seed(stack, { tags: managed(stack) });
  });

  const find = (stack: string, inventory = new RunInventory(sm)) => new SageMakerResourceFinder(withInventory(sm, inventory)).find(stack);

  it("reads the stack's tags from one inventory request, never another stack's (f1 beside f10 and f11)", async () => {
    const found = await find('f1');
    expect(found.map((r) => `${r.kind} ${r.name}`).sort()).toEqual(['endpoint f1', 'endpoint-config f1-20261101000000', 'model f1-AllTraffic-20261101000000']);
    expect(found.every((r) => r.managed)).toBe(true);
    expect(sm.methods().filter((m) => m === 'listTags')).toEqual([]);
    expect(sm.methods().filter((m) => m === 'stackResources')).toHaveLength(1);
  });

  it('finds a config and model the tagging API does not show yet (it lags a new resource) by their names, reading only their tags', async () => {
    sm.seed('f1', { tags: managed('f1'), suffix: '20261102000000' });
    const fresh = [arnOf('endpoint-config', 'f1-20261102000000'), arnOf('model', 'f1-AllTraffic-20261102000000'), arnOf('endpoint', 'f1')];
    for (const arn of fresh) sm.taggingLag.add(arn);
    const found = await find('f1');
    expect(found.map((r) => r.name).sort()).toEqual([
      'f1',
      'f1-20261101000000',
      'f1-20261102000000',
      'f1-AllTraffic-20261101000000',
      'f1-AllTraffic-20261102000000',
    ]);
    // Exactly the three the inventory missed, and nothing of f10 or f11.
    expect(
      sm.calls
        .filter((c) => c.method === 'listTags')
        .map((c) => c.args[0])
        .sort(),
    ).toEqual([...fresh].sort());
  });

  it('an endpoint with the stack name but not its tags is found (to be refused), read by name', async () => {
    sm.seed('bare', { tags: {} });
    const found = await find('bare');
    expect(found).toEqual([expect.objectContaining({ kind: 'endpoint', name: 'bare', managed: false })]);
  });

  it("without a tagging API to ask (or one that refuses), reads each candidate's tags as before", async () => {
    const refusing = {
      stackResources: () => Promise.reject(new Error('not authorized to perform tag:GetResources')),
      managedResources: () => Promise.resolve([]),
    };
    const found = await find('f1', new RunInventory(refusing));
    expect(found).toHaveLength(3);
    expect(sm.methods().filter((m) => m === 'listTags').length).toBeGreaterThanOrEqual(3);
  });
});

describe('withInventory', () => {
  let sm: FakeSageMaker;
  beforeEach(() => {
    sm = new FakeSageMaker();
    sm.seed('churn', { tags: managed('churn') });
  });

  it('answers a narrower listing from a wider one, and describes a config or model once', async () => {
    const wrapped = withInventory(sm, new RunInventory(sm, 'churn'));
    await wrapped.listEndpointConfigs('chu');
    expect((await wrapped.listEndpointConfigs('churn-2026')).map((c) => c.name)).toEqual(['churn-20261101000000']);
    await wrapped.describeEndpointConfig('churn-20261101000000');
    await wrapped.describeEndpointConfig('churn-20261101000000');
    expect(sm.methods()).toEqual(['listEndpointConfigs', 'describeEndpointConfig']);
  });

  it('what the run creates, tags and deletes joins what it read, with no request', async () => {
    const wrapped = withInventory(sm, new RunInventory(sm, 'churn'));
    expect(await wrapped.listModels('churn')).toHaveLength(1);
    const spec = { name: 'churn-AllTraffic-20261102000000', image: 'img:2', executionRoleArn: 'r' };
    const arn = await wrapped.createModel(spec, managed('churn'));
    await wrapped.addTags(arn, { extra: 'x' });
    expect((await wrapped.listModels('churn')).map((m) => m.name).sort()).toEqual(['churn-AllTraffic-20261101000000', spec.name]);
    expect(await wrapped.listTags(arn)).toEqual({ ...managed('churn'), extra: 'x' });
    await wrapped.deleteModel(spec.name);
    expect((await wrapped.listModels('churn')).map((m) => m.name)).toEqual(['churn-AllTraffic-20261101000000']);
    expect(sm.methods()).toEqual(['listModels', 'createModel', 'addTags', 'stackResources', 'deleteModel']);
  });

  it('describes again after a delete: a later create of the same name is a new resource', async () => {
    const wrapped = withInventory(sm, new RunInventory(sm, 'churn'));
    await wrapped.describeModel('churn-AllTraffic-20261101000000');
    await wrapped.deleteModel('churn-AllTraffic-20261101000000');
    expect(await wrapped.describeModel('churn-AllTraffic-20261101000000')).toBeUndefined();
    expect(sm.methods().filter((m) => m === 'describeModel')).toHaveLength(2);
  });
});
