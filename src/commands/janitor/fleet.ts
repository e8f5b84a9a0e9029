import type { CommandContext } from '../../core/context.js';
import type { ClientOptions } from '../../core/clients.js';
import { ServiceFactory } from '../../services/factory.js';
import { forEachTarget, resolveTargets, targetHeading, type TargetReport, type TargetServices } from '../fleet/run.js';
import { realTargetServices } from '../fleet/status.js';
import type { TargetSpec } from '../fleet/targets.js';
import type { JanitorServices } from './install.js';
import { janitorStatus, renderJanitorStatus, type JanitorStatus } from './manage.js';

/** `janitor status` over regions and accounts: one block per (account, region), as `status` groups stacks. */
export interface FleetJanitorStatus {
  targets: TargetReport<JanitorStatus>[];
  summary: { targets: number; failed: number; installed: number };
}

/** Builds the janitor's services in one target (tests pass fakes). */
export type JanitorServicesFor = (options: ClientOptions) => Promise<JanitorServices>;

/** The real services: the one factory, with the target's region and credentials. */
export const realJanitorServices: JanitorServicesFor = async (options) => {
  const make = new ServiceFactory(options);
  const [iam, lambda, logs, scheduler, alarms] = await Promise.all([make.iam(), make.lambda(), make.logs(), make.scheduler(), make.alarms()]);
  return { iam, lambda, logs, scheduler, alarms };
};

/**
 * The janitor of every (account, region) given, under one bound on concurrency: where
 * `janitor install` ran in several regions, or StackSets rolled one out to every account. A
 * target that refuses is reported with its reason, and the others go on.
 */
export async function fleetJanitorStatus(
  ctx: CommandContext,
  spec: TargetSpec,
  servicesFor: JanitorServicesFor = realJanitorServices,
  targetServices: TargetServices = realTargetServices(),
): Promise<FleetJanitorStatus> {
  const { targets, refused } = await resolveTargets(ctx, spec, targetServices);
  const done = await forEachTarget(ctx, targets, spec.concurrency, async (t) => janitorStatus(ctx, await servicesFor(t.clientOptions)));
  const reports = [...refused, ...done];
  return {
    targets: reports,
    summary: {
      targets: reports.length,
      failed: reports.filter((r) => r.error !== undefined).length,
      installed: reports.filter((r) => r.result?.installed).length,
    },
  };
}

/** Text for people: a heading per (account, region), then its janitor or why it could not be read. */
export function renderFleetJanitorStatus(r: FleetJanitorStatus): string {
  const blocks = r.targets.map((t) =>
    [targetHeading(t), t.result ? renderJanitorStatus(t.result).replace('in this region', 'here') : `could not be read: ${t.error}`].join('\n'),
  );
  const s = r.summary;
  const tail = `a janitor in ${s.installed} of ${s.targets} (account, region) pairs${s.failed > 0 ? `; ${s.failed} could not be read` : ''}`;
  return [...blocks, tail].join('\n\n');
}
