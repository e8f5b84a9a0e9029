import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deploy } from '../../../../src/commands/deploy/index.js';
import { updateEndpoint } from '../../../../src/commands/update-endpoint/index.js';
import type { UpdateAction, UpdateEndpointOptions } from '../../../../src/commands/update-endpoint/types.js';
import type { Config } from '../../../../src/core/schema.js';
import { AwsRequestError, ExitCode, ResourceFailedError, UsageError, type SagectlError } from '../../../../src/core/errors.js';
import { isManaged } from '../../../../src/core/tags.js';
import { FakeSageMaker, Killed } from '../../helpers/fake-sagemaker.js';
import { FakeScaling } from '../../helpers/fake-scaling.js';
import { testContext, type TestContext } from '../../helpers/context.js';

/**
 * A model-based test of the endpoint's lifecycle (issue 12): random sequences of deploy (with or
 * without `endpoint.autoscaling`), update-endpoint (new model, --keep, --rollback, --add-variant,
 * --weights, --promote), updates SageMaker rolls back and requests AWS refuses (CreateEndpointConfig,
 * and UpdateEndpoint inside a rollout), run against the stateful SageMaker fake and against a
 * model that knows only which configs served, in which order. After every step the endpoint runs
 * the config the model expects, exactly the live and kept configs (and the models they use)
 * exist, everything carries the stack's tags, and no scalable target is left on a variant the
 * endpoint no longer has.
 */

const STACK = 'churn';
const ROLE = 'arn:aws:iam::123456789012:role/R';
const USER_TAGS = { team: 'ml' };
/** Previous configs `deploy` keeps for `--rollback` (it has no --keep flag). */
const DEPLOY_KEEP = 1;

const artifact = (k: number | string): string => `s3://b/v${k}.tar.gz`;
const SCALING = { min: 1, max: 3, invocationsPerInstance: 100 };
const configFor = (k: number, scaled = false): Config => ({
  name: STACK,
  role: ROLE,
  tags: USER_TAGS,
  model: { image: 'img:1', modelData: artifact(k) },
  endpoint: { instanceType: 'ml.m5.large', instanceCount: 1, ...(scaled ? { autoscaling: SCALING } : {}) },
});

/** An identical deploy changes nothing in SageMaker; it may still repair (or turn off) autoscaling. */
const UNCHANGED = ['unchanged', 'repaired'];

interface VariantShape {
  name: string;
  artifact: string;
  weight: number;
}

interface Model {
  /** The config the endpoint runs. */
  live: string;
  /** The configs that must exist (the live one and those kept), with their variants. */
  configs: Map<string, VariantShape[]>;
  /** Every config that went live, in order (repeats included). */
  served: string[];
  /** The live variants' weights now (`--weights` changes them in place). */
  weights: Map<string, number>;
  /** The artifact of the last deploy's config (what an identical deploy must not change). */
  deployed: number;
  /**
   * Set when a run was killed after its switch: its cleanup may have stopped half-way, so configs
   * that served may or may not still exist (and their models); the next cleanup removes them.
   */
  interrupted: boolean;
  /** Models seen in a config that served: the only ones an interrupted cleanup may leave unused. */
  servedModels: Set<string>;
}

interface Real {
  sm: FakeSageMaker;
  scaling: FakeScaling;
  ctx: TestContext;
}

const liveShape = (m: Model): VariantShape[] => m.configs.get(m.live)!.map((v) => ({ ...v, weight: m.weights.get(v.name) ?? v.weight }));

/** Configs that served before the live one and still exist, most recent first. */
function servedBefore(m: Model, live: string = m.live): string[] {
  const seen = new Set<string>([live]);
  const out: string[] = [];
  for (const name of [...m.served].reverse()) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (m.configs.has(name)) out.push(name);
  }
  return out;
}

/** The model after `next` went live and the stack was pruned keeping `keep` previous configs. */
function wentLive(m: Model, next: string, shape: VariantShape[], keep: number): void {
  m.configs.set(next, shape);
  m.served.push(next);
  const kept = servedBefore(m, next).slice(0, keep);
  for (const name of [...m.configs.keys()]) if (name !== next && !kept.includes(name)) m.configs.delete(name);
  m.live = next;
  m.weights = new Map(shape.map((v) => [v.name, v.weight]));
  m.interrupted = false;
}

/** The model after a run switched to `next` and was killed before (or during) its cleanup: nothing is known removed. */
function wentLiveUncleaned(m: Model, next: string, shape: VariantShape[]): void {
  m.configs.set(next, shape);
  m.served.push(next);
  m.live = next;
  m.weights = new Map(shape.map((v) => [v.name, v.weight]));
  m.interrupted = true;
}

/** One context per run (a logger is costly to build), with the config of the step. */
function context(real: Real, config: Config = configFor(0)): TestContext {
  return { ...real.ctx, config };
}

const base = { recreate: false, wait: true, timeoutMs: 3_600_000, dryRun: false } as const;

function update(real: Real, action: UpdateAction, options: Partial<UpdateEndpointOptions> = {}) {
  return updateEndpoint(context(real), { sagemaker: real.sm, scaling: real.scaling }, { action, keep: 1, ...base, ...options });
}

/** Runs `body`, expecting the error class; returns the mutating calls it made. */
async function refused(real: Real, kind: new (...args: never[]) => Error, body: () => Promise<unknown>): Promise<string[]> {
  const before = real.sm.calls.length;
  await expect(body()).rejects.toBeInstanceOf(kind);
  return real.sm.calls
    .slice(before)
    .filter((c) => /^(create|update|delete|addTags)/.test(c.method))
    .map((c) => c.method);
}

/** The invariants checked after every step. */
function verify(m: Model, real: Real): void {
  const { sm } = real;
  const endpoint = sm.endpoints.get(STACK)!;
  expect(endpoint.status).toBe('InService');
  expect(endpoint.configName, 'the endpoint runs the expected config').toBe(m.live);
  const used = new Set([...sm.configs.values()].flatMap((c) => c.variants.map((v) => v.modelName)));
  if (!m.interrupted) {
    expect([...sm.configs.keys()].sort(), 'exactly the live and kept configs exist').toEqual([...m.configs.keys()].sort());
    expect([...sm.models.keys()].sort(), 'exactly the models of those configs exist').toEqual([...used].sort());
  } else {
    // After a kill: every config is one that served (no leftover, no duplicate), every model is a
    // config's or a served config's whose cleanup was cut short; the model learns which are left.
    for (const name of sm.configs.keys()) expect(m.configs.has(name), `config ${name} is one the endpoint served`).toBe(true);
    for (const name of sm.models.keys()) expect(used.has(name) || m.servedModels.has(name), `model ${name} is used or served`).toBe(true);
    for (const name of [...m.configs.keys()]) if (!sm.configs.has(name)) m.configs.delete(name);
  }
  for (const name of used) m.servedModels.add(name);
  for (const [name, shape] of m.configs) {
    const config = sm.configs.get(name)!;
    const actual = config.variants.map((v) => ({
      name: v.variantName,
      artifact: sm.models.get(v.modelName)!.modelDataUrl!,
      weight: v.initialVariantWeight ?? 1,
    }));
    expect(actual, `config ${name} has the expected variants`).toEqual(shape);
  }
  const variants = new Set(sm.configs.get(endpoint.configName)!.variants.map((v) => v.variantName));
  for (const target of real.scaling.targets.keys())
    expect(variants.has(target.slice(STACK.length + 1)), `scalable target ${target} is a variant the endpoint has`).toBe(true);
  for (const [arn, tags] of sm.tags) {
    if (arn.endsWith(`endpoint/${STACK}`) || [...sm.configs.values()].some((c) => c.arn === arn) || [...sm.models.values()].some((x) => x.arn === arn)) {
      expect(isManaged(tags, STACK) && tags.team === 'ml', `${arn} carries the stack's tags`).toBe(true);
    }
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

class Deploy implements Cmd {
  constructor(
    readonly k: number,
    readonly again: boolean,
    readonly scaled: boolean,
  ) {}
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    const want: VariantShape[] = [{ name: 'AllTraffic', artifact: artifact(this.k), weight: 1 }];
    const unchanged = JSON.stringify(m.configs.get(m.live)) === JSON.stringify(want);
    const before = real.sm.mutatingCalls().length;
    const config = configFor(this.k, this.scaled);
    const result = await deploy(context(real, config), real.sm, { wait: true, timeoutMs: 3_600_000, dryRun: false }, real.scaling);
    // Autoscaling is what the config declares: registered on the one variant, or (sagectl's) turned off.
    expect([...real.scaling.targets.keys()], 'the scalable targets follow endpoint.autoscaling').toEqual(this.scaled ? [`${STACK}/AllTraffic`] : []);
    if (unchanged) {
      expect(UNCHANGED).toContain(result.outcome);
      expect(real.sm.mutatingCalls().length).toBe(before);
    } else {
      expect(result.outcome).toBe('updated');
      wentLive(m, result.endpoint.configName, want, DEPLOY_KEEP);
    }
    m.deployed = this.k;
    verify(m, real);
    if (this.again) {
      const calls = real.sm.mutatingCalls().length;
      const second = await deploy(context(real, config), real.sm, { wait: true, timeoutMs: 3_600_000, dryRun: false }, real.scaling);
      expect(second.outcome, 'an identical deploy changes nothing').toBe('unchanged');
      expect(real.sm.mutatingCalls().length).toBe(calls);
    }
  }
  toString = (): string => `deploy v${this.k}${this.scaled ? ' with autoscaling' : ''}${this.again ? ' (twice)' : ''}`;
}

/** The variant a new model goes to: the only one, else AllTraffic, else the first. */
function targetVariant(m: Model): string {
  const shape = m.configs.get(m.live)!;
  return (shape.find((v) => v.name === 'AllTraffic') ?? shape[0]!).name;
}

class NewModel implements Cmd {
  constructor(
    readonly k: number,
    readonly keep: number,
  ) {}
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    const variant = targetVariant(m);
    const current = liveShape(m);
    const unchanged = current.find((v) => v.name === variant)!.artifact === artifact(this.k);
    const result = await update(real, { kind: 'new-model', source: { modelData: artifact(this.k) }, variant }, { keep: this.keep });
    if (unchanged) expect(result.outcome).toBe('unchanged');
    else
      wentLive(
        m,
        result.endpoint.configName,
        current.map((v) => (v.name === variant ? { ...v, artifact: artifact(this.k) } : v)),
        this.keep,
      );
    verify(m, real);
  }
  toString = (): string => `update-endpoint --model-data v${this.k} --keep ${this.keep}`;
}

class Rollback implements Cmd {
  constructor(readonly keep: number) {}
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    const [target] = servedBefore(m);
    if (target === undefined) {
      expect(await refused(real, UsageError, () => update(real, { kind: 'rollback' }, { keep: this.keep }))).toEqual([]);
    } else {
      const result = await update(real, { kind: 'rollback' }, { keep: this.keep });
      expect(result.endpoint.configName, 'a rollback returns to the config that served before').toBe(target);
      wentLive(m, target, m.configs.get(target)!, this.keep);
    }
    verify(m, real);
  }
  toString = (): string => `update-endpoint --rollback --keep ${this.keep}`;
}

/** `--rollback --to-config NAME`: the n-th config that served before the live one, or one the stack does not keep. */
class RollbackTo implements Cmd {
  constructor(
    readonly n: number,
    readonly keep: number,
  ) {}
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    const target = servedBefore(m)[this.n];
    if (target === undefined) {
      const action: UpdateAction = { kind: 'rollback', toConfig: `${STACK}-20200101000000` };
      expect(await refused(real, UsageError, () => update(real, action, { keep: this.keep }))).toEqual([]);
    } else {
      const result = await update(real, { kind: 'rollback', toConfig: target }, { keep: this.keep });
      expect(result.endpoint.configName).toBe(target);
      wentLive(m, target, m.configs.get(target)!, this.keep);
    }
    verify(m, real);
  }
  toString = (): string => `update-endpoint --rollback --to-config <served ${this.n + 1} before> --keep ${this.keep}`;
}

class AddVariant implements Cmd {
  constructor(
    readonly name: string,
    readonly weight: number,
    readonly k: number,
    readonly keep: number,
  ) {}
  check = (m: Model): boolean => m.configs.get(m.live)!.length < 3;
  async run(m: Model, real: Real): Promise<void> {
    const action: UpdateAction = { kind: 'add-variant', source: { modelData: artifact(this.k) }, name: this.name, weight: this.weight };
    if (m.configs.get(m.live)!.some((v) => v.name === this.name)) {
      expect(await refused(real, UsageError, () => update(real, action, { keep: this.keep }))).toEqual([]);
    } else {
      const result = await update(real, action, { keep: this.keep });
      wentLive(m, result.endpoint.configName, [...liveShape(m), { name: this.name, artifact: artifact(this.k), weight: this.weight }], this.keep);
    }
    verify(m, real);
  }
  toString = (): string => `update-endpoint --add-variant ${this.name} --weight ${this.weight} --model-data v${this.k} --keep ${this.keep}`;
}

class Weights implements Cmd {
  constructor(readonly weights: number[]) {}
  check = (m: Model): boolean => m.configs.get(m.live)!.length > 1;
  async run(m: Model, real: Real): Promise<void> {
    const names = m.configs.get(m.live)!.map((v) => v.name);
    const weights = new Map(names.map((n, i) => [n, this.weights[i % this.weights.length]!]));
    if ([...weights.values()].every((w) => w === 0)) weights.set(names[0]!, 1);
    const before = real.sm.mutatingCalls().length;
    await update(real, { kind: 'traffic', weights });
    expect(real.sm.mutatingCalls().slice(before), '--weights changes no config').toEqual(['updateWeightsAndCapacities']);
    m.weights = weights;
    verify(m, real);
  }
  toString = (): string => `update-endpoint --weights ${this.weights.join('/')}`;
}

class Promote implements Cmd {
  constructor(
    readonly name: string,
    readonly keep: number,
  ) {}
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    const shape = liveShape(m);
    const winner = shape.find((v) => v.name === this.name);
    const action: UpdateAction = { kind: 'promote', name: this.name };
    if (!winner) {
      expect(await refused(real, UsageError, () => update(real, action, { keep: this.keep }))).toEqual([]);
    } else if (shape.length === 1) {
      expect((await update(real, action, { keep: this.keep })).outcome).toBe('unchanged');
    } else {
      const result = await update(real, action, { keep: this.keep });
      wentLive(m, result.endpoint.configName, [{ ...winner, weight: 1 }], this.keep);
    }
    verify(m, real);
  }
  toString = (): string => `update-endpoint --promote ${this.name} --keep ${this.keep}`;
}

/** An update SageMaker rolls back: the new fleet fails its health check, or a rollback alarm fires during a canary. */
class RolledBackUpdate implements Cmd {
  constructor(readonly alarm: boolean) {}
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    real.sm.nextOutcome = 'RollBack';
    try {
      const deployment = this.alarm ? { strategy: 'canary' as const, size: { unit: 'percent' as const, value: 10 }, rollbackAlarms: ['churn-5xx'] } : undefined;
      await expect(
        update(real, { kind: 'new-model', source: { modelData: artifact('bad') }, variant: targetVariant(m) }, deployment ? { deployment } : {}),
      ).rejects.toBeInstanceOf(ResourceFailedError);
    } finally {
      real.sm.nextOutcome = 'InService';
    }
    verify(m, real);
  }
  toString = (): string => `update-endpoint --model-data bad (rolled back${this.alarm ? ' by an alarm' : ''})`;
}

/** An update AWS refuses at CreateEndpointConfig: nothing it created may stay behind. */
class RefusedUpdate implements Cmd {
  check = (): boolean => true;
  async run(m: Model, real: Real): Promise<void> {
    real.sm.failing.set('createEndpointConfig', Object.assign(new Error('ValidationException: refused'), { name: 'ValidationException' }));
    try {
      await expect(update(real, { kind: 'new-model', source: { modelData: artifact('refused') }, variant: targetVariant(m) })).rejects.toThrow(/refused/);
    } finally {
      real.sm.failing.delete('createEndpointConfig');
    }
    verify(m, real);
  }
  toString = (): string => 'update-endpoint --model-data refused (CreateEndpointConfig refused)';
}

/**
 * A change whose UpdateEndpoint AWS refuses (a limit, a validation SageMaker makes only then):
 * exit 3, the endpoint on what it ran, and nothing the run created left (verify checks that
 * exactly the live and kept configs and their models exist). Either deploy of a new spec or
 * update-endpoint (new model with a canary, --add-variant, --promote).
 */
class RefusedSwitch implements Cmd {
  constructor(
    readonly kind: 'deploy' | 'new-model' | 'add-variant' | 'promote',
    readonly k: number,
    readonly code: string,
  ) {}
  check = (m: Model): boolean => {
    const n = m.configs.get(m.live)!.length;
    return this.kind === 'promote' ? n > 1 : this.kind === 'add-variant' ? n < 3 : true;
  };
  async run(m: Model, real: Real): Promise<void> {
    const shape = liveShape(m);
    const variant = targetVariant(m);
    const fresh = ['green', 'blue'].find((n) => !shape.some((v) => v.name === n))!;
    const winner = shape[shape.length - 1]!.name;
    const noop =
      (this.kind === 'deploy' && JSON.stringify(m.configs.get(m.live)) === JSON.stringify([{ name: 'AllTraffic', artifact: artifact(this.k), weight: 1 }])) ||
      (this.kind === 'new-model' && shape.find((v) => v.name === variant)!.artifact === artifact(this.k));
    const canary = { strategy: 'canary' as const, size: { unit: 'percent' as const, value: 10 } };
    const body = (): Promise<{ outcome: string }> => {
      if (this.kind === 'deploy') return deploy(context(real, configFor(this.k)), real.sm, { wait: true, timeoutMs: 3_600_000, dryRun: false }, real.scaling);
      if (this.kind === 'new-model') return update(real, { kind: 'new-model', source: { modelData: artifact(this.k) }, variant }, { deployment: canary });
      if (this.kind === 'add-variant') return update(real, { kind: 'add-variant', source: { modelData: artifact(this.k) }, name: fresh, weight: 0.1 });
      return update(real, { kind: 'promote', name: winner });
    };
    real.sm.failing.set('updateEndpoint', new AwsRequestError('UpdateEndpoint', this.code, 'refused'));
    let error: SagectlError | undefined;
    try {
      if (noop) expect(UNCHANGED).toContain((await body()).outcome);
      else
        error = (await body().then(
          () => expect.fail('UpdateEndpoint was refused: the run must fail'),
          (e: unknown) => e,
        )) as SagectlError;
    } finally {
      real.sm.failing.delete('updateEndpoint');
    }
    // --promote sends all traffic to the winner first, in place (its own request, accepted): that stands.
    if (this.kind === 'promote') m.weights = new Map(shape.map((v) => [v.name, v.name === winner ? 1 : 0]));
    const live = m.live;
    verify(m, real);
    if (error) {
      expect(error.exitCode).toBe(ExitCode.AwsRefused);
      expect(error.message).toContain(`still runs ${live}`);
    }
  }
  toString = (): string =>
    `${this.kind === 'deploy' ? `deploy v${this.k}` : `update-endpoint (${this.kind} v${this.k})`} with UpdateEndpoint refused (${this.code})`;
}

/**
 * A command killed (kill -9) after `changes` of its changes reached SageMaker, then run again in
 * full: the re-run adopts what the killed run left before its switch (no second model or config),
 * or finds the switch made and changes nothing; either way the endpoint ends on the asked spec.
 */
class KilledThenRerun implements Cmd {
  constructor(
    readonly kind: 'deploy' | 'new-model' | 'promote',
    readonly k: number,
    readonly changes: number,
    readonly keep: number,
  ) {}
  check = (m: Model): boolean => this.kind !== 'promote' || m.configs.get(m.live)!.length > 1;
  private target(
    m: Model,
    r: Real,
  ): { shape: VariantShape[]; keep: number; run: () => Promise<{ outcome: string; endpoint: { configName: string } }> } | undefined {
    const current = liveShape(m);
    if (this.kind === 'deploy') {
      const shape = [{ name: 'AllTraffic', artifact: artifact(this.k), weight: 1 }];
      return {
        shape,
        keep: DEPLOY_KEEP,
        run: () => deploy(context(r, configFor(this.k)), r.sm, { wait: true, timeoutMs: 3_600_000, dryRun: false }, r.scaling),
      };
    }
    if (this.kind === 'new-model') {
      const variant = targetVariant(m);
      if (current.find((v) => v.name === variant)!.artifact === artifact(this.k)) return undefined;
      return {
        shape: current.map((v) => (v.name === variant ? { ...v, artifact: artifact(this.k) } : v)),
        keep: this.keep,
        run: () => update(r, { kind: 'new-model', source: { modelData: artifact(this.k) }, variant }, { keep: this.keep }),
      };
    }
    const winner = current.find((v) => v.name === 'AllTraffic') ?? current[current.length - 1]!;
    return {
      shape: [{ ...winner, weight: 1 }],
      keep: this.keep,
      run: () => update(r, { kind: 'promote', name: winner.name }, { keep: this.keep }),
    };
  }
  async run(m: Model, r: Real): Promise<void> {
    const target = this.target(m, r);
    const unchanged = !target || JSON.stringify(liveShape(m)) === JSON.stringify(target.shape);
    if (!target) return;
    r.sm.killAfterChanges = this.changes;
    try {
      await target.run();
    } catch (error) {
      if (!(error instanceof Killed)) throw error;
    }
    const killed = r.sm.wasKilled();
    r.sm.revive();
    const before = r.sm.calls.length;
    const result = await target.run();
    const creates = r.sm.calls.slice(before).filter((c) => c.method === 'createModel' || c.method === 'createEndpointConfig').length;
    if (killed && result.outcome === 'updated') {
      // The re-run switched: whatever the killed run made before its switch was adopted, not made again.
      const made = new Set(
        r.sm.calls
          .slice(0, before)
          .filter((c) => c.method === 'createEndpointConfig')
          .map((c) => c.args[0] as string),
      );
      if (made.size > 0 && !made.has(result.endpoint.configName)) expect(creates, 'a config the killed run made is adopted').toBeGreaterThan(0);
    }
    if (unchanged) expect(UNCHANGED).toContain(result.outcome);
    else if (!killed) {
      // The first run finished: the second is an identical one.
      expect(UNCHANGED).toContain(result.outcome);
      wentLive(m, result.endpoint.configName, target.shape, target.keep);
    } else if (result.outcome === 'updated') wentLive(m, result.endpoint.configName, target.shape, target.keep);
    else {
      expect(UNCHANGED, 'the killed run had switched: nothing left to do').toContain(result.outcome);
      wentLiveUncleaned(m, result.endpoint.configName, target.shape);
    }
    verify(m, r);
  }
  toString = (): string =>
    `kill -9 after ${this.changes} changes, then again: ${this.kind === 'deploy' ? `deploy v${this.k}` : this.kind === 'new-model' ? `update-endpoint --model-data v${this.k}` : 'update-endpoint --promote'} --keep ${this.keep}`;
}

const keep = fc.integer({ min: 0, max: 3 });
const k = fc.integer({ min: 0, max: 3 });
const variantName = fc.constantFrom('AllTraffic', 'green', 'blue');
const lifecycleCommands = [
  fc.tuple(k, fc.boolean(), fc.boolean()).map(([v, again, scaled]) => new Deploy(v, again, scaled)),
  fc.tuple(k, keep).map(([v, n]) => new NewModel(v, n)),
  keep.map((n) => new Rollback(n)),
  fc.tuple(fc.integer({ min: 0, max: 3 }), keep).map(([n, k]) => new RollbackTo(n, k)),
  fc.tuple(fc.constantFrom('green', 'blue'), fc.constantFrom(0.1, 0.5), k, keep).map(([name, w, v, n]) => new AddVariant(name, w, v, n)),
  fc.array(fc.constantFrom(0, 0.5, 1), { minLength: 1, maxLength: 3 }).map((ws) => new Weights(ws)),
  fc.tuple(variantName, keep).map(([name, n]) => new Promote(name, n)),
  fc.boolean().map((alarm) => new RolledBackUpdate(alarm)),
  fc.constant(new RefusedUpdate()),
  fc
    .tuple(
      fc.constantFrom('deploy' as const, 'new-model' as const, 'add-variant' as const, 'promote' as const),
      k,
      fc.constantFrom('ValidationException', 'ResourceLimitExceeded'),
    )
    .map(([kind, v, code]) => new RefusedSwitch(kind, v, code)),
  fc
    .tuple(fc.constantFrom('deploy' as const, 'new-model' as const, 'promote' as const), k, fc.integer({ min: 0, max: 9 }), keep)
    .map(([kind, v, n, kp]) => new KilledThenRerun(kind, v, n, kp)),
];

async function setup(): Promise<{ model: Model; real: Real }> {
  const real: Real = { sm: new FakeSageMaker(), ctx: testContext(configFor(0)), scaling: new FakeScaling() };
  real.sm.settleAfter = 1;
  const result = await deploy(context(real), real.sm, { wait: true, timeoutMs: 3_600_000, dryRun: false }, real.scaling);
  const shape: VariantShape[] = [{ name: 'AllTraffic', artifact: artifact(0), weight: 1 }];
  const live = result.endpoint.configName;
  return {
    model: {
      live,
      configs: new Map([[live, shape]]),
      served: [live],
      weights: new Map([['AllTraffic', 1]]),
      deployed: 0,
      interrupted: false,
      servedModels: new Set(real.sm.configs.get(live)!.variants.map((v) => v.modelName)),
    },
    real,
  };
}

describe('endpoint lifecycle (model-based)', () => {
  it('keeps serving, rolling back and cleaning up by what served, over random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(lifecycleCommands, { maxCommands: 12, size: 'max' }), (cmds) => fc.asyncModelRun(setup, cmds)),
      { numRuns: 200, seed: 20261125 },
    );
  }, 60_000);
});
