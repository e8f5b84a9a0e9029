import path from 'node:path';
import type { CommandContext } from '../../core/context.js';
import { counted } from '../../core/plural.js';
import { ResourceFailedError, UsageError, messageOf } from '../../core/errors.js';
import { freeTimestamp, names } from '../../core/names.js';
import { stackTags, type Tags } from '../../core/tags.js';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { EndpointConfigInfo, EndpointConfigSettings, EndpointInfo, ModelSpec, VariantSpec } from '../../services/sagemaker.js';
import { findLeftovers, type AdoptInput, type Adopted, type NextVariant } from '../endpoint/adopt.js';
import { deploy } from '../deploy/index.js';
import { desiredEndpoint } from '../deploy/spec.js';
import { endpointFailed, removeQuietly, retagServing, rollOut, usableDeployment, type PlanStep } from '../endpoint/rollout.js';
import { liveVariants, nextSettings, nextTags, sameData, sameModel, withModel } from '../endpoint/next-config.js';
import { deregisterDropped, registerVariants, restoreDropped } from '../endpoint/scaling.js';
import { trafficChanges } from '../endpoint/traffic.js';
import { waitForEndpoint, waitForEndpointGone } from '../endpoint/wait.js';
import { resolveNextModel } from './model.js';
import { versionTags } from '../model/version.js';
import { isVersionArn, versionOfArn } from '../../services/registry-arn.js';
import { pruneStack } from '../endpoint/prune.js';
import { discoveryPrefix } from '../stack/resources.js';
import { describeHistory, markLiveAsLatest, readHistory, recordWentLive, warnIfUnrecorded, type EndpointHistory } from '../endpoint/history.js';
import { runSmokeTest } from './smoke.js';
import type { SmokeTestResult } from '../endpoint/smoke-test.js';
import type { UpdateAction, UpdateEndpointOptions, UpdateEndpointResult, UpdateServices, VariantResult } from './types.js';

/** The actions of update-endpoint, one function each, on an endpoint ready for an update. */

/** What every action needs. */
export interface ChangeServices {
  ctx: CommandContext;
  services: UpdateServices;
  stack: string;
  options: UpdateEndpointOptions;
  /** The endpoint's tags before the change (which registered version it serves, if any). */
  endpointTags?: Tags;
  /** What the run changed in place before the switch, which stays when the switch does not happen (said in the error). */
  changedInPlace?: string;
}

/**
 * The endpoint's version tags after a confirmed switch: `set` them (the new model comes from a
 * version), or `drop` them (what replaced a version's model comes from none). Left alone otherwise.
 */
type Serving = { set: Tags } | 'drop' | undefined;

type Action<K extends UpdateAction['kind']> = Extract<UpdateAction, { kind: K }>;

/** Puts a new model on a variant (the only one, or `--variant`), carrying every other setting over. */
export async function newModel(change: ChangeServices, endpoint: EndpointInfo, action: Action<'new-model'>): Promise<UpdateEndpointResult> {
  const { ctx, services, stack } = change;
  const live = await liveConfig(change, endpoint);
  const variants = liveVariants(endpoint, live);
  const targetName = action.variant ?? (variants.length === 1 ? variants[0]!.variantName : undefined);
  if (targetName === undefined)
    throw new UsageError(
      `endpoint ${stack} has variants ${variants.map((v) => v.variantName).join(', ')}: name the one that gets the new model with --variant`,
    );
  const target = variants.find((v) => v.variantName === targetName);
  if (!target) throw new UsageError(`--variant: endpoint ${stack} has no variant "${targetName}" (it has ${variants.map((v) => v.variantName).join(', ')})`);
  const liveModel = await services.sagemaker.describeModel(target.modelName);
  const { model, version } = await resolveNextModel(ctx.config, liveModel, action.source, services, stack);
  const settings = nextSettings(live.settings, ctx.config.endpoint?.dataCapture);
  if (liveModel && sameModel(liveModel, model) && sameData(settings, live.settings)) {
    ctx.logger.info(`variant ${targetName} of ${stack} already runs this model; nothing to do`);
    return withVersion(result(change, 'new-model', 'unchanged', endpoint, variants, [], []), version?.version);
  }
  const free = await freeNames(change, targetName);
  const nextVariants = variants.map((v): NextVariant => (v.variantName === targetName ? withNewModel(v, model) : v));
  const { modelName, configName, adopted, plan } = await nextNames(change, free, targetName, nextVariants, settings, live);
  if (change.options.dryRun) return withVersion(result(change, 'new-model', 'planned', endpoint, variants, plan, []), version?.version);
  const tags = nextTags(await services.sagemaker.listTags(live.arn), stackTags(stack, ctx.config.tags, await ctx.git()));
  if (!adopted.models.has(targetName)) {
    ctx.logger.info(`creating model ${modelName}${version ? ` from ${stack} v${version.version}` : ''}`);
    await services.sagemaker.createModel({ name: modelName, ...model }, version ? { ...tags, ...versionTags(version) } : tags);
  }
  const next = withModel(variants, targetName, modelName);
  const configArn = adopted.config?.arn ?? (await createConfigOrUndo(change, configName, next, tags, settings, modelName));
  // The endpoint names the version it serves: this one, or none once a version's model is replaced.
  const serving: Serving = version ? { set: versionTags(version) } : liveModel?.modelPackageArn ? 'drop' : undefined;
  return withVersion(
    await switchConfig(change, 'new-model', endpoint, variants, { name: configName, arn: configArn }, next, plan, plan, targetName, serving),
    version?.version,
  );
}

/** Adds an A/B variant beside the current ones, with its own model and a share of the traffic. */
export async function addVariant(change: ChangeServices, endpoint: EndpointInfo, action: Action<'add-variant'>): Promise<UpdateEndpointResult> {
  const { ctx, services, stack } = change;
  const live = await liveConfig(change, endpoint);
  const variants = liveVariants(endpoint, live);
  if (variants.some((v) => v.variantName === action.name))
    throw new UsageError(
      `--add-variant: endpoint ${stack} already has a variant ${action.name}`,
      `shift traffic to it with --weights ${action.name}=${action.weight}`,
    );
  const base = variants[0]!;
  const liveModel = await services.sagemaker.describeModel(base.modelName);
  const { model, version } = await resolveNextModel(ctx.config, liveModel, action.source, services, stack);
  const free = await freeNames(change, action.name);
  const serverless = base.serverless && action.instanceType === undefined ? base.serverless : undefined;
  // --instance-type defaults to the first live variant's, as its help says; there is no other default.
  const instanceType = action.instanceType ?? base.instanceType;
  if (!serverless && instanceType === undefined)
    throw new UsageError(`--add-variant: variant ${base.variantName} of ${stack} has no instance type to copy`, 'pass --instance-type, e.g. ml.m5.large');
  const capacity: Omit<VariantSpec, 'modelName'> = {
    variantName: action.name,
    initialVariantWeight: action.weight,
    ...(serverless
      ? { serverless }
      : {
          instanceType: instanceType!,
          initialInstanceCount: action.instanceCount ?? base.initialInstanceCount ?? 1,
        }),
  };
  const settings = nextSettings(live.settings, ctx.config.endpoint?.dataCapture);
  const { modelName, configName, adopted, plan } = await nextNames(change, free, action.name, [...variants, { ...capacity, model }], settings, live);
  const next: VariantSpec[] = [...variants, { ...capacity, modelName }];
  if (change.options.dryRun) return result(change, 'add-variant', 'planned', endpoint, next, plan, []);
  const tags = nextTags(await services.sagemaker.listTags(live.arn), stackTags(stack, ctx.config.tags, await ctx.git()));
  if (!adopted.models.has(action.name)) {
    ctx.logger.info(`creating model ${modelName} for variant ${action.name}`);
    await services.sagemaker.createModel({ name: modelName, ...model }, version ? { ...tags, ...versionTags(version) } : tags);
  }
  const configArn = adopted.config?.arn ?? (await createConfigOrUndo(change, configName, next, tags, settings, modelName));
  // The endpoint's tags keep naming what the existing variants serve: the new variant is a trial beside them.
  return withVersion(
    await switchConfig(change, 'add-variant', endpoint, variants, { name: configName, arn: configArn }, next, plan, plan, action.name),
    version?.version,
  );
}

/** Changes weights and instance counts in place (UpdateEndpointWeightsAndCapacities): seconds, no new fleet. */
export async function shiftTraffic(change: ChangeServices, endpoint: EndpointInfo, action: Action<'traffic'>): Promise<UpdateEndpointResult> {
  const { ctx, services, stack } = change;
  const changes = trafficChanges(endpoint, action.weights, action.instances);
  const live = await liveConfig(change, endpoint);
  const plan: PlanStep[] = [{ action: 'update', kind: 'endpoint', name: stack }];
  if (change.options.dryRun) return result(change, 'traffic', 'planned', endpoint, live.variants, plan, []);
  ctx.logger.info(
    `setting ${changes.map((c) => `${c.variantName}: ${[c.weight !== undefined ? `weight ${c.weight}` : '', c.instanceCount !== undefined ? counted(c.instanceCount, 'instance') : ''].filter(Boolean).join(', ')}`).join('; ')}`,
  );
  await services.sagemaker.updateWeightsAndCapacities(stack, changes);
  const final = await settle(change, 'shifting traffic');
  return result(change, 'traffic', 'updated', final, live.variants, plan, []);
}

/** Sends all traffic to one variant, then rolls out a config holding it alone and removes the rest. */
export async function promote(change: ChangeServices, endpoint: EndpointInfo, action: Action<'promote'>): Promise<UpdateEndpointResult> {
  const { ctx, services, stack } = change;
  const live = await liveConfig(change, endpoint);
  const variants = liveVariants(endpoint, live);
  const winner = variants.find((v) => v.variantName === action.name);
  if (!winner) throw new UsageError(`--promote: endpoint ${stack} has no variant "${action.name}" (it has ${variants.map((v) => v.variantName).join(', ')})`);
  if (variants.length === 1) return result(change, 'promote', 'unchanged', endpoint, variants, [], []);
  const free = await freeNames(change, action.name);
  const next: VariantSpec[] = [{ ...winner, initialVariantWeight: 1 }];
  const settings = nextSettings(live.settings, ctx.config.endpoint?.dataCapture);
  const named = await nextNames(change, free, action.name, next, settings, live);
  const configName = named.configName;
  const plan: PlanStep[] = [{ action: 'update', kind: 'endpoint', name: stack }, ...named.plan];
  if (change.options.dryRun) return result(change, 'promote', 'planned', endpoint, next, plan, []);
  let current = endpoint;
  let switching = change;
  if (variants.some((v) => v.variantName !== action.name && (v.initialVariantWeight ?? 1) > 0)) {
    // Traffic first, in place: the losers stop serving within seconds, before the slower rollout.
    ctx.logger.info(`sending all traffic to ${action.name}`);
    await services.sagemaker.updateWeightsAndCapacities(
      stack,
      variants.map((v) => ({ variantName: v.variantName, weight: v.variantName === action.name ? 1 : 0 })),
    );
    current = await settle(change, 'shifting traffic');
    const before = variants.map((v) => `${v.variantName}=${v.initialVariantWeight ?? 1}`).join(',');
    switching = {
      ...change,
      changedInPlace: `all traffic went to ${action.name} before the switch and stays there (\`sagectl update-endpoint ${stack} --weights ${before}\` puts the weights back)`,
    };
  }
  let configArn = named.adopted.config?.arn;
  if (configArn === undefined) {
    const tags = nextTags(await services.sagemaker.listTags(live.arn), stackTags(stack, ctx.config.tags, await ctx.git()));
    ctx.logger.info(`creating endpoint config ${configName} with ${action.name} alone`);
    configArn = await services.sagemaker.createEndpointConfig(configName, next, tags, settings);
  }
  return switchConfig(
    switching,
    'promote',
    current,
    variants,
    { name: configName, arn: configArn },
    next,
    plan,
    plan.filter((s) => s.action === 'create' || s.action === 'adopt'),
  );
}

/**
 * Returns the endpoint to the config that served immediately before the live one (or, with
 * `--to-config NAME`, to that config of the history), following what the endpoint ran, not
 * when the configs were made.
 */
export async function rollBack(change: ChangeServices, endpoint: EndpointInfo, action: Action<'rollback'>): Promise<UpdateEndpointResult> {
  const { ctx, services, stack } = change;
  const history = await readHistory(services.sagemaker, stack, endpoint.configName);
  const target = rollbackTarget(history, action.toConfig);
  warnIfUnrecorded(ctx, history, [target]);
  const config = await services.sagemaker.describeEndpointConfig(target.name);
  if (!config) throw new ResourceFailedError(`endpoint config ${target.name} disappeared before the rollback`);
  const packages = new Set<string | undefined>();
  for (const v of config.variants) {
    const model = await services.sagemaker.describeModel(v.modelName);
    if (!model)
      throw new ResourceFailedError(
        `cannot roll back to ${target.name}: its model ${v.modelName} is gone`,
        'put a model back with `sagectl update-endpoint --model-data …`',
      );
    packages.add(model.modelPackageArn);
  }
  // The endpoint names the version the previous config serves (one registry version in every variant), or none.
  const [only] = [...packages];
  const serving: Serving =
    packages.size === 1 && only !== undefined && isVersionArn(only) ? { set: versionTags({ version: versionOfArn(only), arn: only }) } : 'drop';
  const plan: PlanStep[] = [{ action: 'update', kind: 'endpoint', name: stack }];
  if (change.options.dryRun) {
    // The plan names the exact target and lists its variants (not the live ones), with the history it was chosen from.
    const planned = result(change, 'rollback', 'planned', endpoint, [], plan, []);
    return {
      ...planned,
      variants: config.variants.map((v) => ({
        name: v.variantName,
        model: v.modelName,
        ...(v.initialVariantWeight !== undefined ? { weight: v.initialVariantWeight } : {}),
        ...(v.initialInstanceCount !== undefined && !v.serverless ? { instanceCount: v.initialInstanceCount } : {}),
      })),
      target: target.name,
      history: await describeHistory(services.sagemaker, history),
    };
  }
  const from = await liveConfig(change, endpoint);
  return {
    ...(await switchConfig(change, 'rollback', endpoint, from.variants, target, config.variants, plan, [], undefined, serving, history)),
    target: target.name,
  };
}

/** The config a rollback goes to: the one that served last before the live one, or the one named. */
function rollbackTarget(history: EndpointHistory, toConfig: string | undefined) {
  const { stack, live } = history;
  if (toConfig === undefined) {
    const [previous] = history.before;
    if (!previous)
      throw new UsageError(`stack ${stack} keeps no config before ${live} to roll back to`, 'update-endpoint keeps the previous one unless run with --keep 0');
    return previous;
  }
  if (toConfig === live) throw new UsageError(`--to-config: endpoint ${stack} already runs ${toConfig}`);
  const named = history.before.find((e) => e.name === toConfig);
  if (!named) {
    const kept = history.before.map((e) => e.name);
    throw new UsageError(
      `--to-config: ${toConfig} is not a config of stack ${stack} kept for rollback`,
      kept.length > 0 ? `it keeps ${kept.join(', ')} (most recently served first)` : 'it keeps no config besides the live one',
    );
  }
  return named;
}

/** Deletes a Failed endpoint and deploys the stack again from the config. */
export async function recreate(
  ctx: CommandContext,
  services: UpdateServices,
  endpoint: EndpointInfo,
  options: UpdateEndpointOptions,
): Promise<UpdateEndpointResult> {
  const stack = endpoint.name;
  const change: ChangeServices = { ctx, services, stack, options };
  if (options.dryRun) {
    const planned = await deploy(ctx, services.sagemaker, { wait: false, timeoutMs: options.timeoutMs, dryRun: true }).catch(() => undefined);
    const plan: PlanStep[] = [{ action: 'delete', kind: 'endpoint', name: stack }, ...(planned?.plan.filter((s) => s.action === 'create') ?? [])];
    return result(change, 'recreate', 'planned', endpoint, [], plan, []);
  }
  // Recreating deploys from the config: one that cannot deploy (another stack's, or none) is refused before the delete.
  desiredEndpoint(ctx.config, ctx.configFile ? path.basename(ctx.configFile) : 'config');
  ctx.logger.warn(`deleting failed endpoint ${stack} to recreate it`);
  await services.sagemaker.deleteEndpoint(stack);
  await waitForEndpointGone(ctx, services.sagemaker, stack, options.timeoutMs);
  const deployed = await deploy(ctx, services.sagemaker, { wait: options.wait, timeoutMs: options.timeoutMs, dryRun: false }, services.scaling);
  const final = (await services.sagemaker.describeEndpoint(stack)) ?? endpoint;
  const config = await services.sagemaker.describeEndpointConfig(final.configName);
  const removed = options.wait ? await pruneStack(ctx, services.sagemaker, stack, final.configName, options.keep) : [];
  return result(
    change,
    'recreate',
    'recreated',
    final,
    config?.variants ?? [],
    [{ action: 'delete', kind: 'endpoint', name: stack }, ...deployed.plan],
    removed,
  );
}

/**
 * Rolls the endpoint over to `configName` (deregistering autoscaling of dropped variants first),
 * then removes superseded configs and models and registers the variants for autoscaling.
 */
async function switchConfig(
  change: ChangeServices,
  kind: UpdateEndpointResult['action'],
  endpoint: EndpointInfo,
  previous: VariantSpec[],
  target: { name: string; arn: string },
  next: VariantSpec[],
  plan: PlanStep[],
  created: PlanStep[],
  smokeVariant?: string,
  serving?: Serving,
  read?: EndpointHistory,
): Promise<UpdateEndpointResult> {
  const { ctx, services, stack, options } = change;
  const configName = target.name;
  // The config live now served last, whatever recorded it (or not): the switch then comes after it.
  const history = await markLiveAsLatest(ctx, services.sagemaker, read ?? (await readHistory(services.sagemaker, stack, endpoint.configName)));
  const deregistered = await deregisterDropped(ctx, services.scaling, stack, next, previous);
  const deployment = usableDeployment(ctx, options.deployment, previous, next);
  const final = await rollOut(ctx, services.sagemaker, {
    stack,
    configName,
    created,
    ...(deployment ? { deployment } : {}),
    wait: options.wait,
    timeoutMs: options.timeoutMs,
    serving: { config: endpoint.configName, models: previous.map((v) => v.modelName) },
    restore: async () =>
      [await restoreDropped(ctx, services.scaling, stack, previous, deregistered, ctx.config.endpoint?.autoscaling), change.changedInPlace]
        .filter(Boolean)
        .join('; ') || undefined,
  });
  if (!options.wait) return { ...result(change, kind, 'updated', final, next, plan, [], endpoint.configName), autoscaling: { deregistered, registered: [] } };
  const wentLive = await recordWentLive(ctx, services.sagemaker, history, target);
  // The smoke test comes before the cleanup, so the previous config is still there to return to.
  let smoke: SmokeTestResult | undefined;
  let smokeFailure: ResourceFailedError | undefined;
  if (options.smokeTest) {
    try {
      smoke = await runSmokeTest(ctx, options.smokeTest, stack, smokeVariant);
    } catch (error) {
      if (!(error instanceof ResourceFailedError)) throw error;
      if (options.smokeTest.rollback)
        throw await rollBackAfterSmoke(change, error, { name: endpoint.configName, arn: history.liveEntry?.arn }, wentLive, previous, next, created);
      smokeFailure = error;
    }
  }
  const removed = await pruneStack(ctx, services.sagemaker, stack, configName, options.keep);
  const registered = await registerVariants(ctx, services.scaling, stack, next, ctx.config.endpoint?.autoscaling);
  if (serving) await retagServing(services.sagemaker, final.arn, change.endpointTags ?? {}, serving === 'drop' ? {} : serving.set);
  // Without --rollback-on-smoke-failure the update stands (cleaned up as usual) and the run exits 4.
  if (smokeFailure) throw smokeFailure;
  // The result names the rollout that ran: a deployment dropped because the variants changed is not reported.
  const { deployment: _asked, ...withoutDeployment } = options;
  const ran: ChangeServices = { ...change, options: deployment ? { ...withoutDeployment, deployment } : withoutDeployment };
  return {
    ...result(ran, kind, 'updated', final, next, plan, removed, endpoint.configName),
    autoscaling: { deregistered, registered },
    ...(smoke ? { smokeTest: smoke } : {}),
  };
}

/**
 * `--rollback-on-smoke-failure`: the new config failed its smoke test, so the endpoint goes back
 * to the config it ran before this run (all at once: the old model is known to work), autoscaling
 * follows the variants back, and what this run created is removed. Returns the exit-4 error to
 * throw, naming the smoke failure and the rollback (or why the rollback failed too).
 */
async function rollBackAfterSmoke(
  change: ChangeServices,
  failure: ResourceFailedError,
  back: { name: string; arn: string | undefined },
  latest: Date,
  previous: VariantSpec[],
  next: VariantSpec[],
  created: PlanStep[],
): Promise<ResourceFailedError> {
  const { ctx, services, stack, options } = change;
  const previousConfig = back.name;
  ctx.logger.warn(`smoke test failed: rolling endpoint ${stack} back to ${previousConfig}`);
  try {
    await deregisterDropped(ctx, services.scaling, stack, previous, next);
    await rollOut(ctx, services.sagemaker, { stack, configName: previousConfig, created: [], wait: true, timeoutMs: options.timeoutMs });
  } catch (error) {
    return new ResourceFailedError(
      `${failure.message}; the rollback to ${previousConfig} failed too: ${messageOf(error)}`,
      `see \`sagectl status ${stack}\`; retry with \`sagectl update-endpoint ${stack} --rollback\``,
    );
  }
  if (back.arn) await recordWentLive(ctx, services.sagemaker, { latest }, { name: previousConfig, arn: back.arn });
  const leftovers = created.filter((s) => s.kind !== 'endpoint').sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'endpoint-config' ? -1 : 1));
  await removeQuietly(
    ctx,
    services.sagemaker,
    leftovers.map((s) => ({ ...s, action: 'delete' as const })),
  );
  await registerVariants(ctx, services.scaling, stack, previous, ctx.config.endpoint?.autoscaling);
  return new ResourceFailedError(
    `${failure.message}; endpoint ${stack} was rolled back to ${previousConfig}`,
    `read the model's logs with \`sagectl logs ${stack}\`; fix the model and run update-endpoint again`,
  );
}

/**
 * Creates the next config; when AWS refuses it, removes the model this run made for it, so a
 * refused update leaves nothing behind (the error still goes up: exit 3).
 */
async function createConfigOrUndo(
  change: ChangeServices,
  configName: string,
  variants: VariantSpec[],
  tags: Tags,
  settings: EndpointConfigSettings,
  modelName: string,
): Promise<string> {
  const { ctx, services } = change;
  try {
    return await services.sagemaker.createEndpointConfig(configName, variants, tags, settings);
  } catch (error) {
    await removeQuietly(ctx, services.sagemaker, [{ action: 'delete', kind: 'model', name: modelName }]);
    throw error;
  }
}

/** Waits for an in-place change to settle; an endpoint that does not come back InService is a failure. */
async function settle(change: ChangeServices, phase: string): Promise<EndpointInfo> {
  const { ctx, services, stack, options } = change;
  if (!options.wait) return (await services.sagemaker.describeEndpoint(stack)) ?? Promise.reject(new ResourceFailedError(`endpoint ${stack} disappeared`));
  const final = await waitForEndpoint(ctx, services.sagemaker, stack, phase, options.timeoutMs);
  if (!endpointStatus.isInService(final.status)) throw endpointFailed(stack, final);
  return final;
}

async function liveConfig(change: ChangeServices, endpoint: EndpointInfo): Promise<EndpointConfigInfo> {
  const config = await change.services.sagemaker.describeEndpointConfig(endpoint.configName);
  if (!config) {
    throw new ResourceFailedError(
      `endpoint ${change.stack} runs config ${endpoint.configName}, which no longer exists, so it cannot be carried over`,
      `deploy a full config with \`sagectl deploy --stack ${change.stack}\``,
    );
  }
  return config;
}

/**
 * A timestamp whose config and model names are free in the stack: two changes within one
 * second would collide on `S-yyyymmddHHMMSS`, and a retained config may be newer than the
 * one in use after a rollback.
 */
async function freeNames(change: ChangeServices, variant: string): Promise<FreeNames> {
  const { sagemaker } = change.services;
  // The same listings the history reads (by the stack's discovery prefix), so a run lists once.
  const prefix = discoveryPrefix(change.stack);
  const [configs, models] = await Promise.all([sagemaker.listEndpointConfigs(prefix), sagemaker.listModels(prefix)]);
  const taken = new Set([...configs, ...models].map((r) => r.name));
  const at = freeTimestamp(change.ctx.clock.now(), taken, (t) => [names.endpointConfig(change.stack, t), names.model(change.stack, variant, t)]);
  return { at, listed: { configs, models } };
}

/** A free timestamp, and the stack's configs and models as listed to find it. */
interface FreeNames {
  at: Date;
  listed: AdoptInput['listed'];
}

/**
 * The names of the next config and of `variant`'s new model (when it gets one): those an
 * interrupted run of the same change left (endpoint/adopt.ts), else new ones at the free
 * timestamp; with the plan that creates or adopts them. A dry run adopts nothing.
 */
async function nextNames(
  change: ChangeServices,
  free: FreeNames,
  variant: string,
  next: readonly NextVariant[],
  settings: EndpointConfigSettings,
  live: EndpointConfigInfo,
): Promise<{ modelName: string; configName: string; adopted: Adopted; plan: PlanStep[] }> {
  const { ctx, services, stack } = change;
  const adopted: Adopted = change.options.dryRun
    ? { models: new Map() }
    : await findLeftovers(ctx, services.sagemaker, { stack, next, settings, listed: free.listed, described: [live] });
  const modelName = adopted.models.get(variant) ?? names.model(stack, variant, free.at);
  const configName = adopted.config?.name ?? names.endpointConfig(stack, free.at);
  const newModel = next.some((v) => v.variantName === variant && v.model !== undefined);
  const plan: PlanStep[] = [
    ...(newModel ? [{ action: adopted.models.has(variant) ? 'adopt' : 'create', kind: 'model', name: modelName } satisfies PlanStep] : []),
    { action: adopted.config ? 'adopt' : 'create', kind: 'endpoint-config', name: configName },
    { action: 'update', kind: 'endpoint', name: stack },
  ];
  return { modelName, configName, adopted, plan };
}

/** A live variant that gets a new model. */
function withNewModel(variant: VariantSpec, model: Omit<ModelSpec, 'name'>): NextVariant {
  const { modelName: _replaced, ...rest } = variant;
  return { ...rest, model };
}

function withVersion(r: UpdateEndpointResult, version: number | undefined): UpdateEndpointResult {
  return version === undefined ? r : { ...r, modelVersion: version };
}

function result(
  change: ChangeServices,
  action: UpdateEndpointResult['action'],
  outcome: UpdateEndpointResult['outcome'],
  endpoint: EndpointInfo,
  variants: VariantSpec[],
  plan: PlanStep[],
  removed: PlanStep[],
  previousConfig?: string,
): UpdateEndpointResult {
  const models = new Map(variants.map((v) => [v.variantName, v.modelName]));
  const shown: VariantResult[] = endpoint.variants.map((v) => ({
    name: v.variantName,
    ...(models.get(v.variantName) ? { model: models.get(v.variantName)! } : {}),
    ...(v.currentWeight !== undefined ? { weight: v.currentWeight } : {}),
    ...(v.currentInstanceCount !== undefined ? { instanceCount: v.currentInstanceCount } : {}),
    ...(v.desiredInstanceCount !== undefined ? { desiredInstanceCount: v.desiredInstanceCount } : {}),
  }));
  return {
    stack: change.stack,
    action,
    outcome,
    endpoint: { name: endpoint.name, status: endpoint.status, configName: endpoint.configName, ...(previousConfig ? { previousConfig } : {}) },
    variants: shown,
    ...(change.options.deployment && outcome !== 'unchanged' && action !== 'traffic' ? { deployment: change.options.deployment } : {}),
    plan,
    removed,
    waited: change.options.wait && outcome !== 'planned',
  };
}
