import type { CommandContext } from '../../core/context.js';
import type { ExitCode } from '../../core/errors.js';
import { UsageError } from '../../core/errors.js';
import {
  renderTeardown,
  teardown,
  teardownExitCode,
  teardownServices,
  type TeardownFactory,
  type TeardownOptions,
  type TeardownResult,
} from '../teardown/index.js';
import { fleetExitCode, forEachTarget, resolveTargets, targetHeading, type TargetReport, type TargetServices } from './run.js';
import type { TargetSpec } from './targets.js';
import type { ClientOptions } from '../../core/clients.js';
import { realTargetServices } from './status.js';
import { ServiceFactory } from '../../services/factory.js';
import { isBulk, selectionCriteria } from '../teardown/selection.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { TeardownFlags } from '../teardown/cli.js';
import { parseTeardownFlags } from '../teardown/flags.js';
import { parseTargetFlags } from './targets.js';

/** Bulk teardown over regions and accounts: each (account, region) torn down as the single-region teardown does. */
export interface FleetTeardownResult {
  targets: TargetReport<TeardownResult>[];
  summary: { targets: number; failed: number; stacks: number; deleted: number; paused: number; resourcesFailed: number };
}

/**
 * Runs the single-region bulk teardown in every (account, region) under one bound on concurrency.
 * There is no prompt across a fleet: it needs `--yes` (or `--dry-run`), refused before any request.
 */
export async function fleetTeardown(
  ctx: CommandContext,
  spec: TargetSpec,
  options: TeardownOptions,
  factoryFor: (options: ClientOptions) => TeardownFactory = (o) => new ServiceFactory(o),
  targetServices: TargetServices = realTargetServices(),
): Promise<FleetTeardownResult> {
  if (!isBulk(options.criteria) || options.criteria.stacks.length > 0)
    throw new UsageError('teardown across regions or accounts selects stacks with --all, --idle, --older-than or --tag, not by name');
  if (!options.yes && !options.dryRun)
    throw new UsageError('teardown across regions or accounts asks nobody: pass --yes to delete, or --dry-run to see the plan');
  const { targets, refused } = await resolveTargets(ctx, spec, targetServices);
  const done = await forEachTarget(ctx, targets, spec.concurrency, (t) => teardown(ctx, teardownServices(factoryFor(t.clientOptions), false), options));
  const reports = [...refused, ...done];
  const results = reports.flatMap((r) => (r.result ? [r.result] : []));
  const sum = (f: (r: TeardownResult) => number): number => results.reduce((n, r) => n + f(r), 0);
  return {
    targets: reports,
    summary: {
      targets: reports.length,
      failed: reports.filter((r) => r.error !== undefined).length,
      stacks: sum((r) => r.summary.stacks),
      deleted: sum((r) => r.summary.deleted),
      paused: sum((r) => r.summary.paused ?? 0),
      resourcesFailed: sum((r) => r.summary.failed),
    },
  };
}

/** Text for people: a heading per (account, region), then its teardown report or why it could not be worked in. */
export function renderFleetTeardown(r: FleetTeardownResult): string {
  const blocks = r.targets.map((t) => [targetHeading(t), t.result ? renderTeardown(t.result) : `failed: ${t.error}`].join('\n'));
  const s = r.summary;
  return [
    ...blocks,
    `${s.stacks} stacks selected in ${s.targets - s.failed} of ${s.targets} (account, region) pairs: ${s.deleted} resources deleted, ${s.paused} stacks paused, ${s.resourcesFailed} failed${s.failed > 0 ? `; ${s.failed} pairs could not be worked in` : ''}`,
  ].join('\n\n');
}

/** Exit 0 when every target did all it was asked; else the worst code (a refused target is 3). */
export function fleetTeardownExitCode(r: FleetTeardownResult): ExitCode {
  return fleetExitCode(r.targets, teardownExitCode);
}

/** CLI entry for bulk `teardown` with --regions, --all-regions, --accounts or --organization. */
export function main(globals: GlobalOptions, stacks: string[], flags: TeardownFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const options = parseTeardownFlags(stacks, flags);
      const spec = parseTargetFlags(flags, ctx.clientOptions.region);
      if (options.includeVersions) throw new UsageError('--include-versions only goes with named stacks in one region');
      return fleetTeardown(ctx, spec, {
        criteria: selectionCriteria(options.stacks, options.filters),
        yes: Boolean(globals.yes),
        dryRun: options.dryRun,
        force: options.force,
        concurrency: options.concurrency,
        ...(options.wait ? { wait: options.wait } : {}),
        ...(options.pause ? { pause: true } : {}),
      });
    },
    render: renderFleetTeardown,
    exitCode: fleetTeardownExitCode,
  });
}
