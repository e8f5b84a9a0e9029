import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { isManaged, TagKey, type Tags } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { ServiceFactory } from '../../services/factory.js';
import { lazyService } from '../../services/lazy.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { waitForEndpointGone } from '../endpoint/wait.js';
import { SageMakerResourceFinder, type SageMakerResourceApi } from '../stack/resources.js';
import { CARRIED_TAGS, pausedConfigOf, SCALING_TAG_PREFIX, scalingTags } from '../stack/paused.js';
import type { AutoScalingService } from '../../services/autoscaling.js';
import type { PauseFlags } from './cli.js';
import { parsePauseFlags } from './flags.js';

/** The SageMaker calls pause makes. */
export type PauseSageMaker = SageMakerResourceApi & Pick<SageMakerService, 'describeEndpoint' | 'describeEndpointConfig' | 'addTags' | 'deleteTags'>;

/** The Application Auto Scaling calls pause makes: what the endpoint's variants scale with, recorded before they are deregistered. */
export type PauseScaling = Pick<AutoScalingService, 'scalingOf' | 'deregister'>;

export interface PauseResult {
  stack: string;
  /** `paused` now, `already-paused` before this run, `planned` for --dry-run. */
  outcome: 'paused' | 'already-paused' | 'planned';
  endpoint: string;
  /** The endpoint config `resume` comes back to. */
  config: string;
  pausedAt?: string;
  /** The endpoint was still `Deleting` when pause returned (--no-wait). */
  deleting?: boolean;
  /** The variants whose autoscaling was recorded (and deregistered), for `resume` to register again. */
  autoscaling?: string[];
}

/** Endpoint states a pause may start from: serving, or stopped by SageMaker. */
const PAUSABLE = new Set(['InService', 'OutOfService']);

/**
 * Pauses a stack: records on the endpoint config it runs that the stack is paused (tag
 * `sagectl:paused=<when>`, with the endpoint's protection and served version carried over), then
 * deletes only the endpoint. The record is written first, so a run cut short after the delete
 * still knows where to come back to. The endpoint's autoscaling (each variant's limits and
 * target-tracking policy) goes into the same record, and its targets are deregistered before the
 * endpoint is deleted, as teardown does. Models, configs, versions and the API stay.
 */
export async function pause(
  ctx: CommandContext,
  sagemaker: PauseSageMaker,
  options: { stack: string; dryRun: boolean; wait?: { timeoutMs: number } },
  scaling?: PauseScaling,
): Promise<PauseResult> {
  const { stack } = options;
  const endpoint = await sagemaker.describeEndpoint(stack);
  if (!endpoint) {
    const paused = pausedConfigOf(await new SageMakerResourceFinder(sagemaker).find(stack));
    if (paused) return { stack, outcome: 'already-paused', endpoint: stack, config: paused.name, pausedAt: paused.pausedAt.toISOString() };
    throw new UsageError(`no endpoint for stack ${stack} in this region, and it is not paused`, 'run `sagectl status` to see the stacks that exist');
  }
  const tags = await sagemaker.listTags(endpoint.arn);
  if (!isManaged(tags, stack)) throw new UsageError(`endpoint ${stack} is not managed by sagectl (no sagectl:managed-by tag): pause refuses it`);
  if (!PAUSABLE.has(endpoint.status)) {
    throw new UsageError(
      `endpoint ${stack} is ${endpoint.status}: only an InService (or OutOfService) endpoint is paused`,
      endpoint.status === 'Failed' ? `remove it with \`sagectl teardown ${stack}\`` : `wait until it settles (\`sagectl status ${stack}\`), then pause it`,
    );
  }
  const config = await sagemaker.describeEndpointConfig(endpoint.configName);
  const configTags = config ? await sagemaker.listTags(config.arn) : undefined;
  if (!config || !configTags || !isManaged(configTags, stack)) {
    throw new UsageError(
      `endpoint ${stack} runs endpoint config ${endpoint.configName}, which ${config ? 'sagectl does not manage' : 'is gone'}: nothing to resume from, so pause refuses`,
      `deploy the stack again (\`sagectl deploy\`), then pause it`,
    );
  }
  if (options.dryRun) return { stack, outcome: 'planned', endpoint: stack, config: config.name };

  const pausedAt = ctx.clock.now();
  const scaled = scaling ? await scaling.scalingOf(stack) : new Map<string, never>();
  // A record of an earlier pause on the same config that this one does not repeat would bring back autoscaling the stack no longer had.
  const stale = Object.keys(configTags).filter((k) => k.startsWith(SCALING_TAG_PREFIX) && !scaled.has(k.slice(SCALING_TAG_PREFIX.length)));
  if (stale.length > 0) await sagemaker.deleteTags(config.arn, stale);
  await sagemaker.addTags(config.arn, { ...carried(tags), ...scalingTags(scaled), [TagKey.Paused]: pausedAt.toISOString() });
  for (const variant of scaled.keys()) await scaling!.deregister(stack, variant);
  await sagemaker.deleteEndpoint(stack);
  ctx.logger.info(`paused ${stack}: endpoint deleted, resume it on ${config.name} with \`sagectl resume ${stack}\``);
  if (options.wait) await waitForEndpointGone(ctx, sagemaker, stack, options.wait.timeoutMs);
  return {
    stack,
    outcome: 'paused',
    endpoint: stack,
    config: config.name,
    pausedAt: pausedAt.toISOString(),
    ...(options.wait ? {} : { deleting: true }),
    ...(scaled.size > 0 ? { autoscaling: [...scaled.keys()] } : {}),
  };
}

/** The endpoint's tags that live on it alone (protection, the version it serves), kept on the config while paused. */
function carried(tags: Tags): Tags {
  return Object.fromEntries(CARRIED_TAGS.filter((k) => tags[k] !== undefined).map((k) => [k, tags[k]!]));
}

/** Text for people. */
export function renderPause(r: PauseResult): string {
  if (r.outcome === 'planned') return `Dry run: would delete endpoint ${r.endpoint} and keep ${r.config} to resume on.`;
  if (r.outcome === 'already-paused') return `${r.stack} is already paused (since ${r.pausedAt}); resume it with \`sagectl resume ${r.stack}\`.`;
  const scaling = r.autoscaling ? `\nAutoscaling of ${r.autoscaling.join(', ')} recorded on the config; resume registers it again.` : '';
  return `Paused ${r.stack}: endpoint ${r.endpoint} ${r.deleting ? 'is being deleted' : 'deleted'}; models and config ${r.config} kept.${scaling}\nResume with \`sagectl resume ${r.stack}\`.`;
}

/** CLI entry. The stack comes from the argument, else `--stack`, else the config's name. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: PauseFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const options = parsePauseFlags('pause', stack ?? globals.stack ?? ctx.config.name, flags);
      const make = new ServiceFactory(ctx.clientOptions);
      return pause(
        ctx,
        await make.sagemaker(),
        options,
        lazyService(() => make.autoscaling()),
      );
    },
    render: renderPause,
  });
}
