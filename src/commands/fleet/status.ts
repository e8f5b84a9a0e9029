import type { CommandContext } from '../../core/context.js';
import { ServiceFactory } from '../../services/factory.js';
import { status, renderStatus, type StatusResult } from '../status/index.js';
import { forEachTarget, resolveTargets, targetHeading, type TargetReport, type TargetServices } from './run.js';
import type { TargetSpec } from './targets.js';
import type { ClientOptions } from '../../core/clients.js';
import { UsageError } from '../../core/errors.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { StatusFlags } from '../status/cli.js';
import { parseStatusFlags } from '../status/flags.js';
import { fleetExitCode } from './run.js';
import { parseTargetFlags } from './targets.js';

/** `status` over regions and accounts: one block per (account, region), each as the single-region status shows it. */
export interface FleetStatusResult {
  targets: TargetReport<StatusResult>[];
  summary: { targets: number; failed: number; stacks: number; paused: number };
}

/** Builds the services of one target from its client options (tests pass fakes). */
export type FactoryFor = (options: ClientOptions) => Pick<ServiceFactory, 'sagemaker' | 'metrics' | 'tagging' | 'registry'>;

/** The real services: the one factory, with the target's region and credentials. */
export const realFactory: FactoryFor = (options) => new ServiceFactory(options);

/** The real target-finding services. */
export function realTargetServices(): TargetServices {
  return {
    sts: (o) => new ServiceFactory(o).sts(),
    organizations: (o) => new ServiceFactory(o).organizations(),
    regions: (o) => new ServiceFactory(o).regions(),
  };
}

/**
 * Runs the single-region status in every (account, region), under one bound on concurrency.
 * Idle metrics stay batched per target: the single-region status makes ⌈variants/500⌉
 * GetMetricData calls for its own endpoints.
 */
export async function fleetStatus(
  ctx: CommandContext,
  spec: TargetSpec,
  options: { idleMs?: number },
  factoryFor: FactoryFor = realFactory,
  targetServices: TargetServices = realTargetServices(),
): Promise<FleetStatusResult> {
  const { targets, refused } = await resolveTargets(ctx, spec, targetServices);
  const done = await forEachTarget(ctx, targets, spec.concurrency, async (t) => {
    const make = factoryFor(t.clientOptions);
    return status(
      ctx,
      await make.sagemaker(),
      options.idleMs !== undefined ? { idleMs: options.idleMs } : {},
      options.idleMs !== undefined ? await make.metrics() : undefined,
      undefined,
      await make.tagging(),
    );
  });
  const reports = [...refused, ...done];
  const results = reports.flatMap((r) => (r.result ? [r.result] : []));
  return {
    targets: reports,
    summary: {
      targets: reports.length,
      failed: reports.filter((r) => r.error !== undefined).length,
      stacks: results.reduce((n, r) => n + r.stacks.length, 0),
      paused: results.reduce((n, r) => n + (r.paused?.length ?? 0), 0),
    },
  };
}

/** Text for people: a heading per (account, region), then its stacks or why it could not be read. */
export function renderFleetStatus(r: FleetStatusResult, now: Date = new Date()): string {
  const blocks = r.targets.map((t) =>
    [targetHeading(t), t.result ? renderStatus(t.result, now).replace('in this region', 'here') : `could not be read: ${t.error}`].join('\n'),
  );
  const s = r.summary;
  const tail = `${s.stacks} live and ${s.paused} paused stacks in ${s.targets - s.failed} of ${s.targets} (account, region) pairs${s.failed > 0 ? `; ${s.failed} could not be read` : ''}`;
  return [...blocks, tail].join('\n\n');
}

/** CLI entry for `status` with --regions, --all-regions, --accounts or --organization. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: StatusFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const { idleMs } = parseStatusFlags(flags);
      const spec = parseTargetFlags(flags, ctx.clientOptions.region);
      if ((stack ?? globals.stack) !== undefined) throw new UsageError('status across regions or accounts lists every stack: do not name one');
      return fleetStatus(ctx, spec, idleMs !== undefined ? { idleMs } : {});
    },
    render: (r) => renderFleetStatus(r),
    exitCode: (r) => fleetExitCode(r.targets),
  });
}
