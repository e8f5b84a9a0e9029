import type { CommandContext } from '../../core/context.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { removeQuietly, type PlanStep } from './rollout.js';
import { readHistory, warnIfUnrecorded, type EndpointHistory, type HistorySageMaker } from './history.js';

export type PruneSageMaker = HistorySageMaker & Pick<SageMakerService, 'describeEndpointConfig'>;

/**
 * Removes the stack's endpoint configs that served longest ago and the models no remaining
 * config uses, keeping the live config and the `keep` that served most recently before it (for
 * `--rollback`), in the order the endpoint ran them (see history.ts). A config or model that is
 * live, kept, or not managed by sagectl is never removed.
 */
export async function pruneStack(ctx: CommandContext, sagemaker: PruneSageMaker, stack: string, live: string, keep: number): Promise<PlanStep[]> {
  const history = await readHistory(sagemaker, stack, live);
  const steps = await pruneSteps(ctx, sagemaker, history, keep);
  if (steps.length > 0)
    ctx.logger.info(`removing ${steps.length} superseded resources of ${stack} (keeping ${keep} previous config${keep === 1 ? '' : 's'} for rollback)`);
  return removeQuietly(ctx, sagemaker, steps);
}

/** What {@link pruneStack} removes from `history`: the configs beyond `keep`, then the models no remaining config uses. */
export async function pruneSteps(
  ctx: CommandContext,
  sagemaker: Pick<SageMakerService, 'describeEndpointConfig'>,
  history: EndpointHistory,
  keep: number,
): Promise<PlanStep[]> {
  const kept = history.before.slice(0, keep);
  const superseded = history.before.slice(keep);
  if (superseded.length > 0) warnIfUnrecorded(ctx, history, history.before);
  const remaining = [history.live, ...kept.map((c) => c.name), ...history.unmanaged.map((c) => c.name)];
  const inUse = new Set<string>();
  for (const name of remaining) {
    const config = await sagemaker.describeEndpointConfig(name);
    for (const v of config?.variants ?? []) inUse.add(v.modelName);
    for (const v of config?.settings.ShadowProductionVariants ?? []) if (v.ModelName) inUse.add(v.ModelName);
  }
  return [
    ...superseded.map((c): PlanStep => ({ action: 'delete', kind: 'endpoint-config', name: c.name })),
    ...history.models.filter((m) => !inUse.has(m.name)).map((m): PlanStep => ({ action: 'delete', kind: 'model', name: m.name })),
  ];
}

/** The history as it will be once `next` (not created yet) went live: for a dry run's plan of removals. */
export function afterSwitch(history: EndpointHistory, next: string): EndpointHistory {
  return { ...history, live: next, before: [...(history.liveEntry ? [history.liveEntry] : []), ...history.before] };
}
