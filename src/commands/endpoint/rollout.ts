import type { CommandContext } from '../../core/context.js';
import { AwsRequestError, ResourceFailedError, UsageError, messageOf } from '../../core/errors.js';
import { isManaged, TagKey, type Tags } from '../../core/tags.js';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { DeploymentSpec } from '../../services/deployment-config.js';
import type { EndpointInfo, SageMakerService } from '../../services/sagemaker.js';
import { waitForEndpoint } from './wait.js';
import { endpointLogs, recentLines, type LogsReader } from '../logs/tail.js';
import { VersionTagKey } from '../model/version.js';
import { keepCreated, undoCreated } from './undo.js';

/**
 * What deploy and update-endpoint share when they change a live endpoint: the refusals that
 * come before (an endpoint busy, failed or being deleted), the update itself with its wait, and
 * the check afterwards of which config the endpoint really runs (SageMaker rolls back on its own).
 */

export type ResourceKind = 'endpoint' | 'endpoint-config' | 'model' | 'scalable-target';

/** One step of a plan, or one resource created or removed. */
export interface PlanStep {
  /**
   * `register`: an autoscaling target; `tag` / `untag`: the endpoint's protection (plans only);
   * `adopt`: a model or config an interrupted run of the same command created, used instead of a new one (endpoint/adopt.ts).
   */
  action: 'create' | 'adopt' | 'update' | 'delete' | 'register' | 'tag' | 'untag';
  kind: ResourceKind;
  name: string;
}

/** Refuses to touch an endpoint that sagectl does not manage for this stack; returns its tags. */
export async function assertManaged(sagemaker: Pick<SageMakerService, 'listTags'>, endpoint: EndpointInfo, stack: string): Promise<Tags> {
  const tags = await sagemaker.listTags(endpoint.arn);
  if (!isManaged(tags, stack)) {
    throw new UsageError(
      `endpoint ${endpoint.name} exists but is not managed by sagectl for stack ${stack} (tags ${TagKey.Stack}=${stack} and ${TagKey.ManagedBy}=sagectl missing); sagectl will not change it`,
      'choose another stack name with --stack',
    );
  }
  return tags;
}

/**
 * After a confirmed update, the endpoint's tags say which registered version it now serves
 * (`versionTags`, read by `status`): set when the new model comes from a version, removed when
 * it no longer does (so `status` never names a stale one). `before` is the endpoint's tags
 * before the update.
 */
export async function retagServing(sagemaker: Pick<SageMakerService, 'addTags' | 'deleteTags'>, arn: string, before: Tags, serving: Tags): Promise<void> {
  if (Object.keys(serving).length > 0) await sagemaker.addTags(arn, serving);
  else if (before[VersionTagKey.Version] !== undefined || before[VersionTagKey.PackageArn] !== undefined)
    await sagemaker.deleteTags(arn, Object.values(VersionTagKey));
}

export interface ReadyOptions {
  wait: boolean;
  timeoutMs: number;
  /** What to tell the user about a Failed endpoint (deploy: teardown; update-endpoint: --recreate). */
  failedResolution: string;
}

/**
 * Returns the endpoint once it can take an update: waits for one in progress (Creating,
 * Updating, RollingBack…) or refuses with exit 2 under `--no-wait`; a Failed endpoint cannot be
 * updated at all (exit 4, with how to recreate it); one being deleted is refused (exit 2).
 */
export async function readyForUpdate(
  ctx: CommandContext,
  sagemaker: Pick<SageMakerService, 'describeEndpoint'>,
  endpoint: EndpointInfo,
  options: ReadyOptions,
): Promise<EndpointInfo> {
  const stack = endpoint.name;
  let current = endpoint;
  if (current.status === 'Deleting') {
    throw new UsageError(`endpoint ${stack} is being deleted: it cannot be updated`, `wait until it is gone, then run \`sagectl deploy --stack ${stack}\``);
  }
  if (endpointStatus.isChanging(current.status)) {
    if (!options.wait)
      throw new UsageError(`endpoint ${stack} is ${current.status}: it cannot be changed until that finishes`, 'run again without --no-wait to wait for it');
    ctx.logger.info(`endpoint ${stack} is ${current.status}; waiting for that to finish first`);
    current = await waitForEndpoint(ctx, sagemaker, stack, `waiting for ${current.status.toLowerCase()} endpoint`, options.timeoutMs);
  }
  if (endpointStatus.isFailed(current.status)) {
    throw new ResourceFailedError(
      `endpoint ${stack} is ${current.status}${current.failureReason ? `: ${current.failureReason}` : ''}; a failed endpoint cannot be updated, only recreated`,
      options.failedResolution,
    );
  }
  return current;
}

export type RolloutSageMaker = Pick<SageMakerService, 'describeEndpoint' | 'updateEndpoint' | 'deleteEndpointConfig' | 'deleteModel'>;

export interface RolloutOptions {
  stack: string;
  configName: string;
  /** What this run created (or adopted) for the update: removed again if SageMaker rolls it back. */
  created: PlanStep[];
  deployment?: DeploymentSpec;
  wait: boolean;
  timeoutMs: number;
  /** Read for the last container log lines when the endpoint ends Failed. */
  containerLogs?: LogsReader;
  /** What the endpoint runs before the update: named when the update is refused or rolled back, since it still serves. */
  serving?: Serving;
  /**
   * Called when the endpoint is left on what it ran (the update refused, or rolled back): puts
   * back what the run took away before the switch (autoscaling of the variants it would drop) and
   * returns a note for the error.
   */
  restore?: () => Promise<string | undefined>;
}

/** An endpoint config and the models of its variants. */
export interface Serving {
  config: string;
  models: string[];
}

/**
 * Updates the endpoint to `configName` and waits until SageMaker settles. When AWS refuses the
 * update itself (exit 3), or the endpoint ends back on another config because SageMaker rolled the
 * update back (failed health check, or a rollback alarm fired; exit 4), what this run created
 * never served traffic: it is removed, and the error says what still serves and why.
 */
export async function rollOut(ctx: CommandContext, sagemaker: RolloutSageMaker, options: RolloutOptions): Promise<EndpointInfo> {
  const { stack, configName } = options;
  ctx.logger.info(`updating endpoint ${stack} to ${configName}${options.deployment ? ` (${options.deployment.strategy})` : ''}`);
  try {
    await sagemaker.updateEndpoint(stack, configName, options.deployment);
  } catch (error) {
    // Only a refusal proves the endpoint never took the config: a request that got no answer
    // (NetworkError) may have been accepted, and deleting a config an endpoint is moving to breaks it.
    if (!(error instanceof AwsRequestError)) throw error;
    const created = options.created.filter((s) => s.kind !== 'endpoint');
    // A retry whose first attempt went through (its answer lost on the way) is refused as an
    // update in progress: then the endpoint is moving to this config, and removing it would break
    // the update. One DescribeEndpoint, on this path only, tells the two apart.
    const now = await sagemaker.describeEndpoint(stack);
    if (!now || now.configName === configName || !endpointStatus.isFinal(now.status))
      throw keepCreated(created, error, `endpoint ${stack} is ${now ? `${now.status} on ${now.configName}` : 'gone'} and may be taking ${configName}`);
    const restored = await options.restore?.();
    const still = [options.serving ? `endpoint ${stack} still runs ${servingText(options.serving)}` : undefined, restored].filter(Boolean).join('; ');
    throw await undoCreated(ctx, sagemaker, created, error, still || undefined);
  }
  if (!options.wait) {
    const now = await sagemaker.describeEndpoint(stack);
    if (!now) throw new ResourceFailedError(`endpoint ${stack} disappeared during the update (deleted by someone else?)`);
    return now;
  }
  const final = await waitForEndpoint(ctx, sagemaker, stack, 'updating endpoint', options.timeoutMs);
  if (final.configName !== configName && !endpointStatus.isInService(final.status)) {
    // UpdateRollbackFailed: SageMaker could not finish going back, and the endpoint may serve from
    // both configs; nothing this run created can be removed safely.
    throw new ResourceFailedError(
      `the update of endpoint ${stack} to ${configName} failed and so did SageMaker's rollback: it is ${final.status}${final.failureReason ? ` (${final.failureReason})` : ''}, and may serve from ${final.configName} and ${configName}`,
      `see \`sagectl status ${stack}\`; \`sagectl update-endpoint ${stack} --rollback\` or \`sagectl teardown ${stack}\` once it settles`,
    );
  }
  if (final.configName !== configName) {
    await removeQuietly(
      ctx,
      sagemaker,
      options.created.filter((s) => s.kind !== 'endpoint').map((s) => ({ ...s, action: 'delete' as const })),
    );
    const restored = await options.restore?.();
    const error = rolledBack(stack, final, options.deployment?.rollbackAlarms ?? [], options.serving);
    throw restored ? new ResourceFailedError(`${error.message}; ${restored}`, error.resolution) : error;
  }
  if (!endpointStatus.isInService(final.status)) throw await withContainerLogs(ctx, endpointFailed(stack, final), stack, options.containerLogs);
  return final;
}

/** `config (model m1, m2)`: what serves, for people. */
function servingText(serving: Serving): string {
  return `${serving.config}${serving.models.length > 0 ? ` (model ${serving.models.join(', ')})` : ''}`;
}

/** The exit-4 error of an update SageMaker rolled back, naming what still serves, the reason and the alarms watched. */
function rolledBack(stack: string, endpoint: EndpointInfo, alarms: string[], before: Serving | undefined): ResourceFailedError {
  const reason = endpoint.failureReason ? `: ${endpoint.failureReason}` : '';
  const watched = alarms.length > 0 ? ` (rollback alarms watched: ${alarms.join(', ')})` : '';
  const still = before?.config === endpoint.configName ? servingText(before) : endpoint.configName;
  return new ResourceFailedError(
    `the update of endpoint ${stack} was rolled back; it still runs ${still}${reason}${watched}`,
    `see the container logs with \`sagectl logs ${stack}\`${alarms.length > 0 ? ' and the alarm history in CloudWatch' : ''}`,
  );
}

/** The exit-4 error of an endpoint that ended in a failed state. */
export function endpointFailed(stack: string, endpoint: EndpointInfo): ResourceFailedError {
  return new ResourceFailedError(
    `endpoint ${stack} is ${endpoint.status}${endpoint.failureReason ? `: ${endpoint.failureReason}` : ''}`,
    `\`sagectl teardown ${stack}\` removes what was created`,
  );
}

/** The failure with the endpoint's last container log lines: the usual cause is in there. */
export async function withContainerLogs(
  ctx: CommandContext,
  error: ResourceFailedError,
  stack: string,
  logs: LogsReader | undefined,
): Promise<ResourceFailedError> {
  if (!logs) return error;
  let lines: string[] = [];
  try {
    lines = await recentLines(logs, endpointLogs(stack), CONTAINER_LOG_LINES);
  } catch (e) {
    ctx.logger.warn(`could not read the container logs of ${stack}: ${messageOf(e)}`);
  }
  if (lines.length === 0) return error;
  return new ResourceFailedError(`${error.message}\nlast ${lines.length} container log lines:\n${lines.map((l) => `  | ${l}`).join('\n')}`, error.resolution);
}

/** How many container log lines a failed deploy or update shows. */
const CONTAINER_LOG_LINES = 20;

/** Deletes in order (configs before models); a failure is logged, not thrown, since the change itself succeeded. */
export async function removeQuietly(
  ctx: CommandContext,
  sagemaker: Pick<SageMakerService, 'deleteEndpointConfig' | 'deleteModel'>,
  steps: PlanStep[],
): Promise<PlanStep[]> {
  const removed: PlanStep[] = [];
  for (const step of steps) {
    try {
      if (step.kind === 'endpoint-config') await sagemaker.deleteEndpointConfig(step.name);
      else if (step.kind === 'model') await sagemaker.deleteModel(step.name);
      else continue;
      removed.push(step);
      ctx.logger.info(`removed ${step.kind} ${step.name}`);
    } catch (error) {
      ctx.logger.warn(`could not remove ${step.kind} ${step.name}: ${messageOf(error)}; \`sagectl teardown\` removes it later`);
    }
  }
  return removed;
}

/**
 * The deployment an update can use: SageMaker's guardrails (canary, linear, bake, rollback alarms)
 * need the new config to have the same variant names as the old one; otherwise the update goes
 * all at once without them, and the user is told.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html
 */
export function usableDeployment(
  ctx: CommandContext,
  deployment: DeploymentSpec | undefined,
  previous: readonly { variantName: string }[],
  next: readonly { variantName: string }[],
): DeploymentSpec | undefined {
  if (!deployment) return undefined;
  const key = (vs: readonly { variantName: string }[]): string =>
    vs
      .map((v) => v.variantName)
      .sort()
      .join(',');
  if (key(previous) === key(next)) return deployment;
  ctx.logger.warn(
    `the variants change (${key(previous)} → ${key(next)}): SageMaker's ${deployment.strategy} deployment and rollback alarms need the same variant names, so this update shifts traffic all at once`,
  );
  return undefined;
}
