import type { CommandContext } from '../../core/context.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { removeQuietly, type PlanStep } from '../endpoint/rollout.js';
import { SageMakerResourceFinder, type SageMakerResourceApi, type StackResource } from '../stack/resources.js';

export type PruneSageMaker = SageMakerResourceApi & Pick<SageMakerService, 'describeEndpointConfig'>;

/** The stack's endpoint configs, split into the one in use, those kept for rollback, and the rest. */
export interface ConfigHistory {
  current: string;
  /** Newest first: the first is what `--rollback` returns to. */
  retained: StackResource[];
  superseded: StackResource[];
  models: StackResource[];
  /** Configs of the stack that sagectl does not manage: never deleted, and their models are kept. */
  unmanaged: StackResource[];
}

/**
 * Reads the stack's configs and models (by tag, as teardown finds them) and sorts the configs
 * other than `current` newest first, by creation time (then name, whose timestamp sorts too).
 */
export async function configHistory(sagemaker: PruneSageMaker, stack: string, current: string, keep: number): Promise<ConfigHistory> {
  const found = await new SageMakerResourceFinder(sagemaker).find(stack);
  const configs = found.filter((r) => r.kind === 'endpoint-config');
  const older = configs
    .filter((c) => c.managed && c.name !== current)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || b.name.localeCompare(a.name));
  return {
    current,
    retained: older.slice(0, keep),
    superseded: older.slice(keep),
    models: found.filter((r) => r.kind === 'model' && r.managed),
    unmanaged: configs.filter((c) => !c.managed && c.name !== current),
  };
}

/**
 * Removes the stack's superseded endpoint configs and the models no remaining config uses,
 * keeping the `keep` newest configs besides the one in use (for `--rollback`). A config or model
 * in use, or not managed by sagectl, is never removed.
 */
export async function pruneStack(ctx: CommandContext, sagemaker: PruneSageMaker, stack: string, current: string, keep: number): Promise<PlanStep[]> {
  const history = await configHistory(sagemaker, stack, current, keep);
  const remaining = [current, ...history.retained.map((c) => c.name), ...history.unmanaged.map((c) => c.name)];
  const inUse = new Set<string>();
  for (const name of remaining) {
    const config = await sagemaker.describeEndpointConfig(name);
    for (const v of config?.variants ?? []) inUse.add(v.modelName);
    for (const v of config?.settings.ShadowProductionVariants ?? []) if (v.ModelName) inUse.add(v.ModelName);
  }
  const steps: PlanStep[] = [
    ...history.superseded.map((c): PlanStep => ({ action: 'delete', kind: 'endpoint-config', name: c.name })),
    ...history.models.filter((m) => !inUse.has(m.name)).map((m): PlanStep => ({ action: 'delete', kind: 'model', name: m.name })),
  ];
  if (steps.length > 0)
    ctx.logger.info(`removing ${steps.length} superseded resources of ${stack} (keeping ${keep} previous config${keep === 1 ? '' : 's'} for rollback)`);
  return removeQuietly(ctx, sagemaker, steps);
}
