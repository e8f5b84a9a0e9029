import path from 'node:path';
import type { CommandContext } from '../core/context.js';
import { ResourceFailedError, UsageError } from '../core/errors.js';
import { freeTimestamp, names } from '../core/names.js';
import { isManaged, stackTags, TagKey, type Tags } from '../core/tags.js';
import { runCommand, type GlobalOptions } from '../core/runner.js';
import { parseDuration } from '../core/duration.js';
import { endpointStatus } from '../services/endpoint-status.js';
import { SageMakerService, type EndpointInfo } from '../services/sagemaker.js';
import { desiredEndpoint, runsDesired, type LiveEndpoint } from './deploy-spec.js';
import { waitForEndpoint } from './endpoint-wait.js';
import { JobsService } from '../services/jobs.js';
import { LogsService } from '../services/logs.js';
import { endpointLogs, recentLines, type LogsReader } from './log-tail.js';
import { resolveModelSource, type ModelSource, type ModelSourceRef } from './model-source.js';
import { readSmokePayload, smokeTest, type SmokePayload, type SmokeTestResult } from './smoke-test.js';
import type { InvokeRuntime } from './invoke.js';
import { RuntimeService } from '../services/runtime.js';
import { RegistryService, type VersionInfo } from '../services/registry.js';
import { parseVersionRef, resolveVersion, versionTags, VersionTagKey } from './model-version.js';

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
>;

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

export type ResourceKind = 'endpoint' | 'endpoint-config' | 'model';

/** One step of the plan. */
export interface PlanStep {
  action: 'create' | 'update' | 'delete';
  kind: ResourceKind;
  name: string;
}

export interface DeployResult {
  stack: string;
  /** `planned` for --dry-run. */
  outcome: 'created' | 'updated' | 'unchanged' | 'planned';
  endpoint: { name: string; arn?: string; status?: string; configName: string };
  model?: string;
  /** The registered version the endpoint serves, with --version. */
  modelVersion?: number;
  plan: PlanStep[];
  /** Superseded configs and models removed after an update. */
  removed: PlanStep[];
  waited: boolean;
  /** Set when --protect or --unprotect changed the endpoint's protection. */
  protected?: boolean;
  /** Set when `--smoke-test` ran and passed (a failure throws, exit 4). */
  smokeTest?: SmokeTestResult;
}

export const DEFAULT_DEPLOY_TIMEOUT = '60m';

/**
 * Converges the stack's endpoint on the config: creates model, endpoint config and endpoint
 * when there is none; does nothing when the live endpoint runs the same spec; otherwise creates a
 * new model and config, updates the endpoint in place (no loss of service) and removes the
 * superseded config and model.
 */
export async function deploy(ctx: CommandContext, sagemaker: DeploySageMaker, options: DeployOptions): Promise<DeployResult> {
  if (options.smokeTest && !options.wait && !options.dryRun) {
    throw new UsageError('--smoke-test needs the endpoint InService: it cannot run with --no-wait', 'drop --no-wait, or run `sagectl invoke` once the endpoint is InService');
  }
  let result = await converge(ctx, sagemaker, options);
  if (options.dryRun) return result;
  if (options.protect !== undefined && result.endpoint.arn) {
    // The tag sits on the endpoint: bulk teardown (--all, --idle, --older-than, --tag) skips a
    // stack whose resources carry it, and naming the stack needs --force.
    if (options.protect) await sagemaker.addTags(result.endpoint.arn, { [TagKey.Protect]: 'true' });
    else await sagemaker.deleteTags(result.endpoint.arn, [TagKey.Protect]);
    ctx.logger.info(`stack ${result.stack} is ${options.protect ? 'now protected from' : 'no longer protected from'} bulk teardown`);
    result = { ...result, protected: options.protect };
  }
  if (options.smokeTest) result = { ...result, smokeTest: await smokeTest(ctx, options.smokeTest.runtime, result.endpoint.name, options.smokeTest.payload) };
  return result;
}

async function converge(ctx: CommandContext, sagemaker: DeploySageMaker, options: DeployOptions): Promise<DeployResult> {
  const fromElsewhere = options.modelSource !== undefined || options.modelVersion !== undefined;
  const desired = desiredEndpoint(ctx.config, ctx.configFile ? path.basename(ctx.configFile) : 'config', fromElsewhere);
  const stack = desired.stack;
  if (options.modelSource) {
    const source = await options.modelSource();
    ctx.logger.info(`model from training job ${source.trainingJob}${source.tuningJob ? ` (best of tuning job ${source.tuningJob})` : ''}: ${source.modelDataUrl}`);
    desired.model = { ...desired.model, image: source.image, modelDataUrl: source.modelDataUrl };
  }
  const version = options.modelVersion ? await options.modelVersion() : undefined;
  if (version) {
    ctx.logger.info(`model from ${stack} v${version.version} (${version.approval}): ${version.arn}`);
    const { modelDataUrl: _artifact, ...rest } = desired.model;
    desired.model = { ...rest, image: version.image, modelPackageArn: version.arn };
  }
  const servingTags = version ? versionTags(version) : {};
  let endpoint = await sagemaker.describeEndpoint(names.endpoint(stack));
  let live: LiveEndpoint | undefined;
  let endpointTags: Tags = {};
  if (endpoint) {
    endpointTags = await assertManaged(sagemaker, endpoint, stack);
    if (endpointStatus.isChanging(endpoint.status) && !options.dryRun) {
      if (!options.wait) throw new UsageError(`endpoint ${stack} is ${endpoint.status}: deploy cannot change it until that finishes`, 'run again without --no-wait to wait for it');
      ctx.logger.info(`endpoint ${stack} is ${endpoint.status}; waiting for that to finish first`);
      endpoint = await waitForEndpoint(ctx, sagemaker, stack, `waiting for ${endpoint.status.toLowerCase()} endpoint`, options.timeoutMs);
    }
    if (endpointStatus.isFailed(endpoint.status)) {
      throw new ResourceFailedError(
        `endpoint ${stack} is ${endpoint.status}${endpoint.failureReason ? `: ${endpoint.failureReason}` : ''}; a failed endpoint cannot be updated`,
        `run \`sagectl teardown ${stack}\` to remove it, then deploy again`,
      );
    }
    live = await readLive(sagemaker, endpoint.configName);
    if (live && runsDesired(live, desired)) {
      ctx.logger.info(`endpoint ${stack} already runs this spec; nothing to do`);
      return {
        stack,
        outcome: 'unchanged',
        endpoint: { name: stack, arn: endpoint.arn, status: endpoint.status, configName: endpoint.configName },
        ...(live.config.variants[0] ? { model: live.config.variants[0].modelName } : {}),
        ...(version ? { modelVersion: version.version } : {}),
        plan: [],
        removed: [],
        waited: false,
      };
    }
  }

  const taken = new Set([endpoint?.configName ?? '', ...(live?.config.variants.map((v) => v.modelName) ?? [])]);
  const at = freeTimestamp(ctx.clock.now(), taken, (t) => [names.endpointConfig(stack, t), names.model(stack, desired.variant.variantName, t)]);
  const modelName = names.model(stack, desired.variant.variantName, at);
  const configName = names.endpointConfig(stack, at);
  const superseded: PlanStep[] = live ? supersededSteps(live) : [];
  const plan: PlanStep[] = [
    { action: 'create', kind: 'model', name: modelName },
    { action: 'create', kind: 'endpoint-config', name: configName },
    { action: endpoint ? 'update' : 'create', kind: 'endpoint', name: stack },
    ...superseded,
  ];
  const result = (outcome: DeployResult['outcome'], e?: EndpointInfo, removed: PlanStep[] = []): DeployResult => ({
    stack,
    outcome,
    endpoint: { name: stack, ...(e ? { arn: e.arn, status: e.status } : {}), configName: e?.configName ?? configName },
    model: modelName,
    ...(version ? { modelVersion: version.version } : {}),
    plan,
    removed,
    waited: options.wait && !options.dryRun,
  });
  if (options.dryRun) return result('planned', endpoint);

  const tags = stackTags(stack, ctx.config.tags);
  ctx.logger.info(`creating model ${modelName}`);
  await sagemaker.createModel({ name: modelName, ...desired.model }, { ...tags, ...servingTags });
  ctx.logger.info(`creating endpoint config ${configName}`);
  await sagemaker.createEndpointConfig(configName, [{ ...desired.variant, modelName }], tags);
  if (endpoint) {
    ctx.logger.info(`updating endpoint ${stack} to ${configName}`);
    await sagemaker.updateEndpoint(stack, configName);
  } else {
    ctx.logger.info(`creating endpoint ${stack}`);
    await sagemaker.createEndpoint(stack, configName, { ...tags, ...servingTags });
  }
  if (!options.wait) {
    const now = await sagemaker.describeEndpoint(stack);
    return result(endpoint ? 'updated' : 'created', now);
  }
  const final = await waitForEndpoint(ctx, sagemaker, stack, endpoint ? 'updating endpoint' : 'creating endpoint', options.timeoutMs);
  if (!endpoint) {
    if (!endpointStatus.isInService(final.status)) throw await withContainerLogs(ctx, endpointFailed(stack, final), stack, options.containerLogs);
    return result('created', final);
  }
  if (final.configName !== configName) {
    // SageMaker rolled the update back: the endpoint still serves the old config. What this run
    // created never served traffic, so it is removed rather than left as an orphan.
    await removeQuietly(ctx, sagemaker, [
      { action: 'delete', kind: 'endpoint-config', name: configName },
      { action: 'delete', kind: 'model', name: modelName },
    ]);
    throw new ResourceFailedError(
      `the update of endpoint ${stack} was rolled back; it still runs ${final.configName}${final.failureReason ? `: ${final.failureReason}` : ''}`,
      `see the container logs with \`sagectl logs ${stack}\``,
    );
  }
  if (!endpointStatus.isInService(final.status)) throw await withContainerLogs(ctx, endpointFailed(stack, final), stack, options.containerLogs);
  const removed = await removeSuperseded(ctx, sagemaker, stack, live, configName);
  await retagServing(sagemaker, final.arn, endpointTags, servingTags);
  return result('updated', final, removed);
}

function endpointFailed(stack: string, endpoint: EndpointInfo): ResourceFailedError {
  return new ResourceFailedError(
    `endpoint ${stack} is ${endpoint.status}${endpoint.failureReason ? `: ${endpoint.failureReason}` : ''}`,
    `\`sagectl teardown ${stack}\` removes what was created`,
  );
}

/** The failure with the endpoint's last container log lines: the usual cause is in there. */
async function withContainerLogs(ctx: CommandContext, error: ResourceFailedError, stack: string, logs: LogsReader | undefined): Promise<ResourceFailedError> {
  if (!logs) return error;
  let lines: string[] = [];
  try {
    lines = await recentLines(logs, endpointLogs(stack), CONTAINER_LOG_LINES);
  } catch (e) {
    ctx.logger.warn(`could not read the container logs of ${stack}: ${(e as Error).message}`);
  }
  if (lines.length === 0) return error;
  return new ResourceFailedError(`${error.message}\nlast ${lines.length} container log lines:\n${lines.map((l) => `  | ${l}`).join('\n')}`, error.resolution);
}

/** How many container log lines a failed deploy shows. */
const CONTAINER_LOG_LINES = 20;

/**
 * After an update, the endpoint's tags say which version it now serves: set with --version,
 * removed when the model no longer comes from a version (so `status` never names a stale one).
 */
async function retagServing(sagemaker: DeploySageMaker, arn: string, before: Tags, serving: Tags): Promise<void> {
  if (Object.keys(serving).length > 0) await sagemaker.addTags(arn, serving);
  else if (before[VersionTagKey.Version] !== undefined) await sagemaker.deleteTags(arn, Object.values(VersionTagKey));
}

/** Refuses to touch an endpoint that sagectl does not manage for this stack; returns its tags. */
async function assertManaged(sagemaker: DeploySageMaker, endpoint: EndpointInfo, stack: string): Promise<Tags> {
  const tags = await sagemaker.listTags(endpoint.arn);
  if (!isManaged(tags, stack)) {
    throw new UsageError(
      `endpoint ${endpoint.name} exists but is not managed by sagectl for stack ${stack} (tags ${TagKey.Stack}=${stack} and ${TagKey.ManagedBy}=sagectl missing); sagectl will not change it`,
      'choose another stack name with --stack',
    );
  }
  return tags;
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

/** Deletes in order (configs before models); a failure is logged, not thrown, since the deploy itself succeeded. */
async function removeQuietly(ctx: CommandContext, sagemaker: DeploySageMaker, steps: PlanStep[]): Promise<PlanStep[]> {
  const removed: PlanStep[] = [];
  for (const step of steps) {
    try {
      if (step.kind === 'endpoint-config') await sagemaker.deleteEndpointConfig(step.name);
      else if (step.kind === 'model') await sagemaker.deleteModel(step.name);
      removed.push(step);
      ctx.logger.info(`removed ${step.kind} ${step.name}`);
    } catch (error) {
      ctx.logger.warn(`could not remove ${step.kind} ${step.name}: ${(error as Error).message}; \`sagectl teardown\` removes it later`);
    }
  }
  return removed;
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
  if (r.model) lines.push(`  model    ${r.model}${r.modelVersion !== undefined ? ` (v${r.modelVersion})` : ''}`);
  for (const s of r.removed) lines.push(`  removed  ${s.kind} ${s.name}`);
  if (r.protected !== undefined) lines.push(`  ${r.protected ? 'protected from bulk teardown (sagectl:protect=true)' : 'no longer protected from bulk teardown'}`);
  if (r.smokeTest) lines.push(`  smoke    passed in ${r.smokeTest.latencyMs} ms${r.smokeTest.invokedVariant ? ` (${r.smokeTest.invokedVariant})` : ''}`);
  return lines.join('\n');
}

/** The deploy command's options as commander parses them. */
export interface DeployFlags {
  wait: boolean;
  timeout: string;
  dryRun?: boolean;
  protect?: boolean;
  unprotect?: boolean;
  fromTrainingJob?: string;
  fromTuningJob?: string;
  smokeTest?: string;
  modelVersion?: string;
  allowUnapproved?: boolean;
}

/** CLI entry: builds the real services and runs {@link deploy}. */
export function main(globals: GlobalOptions, flags: DeployFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: async (ctx) => {
      const timeoutMs = parseDuration(flags.timeout, '--timeout');
      if (flags.protect && flags.unprotect) throw new UsageError('--protect and --unprotect contradict each other: pass one');
      const protect = flags.protect ? true : flags.unprotect ? false : undefined;
      const ref: ModelSourceRef | undefined =
        flags.fromTrainingJob !== undefined ? { trainingJob: flags.fromTrainingJob } : flags.fromTuningJob !== undefined ? { tuningJob: flags.fromTuningJob } : undefined;
      const stack = ctx.config.name ?? '';
      if (flags.allowUnapproved && flags.modelVersion === undefined) throw new UsageError('--allow-unapproved goes with --model-version');
      const versionRef = flags.modelVersion !== undefined ? parseVersionRef(flags.modelVersion) : undefined;
      // The smoke-test file is read and checked before anything changes: a bad one exits 2 with nothing sent.
      const smoke = flags.smokeTest !== undefined ? { runtime: RuntimeService.create(ctx.clientOptions), payload: await readSmokePayload(ctx, flags.smokeTest) } : undefined;
      return deploy(ctx, SageMakerService.create(ctx.clientOptions), {
        wait: flags.wait,
        timeoutMs,
        dryRun: Boolean(flags.dryRun),
        ...(protect !== undefined ? { protect } : {}),
        ...(ref ? { modelSource: () => resolveModelSource(JobsService.create(ctx.clientOptions), stack, ref) } : {}),
        ...(versionRef !== undefined
          ? { modelVersion: () => resolveVersion(RegistryService.create(ctx.clientOptions), stack, versionRef, { allowUnapproved: Boolean(flags.allowUnapproved) }) }
          : {}),
        containerLogs: LogsService.create(ctx.clientOptions),
        ...(smoke ? { smokeTest: smoke } : {}),
      });
    },
    render: renderDeploy,
  });
}
