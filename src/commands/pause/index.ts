import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { isManaged, TagKey, type Tags } from '../../core/tags.js';
import { runCommand, type GlobalOptions } from '../../cli/runner.js';
import { ServiceFactory } from '../../services/factory.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { waitForEndpointGone } from '../endpoint/wait.js';
import { SageMakerResourceFinder, type SageMakerResourceApi } from '../stack/resources.js';
import { CARRIED_TAGS, pausedConfigOf } from '../stack/paused.js';
import type { PauseFlags } from './cli.js';
import { parsePauseFlags } from './flags.js';

/** The SageMaker calls pause makes. */
export type PauseSageMaker = SageMakerResourceApi & Pick<SageMakerService, 'describeEndpoint' | 'describeEndpointConfig' | 'addTags'>;

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
}

/** Endpoint states a pause may start from: serving, or stopped by SageMaker. */
const PAUSABLE = new Set(['InService', 'OutOfService']);

/**
 * Pauses a stack: records on the endpoint config it runs that the stack is paused (tag
 * `sagectl:paused=<when>`, with the endpoint's protection and served version carried over), then
 * deletes only the endpoint. The record is written first, so a run cut short after the delete
 * still knows where to come back to. Models, configs, versions and the API stay.
 */
export async function pause(
  ctx: CommandContext,
  sagemaker: PauseSageMaker,
  options: { stack: string; dryRun: boolean; wait?: { timeoutMs: number } },
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
  await sagemaker.addTags(config.arn, { ...carried(tags), [TagKey.Paused]: pausedAt.toISOString() });
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
  return `Paused ${r.stack}: endpoint ${r.endpoint} ${r.deleting ? 'is being deleted' : 'deleted'}; models and config ${r.config} kept.\nResume with \`sagectl resume ${r.stack}\`.`;
}

/** CLI entry. The stack comes from the argument, else `--stack`, else the config's name. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: PauseFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const options = parsePauseFlags('pause', stack ?? globals.stack ?? ctx.config.name, flags);
      return pause(ctx, await new ServiceFactory(ctx.clientOptions).sagemaker(), options);
    },
    render: renderPause,
  });
}
