import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assumedRole, fleetExitCode, forEachTarget, resolveTargets, type TargetServices } from '../../../../src/commands/fleet/run.js';
import { fleetStatus, renderFleetStatus } from '../../../../src/commands/fleet/status.js';
import { fleetTeardown, fleetTeardownExitCode, renderFleetTeardown } from '../../../../src/commands/fleet/teardown.js';
import type { ClientOptions } from '../../../../src/core/clients.js';
import { AwsRequestError, ExitCode, UsageError } from '../../../../src/core/errors.js';
import { FakeSageMaker } from '../../helpers/fake-sagemaker.js';
import { testContext, type TestContext } from '../../helpers/context.js';
import type { TeardownFactory } from '../../../../src/commands/teardown/index.js';

const managed = (stack: string): Record<string, string> => ({ 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl' });
const denied = (what: string) => new AwsRequestError('AssumeRole', 'AccessDenied', what);

let ctx: TestContext;
beforeEach(() => {
  ctx = testContext();
});

/** A fleet of fake accounts and regions: each (account, region) its own FakeSageMaker, reached only with the account's credentials. */
function fakeFleet(accounts: string[], regions: string[], refuse: string[] = []) {
  const worlds = new Map<string, FakeSageMaker>();
  for (const a of accounts) for (const r of regions) worlds.set(`${a}/${r}`, new FakeSageMaker());
  const assumed: string[] = [];
  const accountOf = (o: ClientOptions): Promise<string> => (o.credentials ? o.credentials().then((c) => c.accessKeyId) : Promise.resolve('000000000000'));
  const targetServices: TargetServices = {
    sts: () =>
      Promise.resolve({
        callerAccount: () => Promise.resolve('000000000000'),
        assumeRole: (arn: string) => {
          assumed.push(arn);
          const account = /iam::(\d+):/.exec(arn)![1]!;
          return refuse.includes(account)
            ? Promise.reject(denied(`sts:AssumeRole on ${arn}`))
            : Promise.resolve({ accessKeyId: account, secretAccessKey: 's' });
        },
      }),
    organizations: () => Promise.resolve({ activeAccounts: () => Promise.resolve(accounts) }),
    regions: () => Promise.resolve({ enabledRegions: () => Promise.resolve(regions) }),
  };
  const world = async (o: ClientOptions): Promise<FakeSageMaker> => worlds.get(`${await accountOf(o)}/${o.region}`)!;
  const metricsCalls: string[] = [];
  const factoryFor = (o: ClientOptions) =>
    ({
      sagemaker: () => world(o),
      tagging: () => world(o),
      registry: () => Promise.reject(new Error('no registry')),
      metrics: () =>
        Promise.resolve({
          invocationsByEndpoint: (variants: readonly { endpoint: string }[]) => {
            metricsCalls.push(`${o.region}`);
            return Promise.resolve(new Map(variants.map((v) => [v.endpoint, v.endpoint.startsWith('busy') ? 3 : 0])));
          },
        }),
      apigateway: () =>
        Promise.resolve({ listRestApis: () => Promise.resolve([]), listUsagePlans: () => Promise.resolve([]), listApiKeys: () => Promise.resolve([]) }),
      lambda: () => Promise.resolve({ getFunction: () => Promise.resolve(undefined) }),
      logs: () => Promise.resolve({ describeLogGroup: () => Promise.resolve(undefined) }),
      iam: () => Promise.resolve({ getRole: () => Promise.resolve(undefined), listRoles: () => Promise.resolve([]) }),
      autoscaling: () => Promise.resolve({ registeredVariants: () => Promise.resolve([]), registeredVariantsByEndpoint: () => Promise.resolve(new Map()) }),
    }) as unknown as TeardownFactory & Parameters<typeof fleetStatus>[3] & object;
  return { worlds, assumed, targetServices, factoryFor, metricsCalls };
}

describe('fleet over accounts and regions', () => {
  it('status lists every (account, region) grouped; an account whose role cannot be assumed is reported, the rest done, exit 3', async () => {
    const fleet = fakeFleet(['111111111111', '222222222222', '333333333333'], ['us-east-1', 'eu-west-1'], ['333333333333']);
    fleet.worlds.get('111111111111/us-east-1')!.seed('a1', { tags: managed('a1') });
    fleet.worlds.get('222222222222/eu-west-1')!.seed('b2', { tags: managed('b2') });
    const spec = { regions: ['us-east-1', 'eu-west-1'], accounts: ['111111111111', '222222222222', '333333333333'], assumeRole: 'fleet', concurrency: 3 };
    const result = await fleetStatus(ctx, spec, {}, fleet.factoryFor, fleet.targetServices);
    expect(result.targets.map((t) => [t.account, t.region, t.result?.stacks.map((s) => s.stack) ?? t.error])).toEqual([
      ['333333333333', '*', expect.stringContaining('could not assume role fleet: AssumeRole was refused (AccessDenied)') as unknown],
      ['111111111111', 'eu-west-1', []],
      ['111111111111', 'us-east-1', ['a1']],
      ['222222222222', 'eu-west-1', ['b2']],
      ['222222222222', 'us-east-1', []],
    ]);
    expect(result.summary).toEqual({ targets: 5, failed: 1, stacks: 2, paused: 0 });
    expect(fleet.assumed).toEqual(expect.arrayContaining(['arn:aws:iam::111111111111:role/fleet', 'arn:aws:iam::333333333333:role/fleet']));
    expect(fleetExitCode(result.targets)).toBe(ExitCode.AwsRefused);
    const text = renderFleetStatus(result, ctx.clock.now());
    expect(text).toContain('== account 111111111111, us-east-1 ==\na1  InService');
    expect(text).toContain('== account 333333333333, every region ==\ncould not be read');
  });

  it('bulk teardown --idle deletes exactly the idle managed stacks in every target, one metrics batch per target', async () => {
    const fleet = fakeFleet(['111111111111', '222222222222'], ['us-east-1', 'eu-west-1']);
    for (const w of fleet.worlds.values()) {
      w.seed('idle-x', { tags: managed('idle-x') });
      w.seed('busy-y', { tags: managed('busy-y') });
      w.seed('guard-z', { tags: { ...managed('guard-z'), 'sagectl:protect': 'true' } });
      w.seed('hand', { tags: { team: 'ml' } });
    }
    const spec = { regions: 'all' as const, accounts: 'organization' as const, assumeRole: 'fleet', concurrency: 2 };
    const criteria = { stacks: [], all: false, tags: {}, idleMs: 86_400_000 };
    const result = await fleetTeardown(ctx, spec, { criteria, yes: true, dryRun: false, force: false, concurrency: 4 }, fleet.factoryFor, fleet.targetServices);
    expect(result.summary).toMatchObject({ targets: 4, failed: 0, stacks: 4, resourcesFailed: 0 });
    // Each stack stands alone: a stack that could not be read would show only in its own report.
    expect(result.targets.map((t) => t.result?.summary.stacksFailed)).toEqual([0, 0, 0, 0]);
    for (const w of fleet.worlds.values()) expect([...w.endpoints.keys()].sort()).toEqual(['busy-y', 'guard-z', 'hand']);
    expect(fleet.metricsCalls.sort()).toEqual(['eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1']);
    expect(fleetTeardownExitCode(result)).toBe(ExitCode.Ok);
    expect(renderFleetTeardown(result)).toContain('4 stacks selected in 4 of 4 (account, region) pairs');
  });

  it('teardown across targets needs --yes (or --dry-run) and a bulk selection, refused before any request', async () => {
    const fleet = fakeFleet(['111111111111'], ['us-east-1']);
    const spec = { regions: ['us-east-1'], concurrency: 1 };
    const opts = { yes: false, dryRun: false, force: false, concurrency: 1 };
    await expect(
      fleetTeardown(ctx, spec, { ...opts, criteria: { stacks: [], all: true, tags: {} } }, fleet.factoryFor, fleet.targetServices),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      fleetTeardown(ctx, spec, { ...opts, yes: true, criteria: { stacks: ['a'], all: false, tags: {} } }, fleet.factoryFor, fleet.targetServices),
    ).rejects.toThrow(/not by name/);
    expect(fleet.assumed).toEqual([]);
  });

  it('never runs more targets at once than the bound, and reports each one (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.boolean(), { maxLength: 30 }), async (n, bound, fails) => {
        let running = 0;
        let peak = 0;
        const targets = Array.from({ length: n }, (_, i) => ({
          account: String(i).padStart(12, '0'),
          region: 'us-east-1',
          clientOptions: { logger: ctx.logger },
        }));
        const reports = await forEachTarget(ctx, targets, bound, async (t) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 0));
          running--;
          if (fails[Number(t.account)]) throw denied(t.account);
          return t.account;
        });
        expect(peak).toBeLessThanOrEqual(bound);
        expect(reports.map((r) => r.account)).toEqual(targets.map((t) => t.account));
        expect(reports.filter((r) => r.error !== undefined).length).toBe(targets.filter((t) => fails[Number(t.account)]).length);
      }),
      { numRuns: 30 },
    );
  });

  it('assumed credentials are reused until close to expiry, then assumed again', async () => {
    let calls = 0;
    const sts = {
      assumeRole: () => Promise.resolve({ accessKeyId: `k${++calls}`, secretAccessKey: 's', expiration: new Date(ctx.clock.now().getTime() + 3_600_000) }),
    };
    const provider = assumedRole(sts, 'arn:aws:iam::111111111111:role/r', () => ctx.clock.now());
    expect((await provider()).accessKeyId).toBe('k1');
    ctx.clock.advance(50 * 60_000);
    expect((await provider()).accessKeyId).toBe('k1');
    ctx.clock.advance(6 * 60_000);
    expect((await provider()).accessKeyId).toBe('k2');
  });

  it('with no account flags, works in the caller’s account only, assuming nothing', async () => {
    const fleet = fakeFleet(['000000000000'], ['us-east-1', 'eu-west-1']);
    const { targets, refused } = await resolveTargets(ctx, { regions: ['us-east-1', 'eu-west-1'], concurrency: 2 }, fleet.targetServices);
    expect(targets.map((t) => [t.account, t.region, t.clientOptions.credentials])).toEqual([
      ['000000000000', 'eu-west-1', undefined],
      ['000000000000', 'us-east-1', undefined],
    ]);
    expect(refused).toEqual([]);
    expect(fleet.assumed).toEqual([]);
  });
});
