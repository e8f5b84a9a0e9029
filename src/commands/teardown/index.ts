import type { CommandContext } from '../../core/context.js';
import { counted } from '../../core/plural.js';
import { ExitCode, messageOf, UsageError } from '../../core/errors.js';
import { mapLimit, DEFAULT_CONCURRENCY } from '../../core/concurrency.js';
import { formatDuration } from '../../core/duration.js';
import { pollUntilFinal } from '../../core/poller.js';
import { TagKey } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { ResourceSummary, SageMakerService } from '../../services/sagemaker.js';
import { ScalingResourceFinder } from './finders/scaling.js';
import { ApiGatewayResourceFinder, IamResourceFinder, LambdaResourceFinder, WireApiUse } from './finders/api.js';
import { RunInventory, withInventory } from '../stack/inventory.js';
import type { MetricsService } from '../../services/metrics.js';
import { RegistryResourceFinder } from './finders/registry.js';
import { MonitoringResourceFinder } from './finders/monitoring.js';
import { NotebookResourceFinder } from './finders/notebook.js';
import { DELETE_ORDER, SageMakerResourceFinder, type ResourceFinder, type StackResource } from '../stack/resources.js';
import { fleetInventory, type FleetListings, type FleetSageMaker, type FleetTagging } from '../stack/fleet.js';
import { currentRecord, searchedOnce } from '../stack/searched.js';
import { chooseStacks, describeCriteria, idleCandidates, isBulk, selectionCriteria, type ChosenStack, type SelectionCriteria } from './selection.js';
import { renderPlan, renderTeardown, resourceReport, summarize, type ResourceReport, type StackReport, type TeardownResult } from './report.js';
import { ServiceFactory } from '../../services/factory.js';
import type { TeardownFlags } from './cli.js';
import { parseTeardownFlags } from './flags.js';
import { lazyService } from '../../services/lazy.js';
import { pauseChosen } from './pause.js';
import type { PauseSageMaker, PauseScaling } from '../pause/index.js';

export { renderTeardown } from './report.js';
export type { TeardownResult } from './report.js';

/** The services teardown uses: finders for the resources, and for bulk selection the fleet's tags and metrics. */
export interface TeardownServices {
  finders: ResourceFinder[];
  sagemaker: FleetSageMaker & Pick<SageMakerService, 'describeEndpoint'> & Partial<Pick<SageMakerService, 'searchEndpoints'>>;
  tagging: FleetTagging;
  metrics: Pick<MetricsService, 'invocationsByEndpoint'>;
  /** The run's inventory, which the finders read through: bulk selection fills it with the whole fleet. */
  inventory?: Pick<RunInventory, 'managed'>;
  /** For `--pause`: what pausing a stack needs. */
  pauser?: PauseSageMaker;
  /** For `--pause`: the endpoints' autoscaling, recorded before they go. */
  pauseScaling?: PauseScaling;
  /** Bulk selection: the notebook instances and monitoring schedules, so a stack with only those is selected too. */
  fleetListings?: FleetListings;
}

export interface TeardownOptions {
  criteria: SelectionCriteria;
  yes: boolean;
  dryRun: boolean;
  /** Also delete what carries the stack's name but not sagectl's tags, and named protected stacks. */
  force: boolean;
  /** Stacks torn down at once. */
  concurrency: number;
  /** Wait until the endpoints are really gone. */
  wait?: { timeoutMs: number };
  /** Pause the selected stacks (delete only their endpoints) instead of tearing them down. */
  pause?: boolean;
}

const NOT_MANAGED = 'not managed by sagectl (no sagectl:managed-by tag): pass --force to delete it anyway';

/**
 * Tears down stacks: selects them (named, or from the managed fleet by --all, --idle,
 * --older-than, --tag), builds the full plan, asks (or needs `--yes`), then deletes each stack's
 * resources in dependency order, stacks in parallel. What is already gone counts as success; one
 * resource's failure does not stop the others.
 */
export async function teardown(ctx: CommandContext, services: TeardownServices, options: TeardownOptions): Promise<TeardownResult> {
  const { criteria } = options;
  const chosen = isBulk(criteria) ? await selectFromFleet(ctx, services, criteria) : criteria.stacks.map((stack) => ({ stack, reasons: ['named'] }));
  const window = criteria.idleMs !== undefined ? formatDuration(criteria.idleMs) : undefined;
  if (options.pause) return pauseChosen(ctx, services.pauser, chosen, { ...options, ...(window !== undefined ? { window } : {}) }, services.pauseScaling);

  const found = await mapLimit(chosen, options.concurrency, (c) => findStack(ctx, services.finders, c));
  // A stack whose resources could not all be read is left whole: deleting part of what was found
  // could strand the rest (an API still pointing at a deleted function). The others go on.
  const unreadable = found.filter((p): p is UnreadableStack => p.error !== undefined);
  const plans = found.filter((p): p is StackPlan => p.error === undefined);
  const protectedNamed = plans.filter((p) => p.resources.some((r) => r.tags[TagKey.Protect] === 'true')).map((p) => p.chosen.stack);
  if (protectedNamed.length > 0 && !options.force) {
    throw new UsageError(
      `stack ${protectedNamed.join(', ')} is protected (sagectl:protect=true): nothing was deleted`,
      'pass --force to tear it down anyway, or `sagectl deploy --unprotect` first',
    );
  }
  const doomed = (r: StackResource): boolean => r.managed || options.force;
  const report = (action: 'planned'): StackReport[] =>
    plans
      .filter((p) => p.resources.length > 0)
      .map((p) => ({
        stack: p.chosen.stack,
        reasons: p.chosen.reasons,
        ...(p.chosen.invocations !== undefined ? { invocations: p.chosen.invocations } : {}),
        ...(window !== undefined ? { window } : {}),
        resources: p.resources.map((r) => (doomed(r) ? resourceReport(r, action) : resourceReport(r, 'kept', NOT_MANAGED))),
      }));
  const failedStacks = unreadable.map((p): StackReport => ({
    stack: p.chosen.stack,
    reasons: p.chosen.reasons,
    error: `could not list its resources, nothing deleted: ${p.error}`,
    resources: [],
  }));
  const planned = [...report('planned'), ...failedStacks];
  const finish = (stacks: StackReport[], cancelled = false): TeardownResult => ({
    selection: describeCriteria(criteria),
    dryRun: options.dryRun,
    cancelled,
    stacks,
    summary: summarize(stacks),
  });

  const total = plans.flatMap((p) => p.resources).filter(doomed).length;
  if (total === 0) {
    ctx.logger.info('nothing to delete');
    return finish(planned);
  }
  if (options.dryRun) return finish(planned);
  if (!options.yes) {
    if (!ctx.interactive) {
      throw new UsageError(
        `refusing to delete without confirmation:\n${renderPlan(planned)}`,
        'not on a terminal, so nobody can confirm: pass --yes to delete',
      );
    }
    if (!(await ctx.confirm(`${renderPlan(planned)}\nDelete these ${total} resources?`))) {
      ctx.logger.info('nothing deleted');
      return finish(planned, true);
    }
  }

  const done = await mapLimit(plans, options.concurrency, async (p) => deleteStack(ctx, services.finders, p.resources.filter(doomed)));
  const stacks = [...report('planned'), ...failedStacks].map((s) => {
    const outcomes = new Map(done.flat().map((r) => [`${r.kind}\u0000${r.name}`, r]));
    return { ...s, resources: s.resources.map((r) => outcomes.get(`${r.kind}\u0000${r.name}`) ?? r) };
  });
  if (options.wait) await waitUntilGone(ctx, services, stacks, options.wait.timeoutMs);
  return finish(stacks);
}

interface StackPlan {
  chosen: ChosenStack;
  resources: StackResource[];
  error?: undefined;
}

interface UnreadableStack {
  chosen: ChosenStack;
  error: string;
}

/** One stack's resources from every finder, or why they could not be read (that stack alone fails). */
async function findStack(ctx: CommandContext, finders: ResourceFinder[], chosen: ChosenStack): Promise<StackPlan | UnreadableStack> {
  try {
    return { chosen, resources: (await Promise.all(finders.map((f) => f.find(chosen.stack)))).flat() };
  } catch (error) {
    const reason = messageOf(error);
    ctx.logger.error(`stack ${chosen.stack}: could not list its resources: ${reason}`);
    return { chosen, error: reason };
  }
}

/** Bulk selection: the managed fleet, narrowed by every criterion given; idle needs the metrics. */
async function selectFromFleet(ctx: CommandContext, services: TeardownServices, criteria: SelectionCriteria): Promise<ChosenStack[]> {
  // The fleet read for selection is the run's inventory: the finders then answer every stack from it.
  const inventory = services.inventory;
  const fleet = await fleetInventory(
    inventory ? { managedResources: () => inventory.managed() } : services.tagging,
    services.sagemaker,
    tolerantListings(ctx, services.fleetListings),
  );
  const now = ctx.clock.now();
  let invocations = new Map<string, number>();
  if (criteria.idleMs !== undefined) {
    const named = new Set(criteria.stacks);
    const start = fleet.filter((s) => (named.size > 0 ? named.has(s.stack) : !s.protected));
    const candidates = idleCandidates(start, criteria.idleMs, now);
    // The variants to count come from one Search per hundred endpoints where its record is the
    // endpoint's current state (see currentRecord), else from describing the endpoint.
    const searched = candidates.length > 0 ? searchedOnce(services.sagemaker, ctx.logger) : undefined;
    const variants = await mapLimit(candidates, DEFAULT_CONCURRENCY, async (s) => {
      if (!s.endpoint) return [];
      const listed = { name: s.endpoint.name, arn: s.endpoint.arn, status: s.endpoint.status, lastModifiedTime: s.endpoint.lastModifiedAt };
      const endpoint = (searched ? currentRecord(await searched(), listed) : undefined) ?? (await services.sagemaker.describeEndpoint(s.endpoint.name));
      return (endpoint?.variants ?? []).map((v) => ({ endpoint: endpoint!.name, variant: v.variantName }));
    });
    invocations = await services.metrics.invocationsByEndpoint(variants.flat(), new Date(now.getTime() - criteria.idleMs), now);
  }
  const chosen = chooseStacks(criteria, fleet, invocations, now);
  ctx.logger.info(`${counted(fleet.length, 'managed stack')}, ${chosen.length} selected`);
  return chosen;
}

/**
 * The notebook and schedule listings, each refused or failed one a warning and an empty list: a
 * role that may not list them (the janitor's, an older least-privilege policy) still tears down
 * the stacks it could before, just not those that have only a notebook or a schedule.
 */
function tolerantListings(ctx: CommandContext, listings: FleetListings | undefined): FleetListings {
  const tolerant = (what: string, list: (() => Promise<ResourceSummary[]>) | undefined): (() => Promise<ResourceSummary[]>) | undefined =>
    list &&
    (() =>
      list().catch((error: unknown) => {
        ctx.logger.warn(`could not list ${what} (${messageOf(error)}): a stack that has only those is not selected`);
        return [];
      }));
  const notebooks = tolerant('notebook instances', listings?.listNotebookInstances);
  const schedules = tolerant('monitoring schedules', listings?.listMonitoringSchedules);
  return { ...(notebooks ? { listNotebookInstances: notebooks } : {}), ...(schedules ? { listMonitoringSchedules: schedules } : {}) };
}

/** Deletes one stack's resources kind by kind; after a failure, what depends on it is left for a later run. */
async function deleteStack(ctx: CommandContext, finders: ResourceFinder[], resources: StackResource[]): Promise<ResourceReport[]> {
  const reports: ResourceReport[] = [];
  let blockedBy: string | undefined;
  for (const kind of DELETE_ORDER) {
    const ofKind = resources.filter((r) => r.kind === kind);
    if (blockedBy !== undefined) {
      reports.push(...ofKind.map((r) => resourceReport(r, 'failed', `not attempted: ${blockedBy}`)));
      continue;
    }
    const results = await Promise.all(ofKind.map((r) => deleteOne(ctx, finders, r)));
    reports.push(...results);
    const failure = results.find((r) => r.action === 'failed');
    if (failure) blockedBy = `deleting ${failure.kind} ${failure.name} failed`;
  }
  return reports;
}

async function deleteOne(ctx: CommandContext, finders: ResourceFinder[], resource: StackResource): Promise<ResourceReport> {
  const finder = finders.find((f) => f.kinds.includes(resource.kind));
  try {
    if (!finder) throw new Error(`no finder deletes ${resource.kind}`);
    const outcome = await finder.delete(resource);
    // Debug, not info: the result table prints each deletion, and on a terminal both would show.
    ctx.logger.debug(`${outcome === 'deleted' ? 'deleted' : 'already gone:'} ${resource.kind} ${resource.name}`);
    return resourceReport(resource, outcome === 'deleted' ? 'deleted' : 'already-gone');
  } catch (error) {
    const reason = messageOf(error);
    ctx.logger.error(`could not delete ${resource.kind} ${resource.name}: ${reason}`);
    return resourceReport(resource, 'failed', reason);
  }
}

/** `--wait`: DeleteEndpoint returns while the endpoint is still `Deleting`; wait until it is gone. */
async function waitUntilGone(ctx: CommandContext, services: TeardownServices, stacks: StackReport[], timeoutMs: number): Promise<void> {
  const endpoints = stacks.flatMap((s) => s.resources).filter((r) => r.kind === 'endpoint' && r.action === 'deleted');
  await mapLimit(endpoints, DEFAULT_CONCURRENCY, (r) =>
    pollUntilFinal({
      what: `endpoint ${r.name} to be deleted`,
      phase: `deleting endpoint ${r.name}`,
      clock: ctx.clock,
      signal: ctx.signal,
      timeoutMs,
      onProgress: (p) => ctx.progress.report(p),
      resolution: `the deletion goes on in AWS: check with \`sagectl status ${r.name}\``,
      check: () => services.sagemaker.describeEndpoint(r.name),
      state: (e) => ({ status: e?.status ?? 'Deleted', final: e === undefined }),
    }),
  );
}

/**
 * Exit 3 when any resource could not be deleted or any stack could not be read; 2 when some were
 * kept as not sagectl's (the report is still printed).
 */
export function teardownExitCode(r: TeardownResult): ExitCode {
  if (r.summary.failed > 0 || r.summary.stacksFailed > 0) return ExitCode.AwsRefused;
  // Resources kept because sagectl does not manage them: what was asked for did not happen (exit 2, fixed by --force).
  if (r.summary.kept > 0 && !r.dryRun && !r.cancelled) return ExitCode.Usage;
  return ExitCode.Ok;
}

/** The factory methods teardown builds its services with. */
export type TeardownFactory = Pick<
  ServiceFactory,
  'sagemaker' | 'apigateway' | 'lambda' | 'logs' | 'iam' | 'autoscaling' | 'registry' | 'tagging' | 'metrics' | 'notebooks' | 'monitoring'
>;

/**
 * Teardown's services, each built on its first call: a dry run, or a bulk selection that matches
 * nothing, builds only the clients it uses (never all nine). They share one inventory for the
 * run (see stack/inventory.ts): each stack's resources and tags from the tagging API, and every
 * listing read once, whatever the number of stacks.
 */
export function teardownServices(make: TeardownFactory, includeVersions: boolean): TeardownServices {
  const tagging = lazyService(() => make.tagging());
  const inventory = new RunInventory(tagging);
  const sagemaker = withInventory(
    lazyService(() => make.sagemaker()),
    inventory,
  );
  const iam = lazyService(() => make.iam());
  const autoscaling = lazyService(() => make.autoscaling());
  const wireApi = new WireApiUse(inventory, iam);
  const notebooks = lazyService(() => make.notebooks());
  const monitoring = lazyService(() => make.monitoring());
  return {
    // What serves traffic from outside (API, function) is found and deleted before the endpoint;
    // the endpoint's autoscaling targets are deregistered just before it.
    finders: [
      new ApiGatewayResourceFinder(
        lazyService(() => make.apigateway()),
        wireApi,
      ),
      new LambdaResourceFinder(
        lazyService(() => make.lambda()),
        lazyService(() => make.logs()),
        wireApi,
      ),
      new IamResourceFinder(iam, wireApi),
      new ScalingResourceFinder(autoscaling, sagemaker),
      new NotebookResourceFinder(notebooks, sagemaker, undefined, inventory),
      new MonitoringResourceFinder(monitoring, sagemaker, inventory),
      new SageMakerResourceFinder(sagemaker),
      ...(includeVersions
        ? [
            new RegistryResourceFinder(
              lazyService(() => make.registry()),
              sagemaker,
            ),
          ]
        : []),
    ],
    sagemaker,
    pauser: sagemaker,
    pauseScaling: autoscaling,
    tagging,
    metrics: lazyService(() => make.metrics()),
    inventory,
    fleetListings: { listNotebookInstances: () => notebooks.list(), listMonitoringSchedules: () => monitoring.listSchedules() },
  };
}

/** CLI entry: reads the arguments and flags, builds the services and runs {@link teardown}. */
export function main(globals: GlobalOptions, stacks: string[], flags: TeardownFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const options = parseTeardownFlags(stacks, flags);
      const named = options.stacks.length > 0 || isBulk(options.filters) || ctx.config.name === undefined ? options.stacks : [ctx.config.name];
      const criteria = selectionCriteria(named, options.filters);
      const make = new ServiceFactory(ctx.clientOptions);
      const services = teardownServices(make, options.includeVersions);
      return teardown(ctx, services, {
        criteria,
        yes: Boolean(globals.yes),
        dryRun: options.dryRun,
        force: options.force,
        concurrency: options.concurrency,
        ...(options.wait ? { wait: options.wait } : {}),
        ...(options.pause ? { pause: true } : {}),
      });
    },
    render: renderTeardown,
    exitCode: teardownExitCode,
  });
}
