import type { CommandContext } from '../../core/context.js';
import { InternalError, messageOf, ResourceFailedError, UsageError } from '../../core/errors.js';
import { TagKey, type Tags } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { ServiceFactory } from '../../services/factory.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { waitForEndpoint, waitForEndpointGone } from '../endpoint/wait.js';
import { nextRecordTime } from '../endpoint/history.js';
import { SageMakerResourceFinder, type SageMakerResourceApi, type StackResource } from '../stack/resources.js';
import { CARRIED_TAGS, pausedConfigOf, recordedScaling, SCALING_TAG_PREFIX } from '../stack/paused.js';
import type { AutoScalingService } from '../../services/autoscaling.js';
import { lazyService } from '../../services/lazy.js';
import type { PauseFlags } from './cli.js';
import { parsePauseFlags } from './flags.js';

/** The SageMaker calls resume makes. */
export type ResumeSageMaker = SageMakerResourceApi & Pick<SageMakerService, 'describeEndpoint' | 'createEndpoint' | 'addTags' | 'deleteTags'>;

/** The Application Auto Scaling call resume makes: registering again what pause recorded. */
export type ResumeScaling = Pick<AutoScalingService, 'restore'>;

export interface ResumeResult {
  stack: string;
  /** `resumed` (InService), `resuming` (--no-wait), `running` (not paused: nothing done), `planned` (--dry-run). */
  outcome: 'resumed' | 'resuming' | 'running' | 'planned';
  endpoint: string;
  config: string;
  status?: string;
  /** The variants registered for autoscaling again, as pause recorded them (planned ones for --dry-run). */
  autoscaling?: string[];
}

/**
 * Resumes a paused stack: creates the endpoint again on the config recorded by `pause`, with the
 * tags it had, waits until it is InService, registers the autoscaling pause recorded (targets
 * and policies, as deploy registers them), records that the config went live again (the history
 * rollback follows), and clears the pause record.
 */
export async function resume(
  ctx: CommandContext,
  sagemaker: ResumeSageMaker,
  options: { stack: string; dryRun: boolean; wait?: { timeoutMs: number } },
  scaling?: ResumeScaling,
): Promise<ResumeResult> {
  const { stack } = options;
  let endpoint = await sagemaker.describeEndpoint(stack);
  if (endpoint && endpoint.status !== 'Deleting') {
    const running: ResumeResult = { stack, outcome: 'running', endpoint: stack, config: endpoint.configName, status: endpoint.status };
    if (endpoint.status !== 'InService' || options.dryRun) return running;
    // Resumed with --no-wait before: the endpoint came up on the paused config; what that run left (autoscaling, records) is done now.
    const found = await new SageMakerResourceFinder(sagemaker).find(stack);
    const paused = pausedConfigOf(found);
    if (!paused || paused.name !== endpoint.configName) return running;
    return finishResume(ctx, sagemaker, scaling, stack, paused, found);
  }
  const found = await new SageMakerResourceFinder(sagemaker).find(stack);
  const paused = pausedConfigOf(found);
  if (!paused) {
    throw new UsageError(
      `stack ${stack} is not paused: it has no endpoint and no endpoint config of it carries ${TagKey.Paused}`,
      'deploy it with `sagectl deploy`, or run `sagectl status` to see the stacks that exist',
    );
  }
  const scaled = recordedScaling(paused.tags);
  const autoscaling = scaled.size > 0 ? { autoscaling: [...scaled.keys()] } : {};
  if (options.dryRun) return { stack, outcome: 'planned', endpoint: stack, config: paused.name, ...autoscaling };
  // Paused with --no-wait a moment ago: the name is free only once the old endpoint is gone.
  if (endpoint) await waitForEndpointGone(ctx, sagemaker, stack, options.wait?.timeoutMs ?? 30 * 60_000);

  await sagemaker.createEndpoint(stack, paused.name, endpointTags(paused.tags));
  // A scalable target needs the endpoint InService: without waiting, the record stays, and the next `resume` finishes.
  if (!options.wait) return { stack, outcome: 'resuming', endpoint: stack, config: paused.name, status: 'Creating' };
  endpoint = await waitForEndpoint(ctx, sagemaker, stack, 'resuming endpoint', options.wait.timeoutMs);
  if (endpoint.status !== 'InService') {
    throw new ResourceFailedError(
      `endpoint ${stack} is ${endpoint.status} after resuming on ${paused.name}${endpoint.failureReason ? `: ${endpoint.failureReason}` : ''}`,
      `the pause record is kept; remove the failed endpoint with \`sagectl teardown ${stack}\` or deploy again`,
    );
  }
  return finishResume(ctx, sagemaker, scaling, stack, paused, found);
}

/**
 * Once the endpoint is InService on the paused config: registers the recorded autoscaling,
 * records that the config went live again, and clears every pause record of the stack.
 */
async function finishResume(
  ctx: CommandContext,
  sagemaker: ResumeSageMaker,
  scaling: ResumeScaling | undefined,
  stack: string,
  paused: StackResource,
  found: readonly StackResource[],
): Promise<ResumeResult> {
  const scaled = recordedScaling(paused.tags);
  if (scaled.size > 0 && !scaling) throw new InternalError('resume of a stack with recorded autoscaling without the Application Auto Scaling calls');
  // Before the record is cleared: a refusal here leaves it, and the error says what to run.
  for (const [variant, recorded] of scaled) {
    await scaling!.restore(stack, variant, recorded).catch((error: unknown) => {
      throw new ResourceFailedError(
        `endpoint ${stack} is InService on ${paused.name}, but registering autoscaling of variant ${variant} again failed: ${messageOf(error)}`,
        `the pause record is kept: \`sagectl resume ${stack}\` tries again`,
      );
    });
  }
  if (scaled.size > 0) ctx.logger.info(`autoscaling of ${[...scaled.keys()].join(', ')} registered again as it was when paused`);
  const configs = found.filter((r) => r.kind === 'endpoint-config' && r.managed);
  const latest = Math.max(0, ...configs.map((c) => Date.parse(c.tags[TagKey.WentLive] ?? '') || 0));
  const wentLive = nextRecordTime(ctx.clock.now(), latest > 0 ? new Date(latest) : undefined);
  await sagemaker.addTags(paused.arn, { [TagKey.WentLive]: wentLive.toISOString() });
  // Every config's marker goes: an older one left by a deploy after a pause would make the stack look paused later.
  for (const c of configs.filter((r) => r.tags[TagKey.Paused] !== undefined)) {
    const records = Object.keys(c.tags).filter((k) => k.startsWith(SCALING_TAG_PREFIX));
    await sagemaker.deleteTags(c.arn, [TagKey.Paused, ...CARRIED_TAGS.filter((k) => c.tags[k] !== undefined), ...records]);
  }
  ctx.logger.info(`resumed ${stack} on ${paused.name}`);
  return {
    stack,
    outcome: 'resumed',
    endpoint: stack,
    config: paused.name,
    status: 'InService',
    ...(scaled.size > 0 ? { autoscaling: [...scaled.keys()] } : {}),
  };
}

/** The endpoint's tags: the config's (the stack's tags plus what pause carried over), without the config's own records. */
function endpointTags(configTags: Tags): Tags {
  const tags = { ...configTags };
  delete tags[TagKey.Paused];
  delete tags[TagKey.WentLive];
  for (const key of Object.keys(tags)) if (key.startsWith(SCALING_TAG_PREFIX)) delete tags[key];
  return tags;
}

/** Text for people. */
export function renderResume(r: ResumeResult): string {
  switch (r.outcome) {
    case 'planned':
      return `Dry run: would create endpoint ${r.endpoint} on ${r.config}${r.autoscaling ? ` and register autoscaling of ${r.autoscaling.join(', ')} again` : ''}.`;
    case 'running':
      return `${r.stack} is not paused: endpoint ${r.endpoint} is ${r.status} on ${r.config}.`;
    case 'resuming':
      return `Resuming ${r.stack} on ${r.config}: endpoint Creating (follow it with \`sagectl status ${r.stack}\`).`;
    case 'resumed':
      return `Resumed ${r.stack}: endpoint ${r.endpoint} InService on ${r.config}${r.autoscaling ? `; autoscaling of ${r.autoscaling.join(', ')} registered again` : ''}.`;
  }
}

/** CLI entry. The stack comes from the argument, else `--stack`, else the config's name. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: PauseFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const options = parsePauseFlags('resume', stack ?? globals.stack ?? ctx.config.name, flags);
      const make = new ServiceFactory(ctx.clientOptions);
      return resume(
        ctx,
        await make.sagemaker(),
        options,
        lazyService(() => make.autoscaling()),
      );
    },
    render: renderResume,
  });
}
