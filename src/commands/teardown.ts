import type { CommandContext } from '../core/context.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { assertStackName } from '../core/names.js';
import { mapLimit } from '../core/concurrency.js';
import { runCommand, type GlobalOptions } from '../core/runner.js';
import { SageMakerService } from '../services/sagemaker.js';
import { AutoScalingService } from '../services/autoscaling.js';
import { ScalingResourceFinder } from './scaling-resources.js';
import { DELETE_ORDER, SageMakerResourceFinder, type ResourceFinder, type StackResource, type StackResourceKind } from './stack-resources.js';

export interface TeardownOptions {
  stacks: string[];
  yes: boolean;
  dryRun: boolean;
  /** Also delete resources that carry the stack's name but not sagectl's tags. */
  force: boolean;
  /** Stacks torn down at once. */
  concurrency: number;
}

export type ResourceOutcome = 'deleted' | 'absent' | 'failed' | 'skipped' | 'planned';

/** What happened to one resource: the report CI and cron read. */
export interface ResourceReport {
  stack: string;
  kind: StackResourceKind;
  name: string;
  outcome: ResourceOutcome;
  reason?: string;
}

export interface TeardownResult {
  stacks: string[];
  dryRun: boolean;
  /** The user said no at the prompt. */
  cancelled: boolean;
  resources: ResourceReport[];
  summary: Record<ResourceOutcome, number>;
}

const NOT_MANAGED = 'not managed by sagectl (no sagectl:managed-by tag): pass --force to delete it anyway';

/**
 * Tears down whole stacks: finds each stack's resources by tag, shows the plan, asks (or needs
 * `--yes`), then deletes them in dependency order, stacks in parallel. What is already gone
 * counts as success; one resource's failure does not stop the others.
 */
export async function teardown(ctx: CommandContext, finders: ResourceFinder[], options: TeardownOptions): Promise<TeardownResult> {
  if (options.stacks.length === 0) throw new UsageError('teardown needs at least one stack name', 'e.g. `sagectl teardown churn-xgb`');
  for (const stack of options.stacks) assertStackName(stack);
  const stacks = [...new Set(options.stacks)];

  const found = (await mapLimit(stacks, options.concurrency, (stack) => findAll(finders, stack))).flat();
  const doomed = found.filter((r) => r.managed || options.force);
  const skipped: ResourceReport[] = found.filter((r) => !doomed.includes(r)).map((r) => report(r, 'skipped', NOT_MANAGED));
  const planned = doomed.map((r) => report(r, 'planned'));
  const finish = (resources: ResourceReport[], extra: Partial<TeardownResult> = {}): TeardownResult => ({
    stacks,
    dryRun: options.dryRun,
    cancelled: false,
    resources,
    summary: summarize(resources),
    ...extra,
  });

  if (doomed.length === 0) {
    ctx.logger.info(`nothing to delete for ${stacks.join(', ')}`);
    return finish(skipped);
  }
  if (options.dryRun) return finish([...planned, ...skipped]);
  if (!options.yes) {
    if (!ctx.interactive) {
      throw new UsageError(`refusing to delete without confirmation:\n${renderPlan(planned)}`, 'not on a terminal, so nobody can confirm: pass --yes to delete');
    }
    if (!(await ctx.confirm(`${renderPlan(planned)}\nDelete these ${doomed.length} resources?`))) {
      ctx.logger.info('nothing deleted');
      return finish([...planned, ...skipped], { cancelled: true });
    }
  }

  const byStack = stacks.map((stack) => doomed.filter((r) => r.stack === stack));
  const done = (await mapLimit(byStack, options.concurrency, (resources) => deleteStack(ctx, finders, resources))).flat();
  return finish([...done, ...skipped]);
}

async function findAll(finders: ResourceFinder[], stack: string): Promise<StackResource[]> {
  return (await Promise.all(finders.map((f) => f.find(stack)))).flat();
}

/** Deletes one stack's resources kind by kind; after a failure, what depends on it is left for a later run. */
async function deleteStack(ctx: CommandContext, finders: ResourceFinder[], resources: StackResource[]): Promise<ResourceReport[]> {
  const reports: ResourceReport[] = [];
  let blockedBy: string | undefined;
  for (const kind of DELETE_ORDER) {
    const ofKind = resources.filter((r) => r.kind === kind);
    if (blockedBy !== undefined) {
      reports.push(...ofKind.map((r) => report(r, 'failed', `not attempted: ${blockedBy}`)));
      continue;
    }
    const results = await Promise.all(ofKind.map((r) => deleteOne(ctx, finders, r)));
    reports.push(...results);
    const failure = results.find((r) => r.outcome === 'failed');
    if (failure) blockedBy = `deleting ${failure.kind} ${failure.name} failed`;
  }
  return reports;
}

async function deleteOne(ctx: CommandContext, finders: ResourceFinder[], resource: StackResource): Promise<ResourceReport> {
  const finder = finders.find((f) => f.kinds.includes(resource.kind));
  try {
    if (!finder) throw new Error(`no finder deletes ${resource.kind}`);
    const outcome = await finder.delete(resource);
    ctx.logger.info(`${outcome === 'deleted' ? 'deleted' : 'already gone:'} ${resource.kind} ${resource.name}`);
    return report(resource, outcome);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.logger.error(`could not delete ${resource.kind} ${resource.name}: ${reason}`);
    return report(resource, 'failed', reason);
  }
}

function report(r: StackResource, outcome: ResourceOutcome, reason?: string): ResourceReport {
  return { stack: r.stack, kind: r.kind, name: r.name, outcome, ...(reason !== undefined ? { reason } : {}) };
}

function summarize(resources: ResourceReport[]): Record<ResourceOutcome, number> {
  const summary: Record<ResourceOutcome, number> = { deleted: 0, absent: 0, failed: 0, skipped: 0, planned: 0 };
  for (const r of resources) summary[r.outcome]++;
  return summary;
}

function renderPlan(planned: ResourceReport[]): string {
  return ['Plan:', ...planned.map((r) => `  delete ${r.kind.padEnd(15)} ${r.name}  (stack ${r.stack})`)].join('\n');
}

/** Text for people. */
export function renderTeardown(r: TeardownResult): string {
  if (r.resources.length === 0) return `Nothing to delete: stack ${r.stacks.join(', ')} has no resources (already gone).`;
  const head = r.dryRun ? 'Dry run, nothing deleted:' : r.cancelled ? 'Cancelled, nothing deleted:' : 'Teardown:';
  const rows = r.resources.map((x) => `  ${x.outcome.padEnd(8)} ${x.kind.padEnd(15)} ${x.name}${x.reason ? `  (${x.reason})` : ''}`);
  const s = r.summary;
  const tail = r.dryRun || r.cancelled ? [] : [`${s.deleted} deleted, ${s.absent} already gone, ${s.failed} failed, ${s.skipped} skipped`];
  return [head, ...rows, ...tail].join('\n');
}

/** Exit 3 when any resource could not be deleted (the report is still printed). */
export function teardownExitCode(r: TeardownResult): ExitCode {
  return r.summary.failed > 0 ? ExitCode.AwsRefused : ExitCode.Ok;
}

export interface TeardownFlags {
  dryRun?: boolean;
  force?: boolean;
  concurrency: string;
}

/** CLI entry: builds the finders over the real services and runs {@link teardown}. */
export function main(globals: GlobalOptions, stacks: string[], flags: TeardownFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: (ctx) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
        throw new UsageError(`--concurrency: expected a whole number from 1 to 32, found "${flags.concurrency}"`);
      }
      const named = stacks.length > 0 ? stacks : ctx.config.name !== undefined ? [ctx.config.name] : [];
      const sagemaker = SageMakerService.create(ctx.clientOptions);
      const finders = [new SageMakerResourceFinder(sagemaker), new ScalingResourceFinder(AutoScalingService.create(ctx.clientOptions), sagemaker)];
      return teardown(ctx, finders, { stacks: named, yes: Boolean(globals.yes), dryRun: Boolean(flags.dryRun), force: Boolean(flags.force), concurrency });
    },
    render: renderTeardown,
    exitCode: teardownExitCode,
  });
}
