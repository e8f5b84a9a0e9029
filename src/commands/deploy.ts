import path from 'node:path';
import type { CommandContext } from '../core/context.js';
import { freeTimestamp, names } from '../core/names.js';
import { isManaged, stackTags } from '../core/tags.js';
import { runCommand, type GlobalOptions } from '../core/runner.js';
import { parseDuration } from '../core/duration.js';
import { endpointStatus } from '../services/endpoint-status.js';
import { SageMakerService, type EndpointInfo } from '../services/sagemaker.js';
import { AutoScalingService } from '../services/autoscaling.js';
import { desiredEndpoint, runsDesired, type LiveEndpoint } from './deploy-spec.js';
import { waitForEndpoint } from './endpoint-wait.js';
import { assertManaged, endpointFailed, readyForUpdate, removeQuietly, rollOut, usableDeployment, type PlanStep } from './endpoint-rollout.js';
import { deploymentSpec } from './deployment-spec.js';
import { deregisterDropped, registerVariants, type ScalingApi } from './endpoint-scaling.js';

export type { PlanStep, ResourceKind } from './endpoint-rollout.js';

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
>;

export interface DeployOptions {
  wait: boolean;
  timeoutMs: number;
  dryRun: boolean;
}

export interface DeployResult {
  stack: string;
  /** `planned` for --dry-run. */
  outcome: 'created' | 'updated' | 'unchanged' | 'planned';
  endpoint: { name: string; arn?: string; status?: string; configName: string };
  model?: string;
  plan: PlanStep[];
  /** Superseded configs and models removed after an update. */
  removed: PlanStep[];
  waited: boolean;
}

export const DEFAULT_DEPLOY_TIMEOUT = '60m';

/**
 * Converges the stack's endpoint on the config: creates model, endpoint config and endpoint
 * when there is none; does nothing when the live endpoint runs the same spec; otherwise creates a
 * new model and config, updates the endpoint in place (no loss of service) and removes the
 * superseded config and model.
 */
export async function deploy(ctx: CommandContext, sagemaker: DeploySageMaker, options: DeployOptions, scaling?: ScalingApi): Promise<DeployResult> {
  const desired = desiredEndpoint(ctx.config, ctx.configFile ? path.basename(ctx.configFile) : 'config');
  const stack = desired.stack;
  let endpoint = await sagemaker.describeEndpoint(names.endpoint(stack));
  let live: LiveEndpoint | undefined;
  if (endpoint) {
    await assertManaged(sagemaker, endpoint, stack);
    if (!options.dryRun || endpointStatus.isFailed(endpoint.status)) {
      endpoint = await readyForUpdate(ctx, sagemaker, endpoint, {
        wait: options.wait,
        timeoutMs: options.timeoutMs,
        failedResolution: `run \`sagectl teardown ${stack}\` to remove it, then deploy again (or \`sagectl update-endpoint --recreate\`)`,
      });
    }
    live = await readLive(sagemaker, endpoint.configName);
    if (live && runsDesired(live, desired)) {
      ctx.logger.info(`endpoint ${stack} already runs this spec; nothing to do`);
      return {
        stack,
        outcome: 'unchanged',
        endpoint: { name: stack, arn: endpoint.arn, status: endpoint.status, configName: endpoint.configName },
        ...(live.config.variants[0] ? { model: live.config.variants[0].modelName } : {}),
        plan: [],
        removed: [],
        waited: false,
      };
    }
  }

  const taken = new Set([endpoint?.configName ?? '', ...(live?.config.variants.map((v) => v.modelName) ?? [])]);
  const at = freeTimestamp(ctx.clock.now(), taken, (t) => [names.endpointConfig(stack, t), ...desired.variants.map((d) => names.model(stack, d.variant.variantName, t))]);
  const modelNames = desired.variants.map((d) => names.model(stack, d.variant.variantName, at));
  const modelName = modelNames[0]!;
  const configName = names.endpointConfig(stack, at);
  const superseded: PlanStep[] = live ? supersededSteps(live) : [];
  const plan: PlanStep[] = [
    ...modelNames.map((name): PlanStep => ({ action: 'create', kind: 'model', name })),
    { action: 'create', kind: 'endpoint-config', name: configName },
    { action: endpoint ? 'update' : 'create', kind: 'endpoint', name: stack },
    ...superseded,
  ];
  const result = (outcome: DeployResult['outcome'], e?: EndpointInfo, removed: PlanStep[] = []): DeployResult => ({
    stack,
    outcome,
    endpoint: { name: stack, ...(e ? { arn: e.arn, status: e.status } : {}), configName: e?.configName ?? configName },
    model: modelName,
    plan,
    removed,
    waited: options.wait && !options.dryRun,
  });
  if (options.dryRun) return result('planned', endpoint);

  const tags = stackTags(stack, ctx.config.tags);
  for (const [i, d] of desired.variants.entries()) {
    ctx.logger.info(`creating model ${modelNames[i]!}`);
    await sagemaker.createModel({ name: modelNames[i]!, ...d.model }, tags);
  }
  ctx.logger.info(`creating endpoint config ${configName}`);
  const variants = desired.variants.map((d, i) => ({ ...d.variant, modelName: modelNames[i]! }));
  await sagemaker.createEndpointConfig(configName, variants, tags, desired.settings);
  const autoscaling = ctx.config.endpoint?.autoscaling;
  if (endpoint) {
    const deployment = usableDeployment(ctx, deploymentSpec(ctx.config.endpoint?.deployment, {}), live?.config.variants ?? [], variants);
    await deregisterDropped(ctx, scaling, stack, variants, live?.config.variants ?? []);
    const final = await rollOut(ctx, sagemaker, {
      stack,
      configName,
      created: plan.filter((s) => s.action === 'create'),
      ...(deployment ? { deployment } : {}),
      wait: options.wait,
      timeoutMs: options.timeoutMs,
    });
    if (!options.wait) return result('updated', final);
    const removed = await removeSuperseded(ctx, sagemaker, stack, live, configName);
    await registerVariants(ctx, scaling, stack, variants, autoscaling);
    return result('updated', final, removed);
  }
  ctx.logger.info(`creating endpoint ${stack}`);
  await sagemaker.createEndpoint(stack, configName, tags);
  if (!options.wait) return result('created', await sagemaker.describeEndpoint(stack));
  const final = await waitForEndpoint(ctx, sagemaker, stack, 'creating endpoint', options.timeoutMs);
  if (!endpointStatus.isInService(final.status)) throw endpointFailed(stack, final);
  await registerVariants(ctx, scaling, stack, variants, autoscaling);
  return result('created', final);
}

async function readLive(sagemaker: DeploySageMaker, configName: string): Promise<LiveEndpoint | undefined> {
  const config = await sagemaker.describeEndpointConfig(configName);
  if (!config) return undefined;
  const models = await Promise.all(config.variants.map((v) => sagemaker.describeModel(v.modelName)));
  return { config, models };
}

function supersededSteps(live: LiveEndpoint): PlanStep[] {
  return [
    { action: 'delete', kind: 'endpoint-config', name: live.config.name },
    ...live.models.filter((m) => m !== undefined).map((m): PlanStep => ({ action: 'delete', kind: 'model', name: m.name })),
  ];
}

/** Removes the config and models the update replaced, but only those sagectl made for this stack. */
async function removeSuperseded(ctx: CommandContext, sagemaker: DeploySageMaker, stack: string, live: LiveEndpoint | undefined, current: string): Promise<PlanStep[]> {
  if (!live || live.config.name === current) return [];
  const arns = new Map([[live.config.name, live.config.arn], ...live.models.filter((m) => m !== undefined).map((m) => [m.name, m.arn] as const)]);
  const owned: PlanStep[] = [];
  for (const step of supersededSteps(live)) {
    if (isManaged(await sagemaker.listTags(arns.get(step.name) ?? ''), stack)) owned.push(step);
    else ctx.logger.warn(`keeping ${step.kind} ${step.name}: it is not managed by sagectl`);
  }
  return removeQuietly(ctx, sagemaker, owned);
}

/** Text for people. */
export function renderDeploy(r: DeployResult): string {
  const lines: string[] = [];
  const headline = {
    created: `Created endpoint ${r.stack}`,
    updated: `Updated endpoint ${r.stack} in place`,
    unchanged: `Endpoint ${r.stack} already runs this spec: nothing changed`,
    planned: `Plan for stack ${r.stack} (dry run, nothing changed):`,
  }[r.outcome];
  lines.push(headline);
  if (r.outcome === 'planned') {
    for (const s of r.plan) lines.push(`  ${s.action.padEnd(6)} ${s.kind.padEnd(15)} ${s.name}`);
    return lines.join('\n');
  }
  if (r.endpoint.status) lines.push(`  status   ${r.endpoint.status}${r.waited || r.outcome === 'unchanged' ? '' : ' (not waited for: follow with `sagectl status ' + r.stack + '`)'}`);
  if (r.endpoint.arn) lines.push(`  arn      ${r.endpoint.arn}`);
  lines.push(`  config   ${r.endpoint.configName}`);
  if (r.model) lines.push(`  model    ${r.model}`);
  for (const s of r.removed) lines.push(`  removed  ${s.kind} ${s.name}`);
  return lines.join('\n');
}

/** The deploy command's options as commander parses them. */
export interface DeployFlags {
  wait: boolean;
  timeout: string;
  dryRun?: boolean;
}

/** CLI entry: builds the real services and runs {@link deploy}. */
export function main(globals: GlobalOptions, flags: DeployFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: (ctx) => {
      const timeoutMs = parseDuration(flags.timeout, '--timeout');
      const scaling = ctx.config.endpoint?.autoscaling ? AutoScalingService.create(ctx.clientOptions) : undefined;
      return deploy(ctx, SageMakerService.create(ctx.clientOptions), { wait: flags.wait, timeoutMs, dryRun: Boolean(flags.dryRun) }, scaling);
    },
    render: renderDeploy,
  });
}
