import path from 'node:path';
import { planLines, smokeLine, statusLine } from '../endpoint/report.js';
import type { CommandContext } from '../../core/context.js';
import { freeTimestamp, isStackModelName, names, variantResourceId } from '../../core/names.js';
import { stackTags, TagKey, type Tags } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { EndpointInfo, SageMakerService } from '../../services/sagemaker.js';
import type { VersionInfo } from '../../services/registry.js';
import { desiredEndpoint, runsDesired, withJobModel, withVersionModel, type LiveEndpoint } from './spec.js';
import { waitForEndpoint } from '../endpoint/wait.js';
import {
  assertManaged,
  endpointFailed,
  readyForUpdate,
  retagServing,
  rollOut,
  usableDeployment,
  withContainerLogs,
  type PlanStep,
} from '../endpoint/rollout.js';
import { deploymentSpec } from '../endpoint/deployment.js';
import { markLiveAsLatest, readHistory, recordWentLive } from '../endpoint/history.js';
import { afterSwitch, pruneStack, pruneSteps } from '../endpoint/prune.js';
import { discoveryPrefix } from '../stack/resources.js';
import {
  deregisterDropped,
  deregisterUndeclared,
  registerVariants,
  repairScaling,
  restoreDropped,
  undeclaredTargets,
  type ScalingApi,
} from '../endpoint/scaling.js';
import type { LogsReader } from '../logs/tail.js';
import { resolveModelSource, type ModelSource } from '../model/source.js';
import { assertSmokeTestCanRun, readSmokePayload, smokeTest, type SmokePayload, type SmokeTestResult } from '../endpoint/smoke-test.js';
import type { InvokeRuntime } from '../invoke/index.js';
import { ServiceFactory } from '../../services/factory.js';
import { lazyService } from '../../services/lazy.js';
import { modelFromVersion, resolveVersion, versionTags } from '../model/version.js';
import type { DeployFlags } from './cli.js';
import { parseDeployFlags } from './flags.js';
import { keepCreated, undoCreated } from '../endpoint/undo.js';
import { AwsRequestError } from '../../core/errors.js';
import { findLeftovers, type Adopted } from '../endpoint/adopt.js';

export type { PlanStep } from '../endpoint/rollout.js';

/** The SageMaker calls deploy makes. */
export type DeploySageMaker = Pick<
  SageMakerService,
  | 'describeEndpoint'
  | 'describeEndpointConfig'
  | 'describeModel'
  | 'createModel'
  | 'createEndpointConfig'
  | 'createEndpoint'
  | 'updateEndpoint'
  | 'deleteEndpointConfig'
  | 'deleteModel'
  | 'listTags'
  | 'addTags'
  | 'deleteTags'
  | 'listEndpoints'
  | 'listEndpointConfigs'
  | 'listModels'
  | 'deleteEndpoint'
>;

/**
 * Previous configs a changed deploy keeps (with their models) for `update-endpoint --rollback`:
 * the one it replaced. Older ones go, in the order the endpoint served them (endpoint/history.ts).
 */
const DEPLOY_KEEP = 1;

export interface DeployOptions {
  wait: boolean;
  timeoutMs: number;
  dryRun: boolean;
  /** `--protect` (true) / `--unprotect` (false): keep bulk teardown away from this stack, or let it. */
  protect?: boolean;
  /** --from-training-job / --from-tuning-job: the model's image and artifact come from a job, resolved after the config is checked. */
  modelSource?: () => Promise<ModelSource>;
  /** --model-version N|latest-approved: the model is created from this registered version, resolved (and refused unless Approved) before anything is created. */
  modelVersion?: () => Promise<VersionInfo>;
  /** Read for the last container log lines when the endpoint ends Failed. */
  containerLogs?: LogsReader;
  /** `--smoke-test FILE`: invoke the endpoint with this payload once it is InService. */
  smokeTest?: { runtime: InvokeRuntime; payload: SmokePayload };
}

export interface DeployResult {
  stack: string;
  /** `planned` for --dry-run; `repaired` when the endpoint ran the spec but its autoscaling had drifted. */
  outcome: 'created' | 'updated' | 'unchanged' | 'planned' | 'repaired';
  endpoint: { name: string; arn?: string; status?: string; configName: string };
  model?: string;
  /** Every variant with its model (the first is `model`), so a multi-variant endpoint shows them all. */
  variants?: { variant: string; model: string }[];
  /** The registered version the endpoint serves, with --model-version. */
  modelVersion?: number;
  plan: PlanStep[];
  /** Configs and models removed after an update: all but the live config and the one that served before it. */
  removed: PlanStep[];
  waited: boolean;
  /** Set when --protect or --unprotect changed the endpoint's protection. */
  protected?: boolean;
  /** Set when `--smoke-test` ran and passed (a failure throws, exit 4). */
  smokeTest?: SmokeTestResult;
  /**
   * `repaired`: variants whose scalable target was missing or had other limits, registered again.
   * `deregistered`: variants sagectl had registered, deregistered because the config no longer has `endpoint.autoscaling`.
   */
  autoscaling?: { repaired: string[]; deregistered?: string[] };
  /** Keys of the config's `tags:` that the live stack lacked (or held with another value) and now carries (with --dry-run: would). */
  retagged?: string[];
}

/**
 * Converges the stack's endpoint on the config: creates model, endpoint config and endpoint
 * when there is none; does nothing when the live endpoint runs the same spec; otherwise creates a
 * new model and config, updates the endpoint in place (no loss of service) and removes the
 * superseded config and model.
 */
export async function deploy(ctx: CommandContext, sagemaker: DeploySageMaker, options: DeployOptions, scaling?: ScalingApi): Promise<DeployResult> {
  assertSmokeTestCanRun(options);
  let result = await converge(ctx, sagemaker, options, scaling);
  if (options.dryRun) {
    // The plan also names what happens after the switch: protection, as the flag asks.
    if (result.outcome === 'planned' && options.protect !== undefined)
      result.plan.push({ action: options.protect ? 'tag' : 'untag', kind: 'endpoint', name: `${result.stack} ${TagKey.Protect}` });
    return result;
  }
  if (options.protect !== undefined && result.endpoint.arn) {
    // The tag sits on the endpoint: bulk teardown (--all, --idle, --older-than, --tag) skips a
    // stack whose resources carry it, and naming the stack needs --force. Sent only when the
    // live endpoint differs, so a re-run with the same flag changes nothing.
    const isProtected = (await sagemaker.listTags(result.endpoint.arn))[TagKey.Protect] === 'true';
    if (isProtected !== options.protect) {
      if (options.protect) await sagemaker.addTags(result.endpoint.arn, { [TagKey.Protect]: 'true' });
      else await sagemaker.deleteTags(result.endpoint.arn, [TagKey.Protect]);
      ctx.logger.info(`stack ${result.stack} is ${options.protect ? 'now protected from' : 'no longer protected from'} bulk teardown`);
    } else ctx.logger.info(`stack ${result.stack} is already ${options.protect ? 'protected from' : 'unprotected from'} bulk teardown`);
    result = { ...result, protected: options.protect };
  }
  if (options.smokeTest) result = { ...result, smokeTest: await smokeTest(ctx, options.smokeTest.runtime, result.endpoint.name, options.smokeTest.payload) };
  return result;
}

async function converge(ctx: CommandContext, sagemaker: DeploySageMaker, options: DeployOptions, scaling: ScalingApi | undefined): Promise<DeployResult> {
  const fromElsewhere = options.modelSource !== undefined || options.modelVersion !== undefined;
  let desired = desiredEndpoint(ctx.config, ctx.configFile ? path.basename(ctx.configFile) : 'config', fromElsewhere);
  const stack = desired.stack;
  if (options.modelSource) {
    const source = await options.modelSource();
    ctx.logger.info(
      `model from training job ${source.trainingJob}${source.tuningJob ? ` (best of tuning job ${source.tuningJob})` : ''}: ${source.modelDataUrl}`,
    );
    desired = withJobModel(desired, source);
  }
  const version = options.modelVersion ? await options.modelVersion() : undefined;
  if (version) {
    ctx.logger.info(`model from ${stack} v${version.version} (${version.approval}): ${version.arn}`);
    desired = withVersionModel(desired, modelFromVersion(version));
  }
  // The model(s) from the version, and the endpoint serving it, say which version they run.
  const servingTags: Tags = version ? versionTags(version) : {};
  let endpoint = await sagemaker.describeEndpoint(names.endpoint(stack));
  let live: LiveEndpoint | undefined;
  let endpointTags: Tags = {};
  if (endpoint) {
    endpointTags = await assertManaged(sagemaker, endpoint, stack);
    if (!options.dryRun || endpointStatus.isFailed(endpoint.status)) {
      endpoint = await readyForUpdate(ctx, sagemaker, endpoint, {
        wait: options.wait,
        timeoutMs: options.timeoutMs,
        failedResolution: `run \`sagectl teardown ${stack}\` to remove it, then deploy again (or \`sagectl update-endpoint --recreate\`)`,
      });
    }
    live = await readLive(sagemaker, endpoint.configName);
    if (live && runsDesired(live, desired)) {
      // The spec is the same; autoscaling and tags, which live outside the config's spec, may have drifted.
      const section = ctx.config.endpoint?.autoscaling;
      const repaired = await repairScaling(ctx, scaling, stack, live.config.variants, section, options.dryRun);
      const undeclared = await undeclaredTargets(scaling, stack, section);
      if (options.dryRun && repaired.length + undeclared.length > 0) {
        // A dry run that would change autoscaling says so, as a plan, rather than "nothing changed".
        return {
          stack,
          outcome: 'planned',
          endpoint: { name: stack, arn: endpoint.arn, status: endpoint.status, configName: endpoint.configName },
          plan: [
            ...repaired.map((v): PlanStep => ({ action: 'register', kind: 'scalable-target', name: variantResourceId(stack, v) })),
            ...undeclared.map(scalingRemoval(stack)),
          ],
          removed: [],
          waited: false,
        };
      }
      const deregistered = await deregisterUndeclared(ctx, scaling, stack, undeclared);
      const drift = tagDrift(ctx.config.tags, endpointTags);
      const retagged = options.dryRun
        ? Object.keys(drift)
        : await repairTags(ctx, sagemaker, drift, [endpoint.arn, live.config.arn, ...live.models.flatMap((m) => (m ? [m.arn] : []))]);
      const scalingChanged = repaired.length > 0 || deregistered.length > 0;
      // Debug, not info: the result says the same, and on a terminal both would show.
      if (!scalingChanged && retagged.length === 0) ctx.logger.debug(`endpoint ${stack} already runs this spec; nothing to do`);
      return {
        stack,
        outcome: scalingChanged ? 'repaired' : 'unchanged',
        ...(scalingChanged ? { autoscaling: { repaired, ...(deregistered.length > 0 ? { deregistered } : {}) } } : {}),
        ...(retagged.length > 0 ? { retagged } : {}),
        endpoint: { name: stack, arn: endpoint.arn, status: endpoint.status, configName: endpoint.configName },
        ...(live.config.variants[0] ? { model: live.config.variants[0].modelName } : {}),
        variants: live.config.variants.map((v) => ({ variant: v.variantName, model: v.modelName })),
        ...(version ? { modelVersion: version.version } : {}),
        plan: [],
        removed: [],
        waited: false,
      };
    }
  }

  // Kept configs (and their models) hold names too: a config kept for --rollback may carry this second's timestamp.
  // The listing also shows what an interrupted deploy left, which this one adopts rather than duplicates.
  const models = endpoint || !options.dryRun ? await sagemaker.listModels(discoveryPrefix(stack)) : [];
  // A run creates its config after its models: a new stack with no model named for it has no
  // config to adopt either, so its first deploy skips that listing.
  const ownModel = models.some((m) => desired.variants.some((d) => isStackModelName(m.name, stack, d.variant.variantName)));
  const listed = { configs: endpoint || (!options.dryRun && ownModel) ? await sagemaker.listEndpointConfigs(discoveryPrefix(stack)) : [], models };
  const taken = new Set([
    endpoint?.configName ?? '',
    ...(live?.config.variants.map((v) => v.modelName) ?? []),
    ...[...listed.configs, ...listed.models].map((r) => r.name),
  ]);
  const at = freeTimestamp(ctx.clock.now(), taken, (t) => [
    names.endpointConfig(stack, t),
    ...desired.variants.map((d) => names.model(stack, d.variant.variantName, t)),
  ]);
  const adopted: Adopted = options.dryRun
    ? { models: new Map() }
    : await findLeftovers(ctx, sagemaker, {
        stack,
        next: desired.variants.map((d) => ({ ...d.variant, model: d.model })),
        settings: desired.settings,
        listed,
        described: live ? [live.config] : [],
      });
  const modelNames = desired.variants.map((d) => adopted.models.get(d.variant.variantName) ?? names.model(stack, d.variant.variantName, at));
  const modelName = modelNames[0]!;
  const configName = adopted.config?.name ?? names.endpointConfig(stack, at);
  const plan: PlanStep[] = [
    ...desired.variants.map((d, i): PlanStep => ({
      action: adopted.models.has(d.variant.variantName) ? 'adopt' : 'create',
      kind: 'model',
      name: modelNames[i]!,
    })),
    { action: adopted.config ? 'adopt' : 'create', kind: 'endpoint-config', name: configName },
    { action: endpoint ? 'update' : 'create', kind: 'endpoint', name: stack },
  ];
  const result = (outcome: DeployResult['outcome'], e?: EndpointInfo, removed: PlanStep[] = []): DeployResult => ({
    stack,
    outcome,
    endpoint: { name: stack, ...(e ? { arn: e.arn, status: e.status } : {}), configName: e?.configName ?? configName },
    model: modelName,
    variants: desired.variants.map((d, i) => ({ variant: d.variant.variantName, model: modelNames[i]! })),
    ...(version ? { modelVersion: version.version } : {}),
    plan,
    removed,
    waited: options.wait && !options.dryRun,
  });
  if (options.dryRun) {
    // What the cleanup after the switch would remove: all but the live config (kept for --rollback) and what serves.
    if (endpoint)
      plan.push(...(await pruneSteps(ctx, sagemaker, afterSwitch(await readHistory(sagemaker, stack, endpoint.configName), configName), DEPLOY_KEEP)));
    // Once InService, each variant is registered for autoscaling (names as Application Auto Scaling's ResourceId);
    // without the section, what sagectl registered before is deregistered.
    if (ctx.config.endpoint?.autoscaling)
      plan.push(
        ...desired.variants.map((d): PlanStep => ({ action: 'register', kind: 'scalable-target', name: variantResourceId(stack, d.variant.variantName) })),
      );
    else if (endpoint) plan.push(...(await undeclaredTargets(scaling, stack, undefined)).map(scalingRemoval(stack)));
    return result('planned', endpoint);
  }

  const tags = stackTags(stack, ctx.config.tags, await ctx.git());
  const variants = desired.variants.map((d, i) => ({ ...d.variant, modelName: modelNames[i]! }));
  // Until the endpoint takes the new config, what this run created (or adopted) serves nothing: a refusal removes it.
  const created: PlanStep[] = [];
  let deployment: ReturnType<typeof usableDeployment>;
  let configArn: string;
  let dropped: string[] = [];
  try {
    for (const [i, d] of desired.variants.entries()) {
      if (!adopted.models.has(d.variant.variantName)) {
        ctx.logger.info(`creating model ${modelNames[i]!}`);
        await sagemaker.createModel({ name: modelNames[i]!, ...d.model }, d.model.modelPackageArn ? { ...tags, ...servingTags } : tags);
      }
      created.push(plan[i]!);
    }
    if (adopted.config) configArn = adopted.config.arn;
    else {
      ctx.logger.info(`creating endpoint config ${configName}`);
      configArn = await sagemaker.createEndpointConfig(configName, variants, tags, desired.settings);
    }
    created.push(plan[desired.variants.length]!);
    if (endpoint) {
      deployment = usableDeployment(ctx, deploymentSpec(ctx.config.endpoint?.deployment, {}), live?.config.variants ?? [], variants);
      dropped = await deregisterDropped(ctx, scaling, stack, variants, live?.config.variants ?? []);
    } else {
      ctx.logger.info(`creating endpoint ${stack}`);
      await sagemaker.createEndpoint(stack, configName, { ...tags, ...servingTags });
    }
  } catch (error) {
    if (!endpoint && error instanceof AwsRequestError && created.some((s) => s.kind === 'endpoint-config')) {
      // CreateEndpoint refused as a duplicate: its first attempt may have gone through (the answer
      // lost, the SDK retrying), and then the endpoint is being created on this config. One
      // DescribeEndpoint, on this path only, before removing anything.
      const now = await sagemaker.describeEndpoint(stack);
      if (now?.configName === configName) throw keepCreated(created, error, `endpoint ${stack} exists on ${configName} (${now.status})`);
    }
    throw await undoCreated(ctx, sagemaker, created, error);
  }
  const autoscaling = ctx.config.endpoint?.autoscaling;
  if (endpoint) {
    // The config live now served last, recorded or not: the one this deploy replaces is kept for --rollback.
    const history = await markLiveAsLatest(ctx, sagemaker, await readHistory(sagemaker, stack, endpoint.configName));
    const final = await rollOut(ctx, sagemaker, {
      stack,
      configName,
      created: plan.filter((s) => s.action === 'create' || s.action === 'adopt'),
      ...(deployment ? { deployment } : {}),
      wait: options.wait,
      timeoutMs: options.timeoutMs,
      ...(options.containerLogs ? { containerLogs: options.containerLogs } : {}),
      ...(live ? { serving: { config: live.config.name, models: live.config.variants.map((v) => v.modelName) } } : {}),
      restore: () => restoreDropped(ctx, scaling, stack, live?.config.variants ?? [], dropped, autoscaling),
    });
    if (!options.wait) return result('updated', final);
    await recordWentLive(ctx, sagemaker, history, { name: configName, arn: configArn });
    const removed = await pruneStack(ctx, sagemaker, stack, configName, DEPLOY_KEEP);
    await registerVariants(ctx, scaling, stack, variants, autoscaling);
    const deregistered = await deregisterUndeclared(ctx, scaling, stack, await undeclaredTargets(scaling, stack, autoscaling));
    await retagServing(sagemaker, final.arn, endpointTags, servingTags);
    // The new config and models carry the config's tags already; the endpoint keeps its own.
    const retagged = await repairTags(ctx, sagemaker, tagDrift(ctx.config.tags, endpointTags), [final.arn]);
    return {
      ...result('updated', final, removed),
      ...(deregistered.length > 0 ? { autoscaling: { repaired: [], deregistered } } : {}),
      ...(retagged.length > 0 ? { retagged } : {}),
    };
  }
  if (!options.wait) return result('created', await sagemaker.describeEndpoint(stack));
  const final = await waitForEndpoint(ctx, sagemaker, stack, 'creating endpoint', options.timeoutMs);
  if (!endpointStatus.isInService(final.status)) throw await withContainerLogs(ctx, endpointFailed(stack, final), stack, options.containerLogs);
  // A new endpoint: its config is the stack's latest to go live (configs of an earlier endpoint of
  // the stack, recreated or paused, served before now). One AddTags, no listing.
  await recordWentLive(ctx, sagemaker, undefined, { name: configName, arn: configArn });
  await registerVariants(ctx, scaling, stack, variants, autoscaling);
  return result('created', final);
}

/** The plan step that deregisters a variant sagectl registered for autoscaling. */
function scalingRemoval(stack: string): (variant: string) => PlanStep {
  return (variant) => ({ action: 'delete', kind: 'scalable-target', name: variantResourceId(stack, variant) });
}

/**
 * The config's `tags:` that the live endpoint lacks or holds with another value. Only the user's
 * tags are compared: sagectl's version and commit tags record what made a resource, and a tag
 * removed from the config is left alone (it cannot be told from one added by hand).
 */
function tagDrift(wanted: Tags | undefined, live: Tags): Tags {
  return Object.fromEntries(Object.entries(wanted ?? {}).filter(([k, v]) => live[k] !== v));
}

/** Puts `drift` on each resource; returns its keys. */
async function repairTags(ctx: CommandContext, sagemaker: DeploySageMaker, drift: Tags, arns: string[]): Promise<string[]> {
  const keys = Object.keys(drift);
  if (keys.length === 0) return [];
  for (const arn of arns) await sagemaker.addTags(arn, drift);
  ctx.logger.info(`tags ${keys.join(', ')} brought in line with the config on ${arns.length} resource(s)`);
  return keys;
}

async function readLive(sagemaker: DeploySageMaker, configName: string): Promise<LiveEndpoint | undefined> {
  const config = await sagemaker.describeEndpointConfig(configName);
  if (!config) return undefined;
  const models = await Promise.all(config.variants.map((v) => sagemaker.describeModel(v.modelName)));
  return { config, models };
}

/** Text for people. */
export function renderDeploy(r: DeployResult): string {
  const lines: string[] = [];
  const headline = {
    created: `Created endpoint ${r.stack}`,
    updated: `Updated endpoint ${r.stack} in place`,
    unchanged: r.retagged
      ? `Endpoint ${r.stack} already runs this spec; its tags were brought in line`
      : `Endpoint ${r.stack} already runs this spec: nothing changed`,
    repaired: r.autoscaling?.repaired.length
      ? `Endpoint ${r.stack} already runs this spec; its autoscaling had drifted and was repaired`
      : `Endpoint ${r.stack} already runs this spec; its autoscaling, dropped from the config, was turned off`,
    planned: `Plan for stack ${r.stack} (dry run, nothing changed):`,
  }[r.outcome];
  lines.push(headline);
  if (r.outcome === 'planned') {
    lines.push(...planLines(r.plan));
    return lines.join('\n');
  }
  if (r.endpoint.status) lines.push(statusLine(r.stack, r.endpoint.status, r.waited || r.outcome === 'unchanged' || r.outcome === 'repaired'));
  if (r.endpoint.arn) lines.push(`  arn      ${r.endpoint.arn}`);
  lines.push(`  config   ${r.endpoint.configName}`);
  const version = r.modelVersion !== undefined ? ` (v${r.modelVersion})` : '';
  if (r.variants && r.variants.length > 1) for (const v of r.variants) lines.push(`  model    ${v.variant}: ${v.model}${version}`);
  else if (r.model) lines.push(`  model    ${r.model}${version}`);
  for (const s of r.removed) lines.push(`  removed  ${s.kind} ${s.name}`);
  if (r.autoscaling?.repaired.length) lines.push(`  scaling  registered again: ${r.autoscaling.repaired.join(', ')}`);
  if (r.autoscaling?.deregistered) lines.push(`  scaling  deregistered (no endpoint.autoscaling in the config): ${r.autoscaling.deregistered.join(', ')}`);
  if (r.retagged) lines.push(`  tags     ${r.retagged.join(', ')} set from the config`);
  if (r.protected !== undefined)
    lines.push(`  ${r.protected ? 'protected from bulk teardown (sagectl:protect=true)' : 'no longer protected from bulk teardown'}`);
  if (r.smokeTest) lines.push(smokeLine(r.smokeTest));
  return lines.join('\n');
}

/** CLI entry: reads the flags, builds the real services and runs {@link deploy}. */
export function main(globals: GlobalOptions, flags: DeployFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: async (ctx) => {
      const make = new ServiceFactory(ctx.clientOptions);
      const options = parseDeployFlags(flags);
      const stack = ctx.config.name ?? '';
      const { modelSource, modelVersion } = options;
      // The smoke-test file is read and checked before anything changes: a bad one exits 2 with nothing sent.
      const smoke = options.smokeTest !== undefined ? { runtime: await make.runtime(), payload: await readSmokePayload(ctx, options.smokeTest) } : undefined;
      // Built on first call: a deploy reads the scalable targets only for an endpoint that exists
      // (to repair them, or to deregister those a dropped `autoscaling:` section leaves behind).
      const scaling = lazyService(() => make.autoscaling());
      return deploy(
        ctx,
        await make.sagemaker(),
        {
          wait: options.wait,
          timeoutMs: options.timeoutMs,
          dryRun: options.dryRun,
          ...(options.protect !== undefined ? { protect: options.protect } : {}),
          ...(modelSource ? { modelSource: async () => resolveModelSource(await make.jobs(), stack, modelSource) } : {}),
          ...(modelVersion !== undefined
            ? { modelVersion: async () => resolveVersion(await make.registry(), stack, modelVersion, { allowUnapproved: options.allowUnapproved }) }
            : {}),
          // Read only when the endpoint fails: the Logs client is built then, not on every deploy.
          containerLogs: lazyService(() => make.logs()),
          ...(smoke ? { smokeTest: smoke } : {}),
        },
        scaling,
      );
    },
    render: renderDeploy,
  });
}
