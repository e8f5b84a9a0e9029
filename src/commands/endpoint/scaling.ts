import type { CommandContext } from '../../core/context.js';
import { messageOf } from '../../core/errors.js';
import type { AutoscalingSection } from '../../core/schema.js';
import type { AutoScalingService } from '../../services/autoscaling.js';
import type { VariantSpec } from '../../services/sagemaker.js';

export type ScalingApi = Pick<AutoScalingService, 'register' | 'deregister' | 'registeredVariants' | 'registeredTargets' | 'registeredBySagectl'>;

/**
 * Before an update: deregisters every scalable target whose variant the next config removes,
 * renames or moves to another instance type; SageMaker refuses such an update while the variant
 * is registered (a new model alone is allowed).
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-scaling.html
 */
export async function deregisterDropped(
  ctx: CommandContext,
  scaling: ScalingApi | undefined,
  stack: string,
  next: VariantSpec[],
  previous: VariantSpec[] = [],
): Promise<string[]> {
  if (!scaling) return [];
  const before = new Map(previous.map((v) => [v.variantName, v]));
  const staying = new Set(
    next
      .filter((v) => before.get(v.variantName)?.instanceType === undefined || before.get(v.variantName)?.instanceType === v.instanceType)
      .map((v) => v.variantName),
  );
  // When every variant that ran stays as it was, no target sagectl registered can be dropped: no need to ask.
  if (previous.length > 0 && previous.every((v) => staying.has(v.variantName))) return [];
  const dropped = (await scaling.registeredVariants(stack)).filter((v) => !staying.has(v));
  for (const variant of dropped) {
    ctx.logger.info(`deregistering variant ${variant} from autoscaling before the update removes it`);
    await scaling.deregister(stack, variant);
  }
  return dropped;
}

/** After an update: registers each instance-backed variant with `endpoint.autoscaling` (serverless variants scale by themselves). */
export async function registerVariants(
  ctx: CommandContext,
  scaling: ScalingApi | undefined,
  stack: string,
  variants: VariantSpec[],
  section: AutoscalingSection | undefined,
): Promise<string[]> {
  if (!scaling || !section) return [];
  const registered: string[] = [];
  for (const v of variants.filter((x) => !x.serverless)) {
    await scaling.register(stack, v.variantName, section);
    registered.push(v.variantName);
  }
  if (registered.length > 0)
    ctx.logger.info(
      `autoscaling ${registered.join(', ')}: ${section.min}–${section.max} instances, ${section.invocationsPerInstance} invocations per instance`,
    );
  return registered;
}

/**
 * For an endpoint that already runs the spec: re-registers each instance-backed variant whose
 * scalable target is missing (deregistered by someone) or whose limits differ from
 * `endpoint.autoscaling`, so `deploy` converges on autoscaling too. Returns the variants repaired
 * (with `dryRun`: those it would repair, registering nothing).
 */
export async function repairScaling(
  ctx: CommandContext,
  scaling: ScalingApi | undefined,
  stack: string,
  variants: VariantSpec[],
  section: AutoscalingSection | undefined,
  dryRun = false,
): Promise<string[]> {
  if (!scaling || !section) return [];
  const targets = await scaling.registeredTargets(stack);
  const drifted = variants.filter((v) => {
    if (v.serverless) return false;
    const t = targets.get(v.variantName);
    return t === undefined || t.min !== section.min || t.max !== section.max;
  });
  // A dry run says what it would register, and registers nothing.
  if (dryRun) return drifted.map((v) => v.variantName);
  for (const v of drifted) {
    const t = targets.get(v.variantName);
    ctx.logger.warn(
      `autoscaling of ${stack}/${v.variantName} drifted (${t ? `${t.min}–${t.max} instances` : 'not registered'}): registering ${section.min}–${section.max} again`,
    );
    await scaling.register(stack, v.variantName, section);
  }
  return drifted.map((v) => v.variantName);
}

/**
 * For a config without `endpoint.autoscaling`: the endpoint's variants that sagectl registered for
 * autoscaling (its policy names them, services/autoscaling.ts), which a deploy then deregisters, so
 * dropping the section turns autoscaling off rather than leaving the last limits in force. A target
 * someone registered by hand is left alone. Two reads when something is registered, one otherwise.
 */
export async function undeclaredTargets(scaling: ScalingApi | undefined, stack: string, section: AutoscalingSection | undefined): Promise<string[]> {
  if (!scaling || section) return [];
  const registered = [...(await scaling.registeredTargets(stack)).keys()];
  return registered.length > 0 ? scaling.registeredBySagectl(stack, registered) : [];
}

/** Deregisters `variants` (from {@link undeclaredTargets}) after the switch; returns them. */
export async function deregisterUndeclared(
  ctx: CommandContext,
  scaling: ScalingApi | undefined,
  stack: string,
  variants: readonly string[],
): Promise<string[]> {
  if (!scaling || variants.length === 0) return [];
  for (const variant of variants) await scaling.deregister(stack, variant);
  ctx.logger.info(`deregistered ${variants.join(', ')} of ${stack} from autoscaling: the config no longer has endpoint.autoscaling`);
  return [...variants];
}

/**
 * After an update that did not happen (refused, or rolled back by SageMaker): the variants whose
 * targets {@link deregisterDropped} removed still serve, so they are registered again with
 * `endpoint.autoscaling`. Returns what to tell the user, or undefined when nothing was taken away.
 */
export async function restoreDropped(
  ctx: CommandContext,
  scaling: ScalingApi | undefined,
  stack: string,
  serving: VariantSpec[],
  deregistered: readonly string[],
  section: AutoscalingSection | undefined,
): Promise<string | undefined> {
  if (deregistered.length === 0) return undefined;
  const which = deregistered.join(', ');
  if (!section) return `autoscaling of ${which}, deregistered before the update as SageMaker requires, stays off: the config has no endpoint.autoscaling`;
  try {
    await registerVariants(
      ctx,
      scaling,
      stack,
      serving.filter((v) => deregistered.includes(v.variantName)),
      section,
    );
    return `autoscaling of ${which} registered again`;
  } catch (error) {
    ctx.logger.warn(`could not register ${which} for autoscaling again: ${messageOf(error)}`);
    return `autoscaling of ${which} was deregistered before the update and could not be registered again (${messageOf(error)}); \`sagectl deploy\` registers it`;
  }
}
