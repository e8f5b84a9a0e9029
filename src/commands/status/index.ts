import type { StatusFlags } from './cli.js';
import { parseStatusFlags } from './flags.js';
import type { CommandContext } from '../../core/context.js';
import { assertStackName } from '../../core/names.js';
import { messageOf } from '../../core/errors.js';
import { mapLimit, DEFAULT_CONCURRENCY } from '../../core/concurrency.js';
import { TagKey, type Tags } from '../../core/tags.js';
import { currentRecord, searchedOnce } from '../stack/searched.js';
import { managedEndpoints, stackOf, unknownStackError, type ManagedEndpoint } from '../stack/listing.js';
import { formatDuration } from '../../core/duration.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { EndpointConfigInfo, EndpointInfo, ResourceSummary, SageMakerService } from '../../services/sagemaker.js';
import type { VariantSpec } from '../../services/sagemaker-variants.js';
import { variantsFromSummary } from '../../services/variant-summary.js';
import type { TaggedResource, TaggingService } from '../../services/tagging.js';
import type { MetricsService } from '../../services/metrics.js';

import { mayBeIdle, type IdleFacts } from '../stack/idle.js';
import type { RegistryService } from '../../services/registry.js';
import { ServiceFactory } from '../../services/factory.js';
import { lazyService } from '../../services/lazy.js';
import { RunInventory, withInventory } from '../stack/inventory.js';
import { VersionTagKey } from '../model/version.js';
import { readLineage } from '../model/lineage.js';
import { describeHistory, readHistory, renderHistory, type HistoryItem } from '../endpoint/history.js';
import { SageMakerResourceFinder, type SageMakerResourceApi } from '../stack/resources.js';
import { pausedConfigOf, pausedStacks } from '../stack/paused.js';
import { extrasLines, stackExtras, type ExtrasApi, type StackExtras } from './extras.js';

/** The SageMaker calls status makes. */
export type StatusSageMaker = Pick<
  SageMakerService,
  'listEndpoints' | 'listTags' | 'describeEndpoint' | 'describeEndpointConfig' | 'describeModel' | 'listEndpointConfigs' | 'listModels'
> &
  Partial<Pick<SageMakerService, 'searchEndpoints'>>;

export interface VariantStatus {
  name: string;
  model?: string;
  instanceType?: string;
  /** Instances running now (desired count when SageMaker reports one that differs). */
  instanceCount?: number;
  desiredInstanceCount?: number;
  weight?: number;
  serverless?: { memoryMB: number; maxConcurrency: number };
}

export interface StackStatus extends StackExtras {
  stack: string;
  endpoint: {
    name: string;
    arn: string;
    status: string;
    failureReason?: string;
    configName: string;
    createdAt?: string;
    lastModifiedAt?: string;
  };
  variants: VariantStatus[];
  protected: boolean;
  sagectlVersion?: string;
  gitCommit?: string;
  /** The registered model version the endpoint serves (deployed with --model-version), with its approval and lineage. */
  modelVersion?: { version: number; arn: string; approval?: string; trainingJob?: string; gitCommit?: string };
  /** For one named stack: the configs the endpoint served, live first, then most recently served (what --rollback follows). */
  history?: HistoryItem[];
  /** With --idle: invocations over the window, and whether `teardown --idle` would pick the stack. */
  idle?: { window: string; invocations: number; wouldTeardown: boolean };
}

/** A paused stack: no endpoint (nothing bills), the config `sagectl resume` comes back to. */
export interface PausedStatus {
  stack: string;
  status: 'Paused';
  pausedAt: string;
  configName: string;
  protected: boolean;
}

export interface StatusResult {
  stacks: StackStatus[];
  /** Stacks paused by `sagectl pause` (listed when the tagging API is given, or when the named stack is paused). */
  paused?: PausedStatus[];
}

/**
 * The managed stacks in the region (or the one named) with their endpoint state, variants,
 * instance types and counts, and creation and last-modified times.
 */
export async function status(
  ctx: CommandContext,
  sagemaker: StatusSageMaker,
  options: { stack?: string; idleMs?: number },
  metrics?: Pick<MetricsService, 'invocationsByEndpoint'>,
  registry?: Pick<RegistryService, 'describeVersion'>,
  tagging?: Pick<TaggingService, 'managedResources'>,
  extras?: ExtrasApi,
): Promise<StatusResult> {
  if (options.stack !== undefined) assertStackName(options.stack);
  // Without the tagging API (a policy without tag:GetResources), each endpoint's tags are read as before.
  const fleet =
    options.stack === undefined && tagging
      ? await fleetRecords(tagging, sagemaker, ctx.clock.now()).catch((error: unknown) => {
          ctx.logger.debug(`reading every stack's tags at once failed (${messageOf(error)}): reading each endpoint's`);
          return undefined;
        })
      : undefined;
  const managed = fleet?.managed ?? (await managedEndpoints(sagemaker, options.stack));
  if (options.stack !== undefined && managed.length === 0) {
    const paused = pausedConfigOf(await new SageMakerResourceFinder(readOnly(sagemaker)).find(options.stack));
    if (paused) return { stacks: [], paused: [pausedStatus(options.stack, paused.name, paused.pausedAt, paused.tags[TagKey.Protect] === 'true')] };
    // A named stack that is not there is a usage error naming the ones that are, as `invoke` says.
    throw await unknownStackError(sagemaker, options.stack);
  }
  ctx.logger.debug(`${managed.length} endpoints managed by sagectl`);
  const searched = fleet ? searchedOnce(sagemaker, ctx.logger) : undefined;
  const stacks = await mapLimit(managed, DEFAULT_CONCURRENCY, async ({ stack, endpoint: e, tags }) => {
    const settled = fleet ? await settledState(sagemaker, stack, e, fleet.recordedLive.get(stack)) : undefined;
    const endpoint = settled?.endpoint ?? (searched ? currentRecord(await searched(), e) : undefined) ?? (await sagemaker.describeEndpoint(e.name));
    if (!endpoint) return undefined; // deleted between the listing and now
    const config = settled?.config ?? (endpoint.configName ? await sagemaker.describeEndpointConfig(endpoint.configName) : undefined);
    const status = stackStatus(tags, endpoint, config);
    if (registry && status.modelVersion) await addVersionLineage(status.modelVersion, registry);
    // The history costs a listing and a describe per config: shown when one stack is asked for.
    if (options.stack !== undefined)
      status.history = await describeHistory(sagemaker, await readHistory(readOnly(sagemaker), status.stack, endpoint.configName));
    // The monitoring schedule and the notebook: two describes, for a named stack only.
    if (options.stack !== undefined && extras) Object.assign(status, await stackExtras(extras, status.stack));
    return status;
  });
  const found = stacks.filter((s) => s !== undefined).sort((a, b) => a.stack.localeCompare(b.stack));
  if (options.idleMs !== undefined && metrics) await addIdle(ctx, found, options.idleMs, metrics);
  // Paused stacks come from the fleet's inventory (their configs carry the marker); without it
  // (one stack asked for, or the tagging API refused) only endpoints are shown.
  if (options.stack !== undefined || !fleet) return { stacks: found };
  // A stack deployed again after a pause has an endpoint: it is live, whatever an old record says.
  const live = new Set(found.map((s) => s.stack));
  const paused = (await pausedStacks(fleet.tagged, sagemaker)).filter((p) => !live.has(p.stack));
  return { stacks: found, ...(paused.length > 0 ? { paused: paused.map((p) => pausedStatus(p.stack, p.config.name, p.pausedAt, p.protected)) } : {}) };
}

function pausedStatus(stack: string, configName: string, pausedAt: Date, isProtected: boolean): PausedStatus {
  return { stack, status: 'Paused', pausedAt: pausedAt.toISOString(), configName, protected: isProtected };
}

/** The config a stack last recorded as gone live: its ARN, when, and its variants when its tags summarise them. */
interface RecordedLive {
  arn: string;
  at: number;
  variants?: VariantSpec[];
}

/** What the fleet view reads once for every stack: the managed endpoints, and the config each last recorded as gone live. */
interface FleetRecords {
  managed: ManagedEndpoint[];
  /** Per stack: the endpoint config with the latest `sagectl:went-live` record, and that time. */
  recordedLive: Map<string, RecordedLive>;
  /** The managed endpoints and endpoint configs with their tags, as the tagging API gave them. */
  tagged: TaggedResource[];
}

/**
 * An endpoint created this recently may not be in the tagging API's answer yet (AWS documents it
 * as eventually consistent): its own tags are read, so a stack deployed a moment ago shows at once.
 */
const TAGGING_LAG_MS = 15 * 60_000;

/**
 * The fleet in two paged reads, whatever its size: the endpoints (ListEndpoints gives status and
 * times) and the tags of every managed endpoint and endpoint config (one GetResources), instead
 * of one ListTags per endpoint. The tagging API can lag an endpoint created a moment ago, so a
 * listed endpoint it does not show that was created within {@link TAGGING_LAG_MS} has its tags
 * read with ListTags; older unmanaged endpoints cost nothing.
 */
async function fleetRecords(
  tagging: Pick<TaggingService, 'managedResources'>,
  sagemaker: Pick<StatusSageMaker, 'listEndpoints' | 'listTags'>,
  now: Date,
): Promise<FleetRecords> {
  const [tagged, listed] = await Promise.all([tagging.managedResources(['sagemaker:endpoint', 'sagemaker:endpoint-config']), sagemaker.listEndpoints()]);
  const tagsOf = new Map(tagged.map((r) => [r.arn.toLowerCase(), r.tags]));
  const recent = (e: ResourceSummary): boolean => now.getTime() - (e.creationTime?.getTime() ?? now.getTime()) < TAGGING_LAG_MS;
  const unseen = listed.filter((e) => !tagsOf.has(e.arn.toLowerCase()) && recent(e));
  await mapLimit(unseen, DEFAULT_CONCURRENCY, async (e) => tagsOf.set(e.arn.toLowerCase(), await sagemaker.listTags(e.arn)));
  const managed: ManagedEndpoint[] = [];
  for (const endpoint of listed) {
    const tags = tagsOf.get(endpoint.arn.toLowerCase());
    const stack = tags ? stackOf(tags) : undefined;
    if (tags && stack !== undefined) managed.push({ stack, endpoint, tags });
  }
  const recordedLive = new Map<string, RecordedLive>();
  for (const r of tagged) {
    const stack = stackOf(r.tags);
    const at = Date.parse(r.tags[TagKey.WentLive] ?? '');
    if (stack === undefined || Number.isNaN(at) || !/:endpoint-config\//.test(r.arn)) continue;
    const variants = variantsFromSummary(r.tags[TagKey.Variants]);
    if ((recordedLive.get(stack)?.at ?? -Infinity) < at) recordedLive.set(stack, { arn: r.arn, at, ...(variants ? { variants } : {}) });
  }
  return { managed: managed.sort((a, b) => a.stack.localeCompare(b.stack)), recordedLive, tagged };
}

/**
 * An endpoint's state read from its config alone, when nothing can have changed since sagectl
 * recorded that config going live: the endpoint is InService and was last modified no later than
 * the record (sagectl records after the switch is confirmed; any later change, a weight or
 * instance-count change by autoscaling or by hand, or an update outside sagectl, moves
 * LastModifiedTime past it). Then the running variants are the config's, at their initial weights
 * and counts. The config's own tags summarise its variants (written with it, and a config never
 * changes), so no request is needed; without that summary one DescribeEndpointConfig answers for
 * the stack instead of that and DescribeEndpoint. Otherwise undefined: the caller describes the endpoint.
 */
async function settledState(
  sagemaker: Pick<StatusSageMaker, 'describeEndpointConfig'>,
  stack: string,
  listed: ResourceSummary,
  recorded: RecordedLive | undefined,
): Promise<{ endpoint: EndpointInfo; config: Pick<EndpointConfigInfo, 'name' | 'arn' | 'variants'> } | undefined> {
  if (!recorded || listed.status !== 'InService' || !listed.lastModifiedTime || listed.lastModifiedTime.getTime() > recorded.at) return undefined;
  // The name as the ARN holds it; SageMaker may have lowercased it there, and then the describe finds nothing and the caller asks the endpoint.
  const name = recorded.arn.slice(recorded.arn.indexOf(':endpoint-config/') + ':endpoint-config/'.length);
  // sagectl names a config after its stack (core/names.ts): for a lowercase stack the ARN's name is the name itself.
  const summarised = recorded.variants && stack === stack.toLowerCase() ? { name, arn: recorded.arn, variants: recorded.variants } : undefined;
  const config = summarised ?? (await sagemaker.describeEndpointConfig(name));
  if (!config || config.arn.toLowerCase() !== recorded.arn.toLowerCase()) return undefined;
  const endpoint: EndpointInfo = {
    name: listed.name,
    arn: listed.arn,
    status: 'InService',
    configName: config.name,
    ...(listed.creationTime ? { creationTime: listed.creationTime } : {}),
    lastModifiedTime: listed.lastModifiedTime,
    variants: config.variants.map((v) => ({
      variantName: v.variantName,
      ...(v.initialVariantWeight !== undefined ? { currentWeight: v.initialVariantWeight } : {}),
      ...(v.serverless ? { serverless: v.serverless } : {}),
    })),
  };
  return { endpoint, config };
}

/** The finder's SageMaker API for reading only: status never deletes. */
function readOnly(sagemaker: StatusSageMaker): SageMakerResourceApi {
  const refuse = (): never => {
    throw new Error('status deletes nothing');
  };
  return { ...pick(sagemaker), deleteEndpoint: refuse, deleteEndpointConfig: refuse, deleteModel: refuse };
}

function pick(sagemaker: StatusSageMaker): Pick<SageMakerResourceApi, 'listEndpoints' | 'listEndpointConfigs' | 'listModels' | 'listTags'> {
  return {
    listEndpoints: (n) => sagemaker.listEndpoints(n),
    listEndpointConfigs: (n) => sagemaker.listEndpointConfigs(n),
    listModels: (n) => sagemaker.listModels(n),
    listTags: (arn) => sagemaker.listTags(arn),
  };
}

/** The version's approval, job and commit, read from the registry (a version deleted since is shown by number only). */
async function addVersionLineage(version: NonNullable<StackStatus['modelVersion']>, registry: Pick<RegistryService, 'describeVersion'>): Promise<void> {
  const info = await registry.describeVersion(version.arn);
  if (!info) return;
  const lineage = readLineage(info.metadata);
  version.approval = info.approval;
  if (lineage.trainingJob) version.trainingJob = lineage.trainingJob;
  if (lineage.git) version.gitCommit = lineage.git.commit;
}

/** Invocations over the window, from the same batched query `teardown --idle` makes. */
async function addIdle(ctx: CommandContext, stacks: StackStatus[], idleMs: number, metrics: Pick<MetricsService, 'invocationsByEndpoint'>): Promise<void> {
  const now = ctx.clock.now();
  const start = new Date(now.getTime() - idleMs);
  const variants = stacks.flatMap((s) => s.variants.map((v) => ({ endpoint: s.endpoint.name, variant: v.name })));
  const counts = await metrics.invocationsByEndpoint(variants, start, now);
  for (const s of stacks) {
    const invocations = counts.get(s.endpoint.name) ?? 0;
    const wouldTeardown = invocations === 0 && !s.protected && mayBeIdle(idleFacts(s.endpoint), start);
    s.idle = { window: formatDuration(idleMs), invocations, wouldTeardown };
  }
}

function idleFacts(e: StackStatus['endpoint']): IdleFacts {
  return {
    status: e.status,
    ...(e.createdAt !== undefined ? { createdAt: new Date(e.createdAt) } : {}),
    ...(e.lastModifiedAt !== undefined ? { lastModifiedAt: new Date(e.lastModifiedAt) } : {}),
  };
}

function stackStatus(tags: Tags, endpoint: EndpointInfo, config: Pick<EndpointConfigInfo, 'variants'> | undefined): StackStatus {
  const versionArn = tags[VersionTagKey.PackageArn];
  const version = Number(tags[VersionTagKey.Version]);
  const variants = endpoint.variants.map((v): VariantStatus => {
    const spec = config?.variants.find((c) => c.variantName === v.variantName);
    const serverless = v.serverless ?? spec?.serverless;
    return {
      name: v.variantName,
      ...(spec?.modelName ? { model: spec.modelName } : {}),
      ...(spec?.instanceType ? { instanceType: spec.instanceType } : {}),
      ...(v.currentInstanceCount !== undefined
        ? { instanceCount: v.currentInstanceCount }
        : spec?.initialInstanceCount !== undefined && !serverless
          ? { instanceCount: spec.initialInstanceCount }
          : {}),
      ...(v.desiredInstanceCount !== undefined && v.desiredInstanceCount !== v.currentInstanceCount ? { desiredInstanceCount: v.desiredInstanceCount } : {}),
      ...(v.currentWeight !== undefined ? { weight: v.currentWeight } : {}),
      ...(serverless ? { serverless } : {}),
    };
  });
  return {
    stack: tags[TagKey.Stack] ?? endpoint.name,
    endpoint: {
      name: endpoint.name,
      arn: endpoint.arn,
      status: endpoint.status,
      ...(endpoint.failureReason ? { failureReason: endpoint.failureReason } : {}),
      configName: endpoint.configName,
      ...(endpoint.creationTime ? { createdAt: endpoint.creationTime.toISOString() } : {}),
      ...(endpoint.lastModifiedTime ? { lastModifiedAt: endpoint.lastModifiedTime.toISOString() } : {}),
    },
    variants,
    protected: tags[TagKey.Protect] === 'true',
    ...(tags[TagKey.Version] ? { sagectlVersion: tags[TagKey.Version] } : {}),
    ...(tags[TagKey.GitCommit] ? { gitCommit: tags[TagKey.GitCommit] } : {}),
    ...(versionArn && Number.isInteger(version) ? { modelVersion: { version, arn: versionArn } } : {}),
  };
}

/** Text for people: one block per stack. `now` makes ages testable. */
export function renderStatus(r: StatusResult, now: Date = new Date()): string {
  const paused = r.paused ?? [];
  if (r.stacks.length === 0 && paused.length === 0) return 'No stacks managed by sagectl in this region.';
  const age = (iso?: string): string => (iso ? `${formatDuration(now.getTime() - Date.parse(iso))} ago` : 'unknown');
  const pausedBlocks = paused.map((p) =>
    [
      `${p.stack}  Paused${p.protected ? '  (protected)' : ''}`,
      `  paused    ${p.pausedAt} (${age(p.pausedAt)}): no endpoint, nothing billed by the hour`,
      `  config    ${p.configName} (\`sagectl resume ${p.stack}\` brings the endpoint back on it)`,
    ].join('\n'),
  );
  const blocks = r.stacks.map((s) => {
    const lines = [`${s.stack}  ${s.endpoint.status}${s.protected ? '  (protected)' : ''}`];
    if (s.endpoint.failureReason) lines.push(`  reason    ${s.endpoint.failureReason}`);
    lines.push(`  created   ${s.endpoint.createdAt ?? 'unknown'} (${age(s.endpoint.createdAt)})`);
    lines.push(`  modified  ${s.endpoint.lastModifiedAt ?? 'unknown'} (${age(s.endpoint.lastModifiedAt)})`);
    lines.push(`  config    ${s.endpoint.configName}`);
    if (s.modelVersion) lines.push(`  version   ${servingLine(s.modelVersion)}`);
    if (s.idle)
      lines.push(
        `  usage     ${s.idle.invocations} invocations in the last ${s.idle.window}${s.idle.wouldTeardown ? ' (idle: teardown --idle would delete it)' : ''}`,
      );
    for (const v of s.variants) {
      const capacity = v.serverless
        ? `serverless ${v.serverless.memoryMB} MB, up to ${v.serverless.maxConcurrency} concurrent`
        : `${v.instanceCount ?? '?'}${v.desiredInstanceCount !== undefined ? `→${v.desiredInstanceCount}` : ''} × ${v.instanceType ?? '?'}`;
      lines.push(`  variant   ${v.name}: ${capacity}${v.weight !== undefined ? `, weight ${v.weight}` : ''}${v.model ? `, model ${v.model}` : ''}`);
    }
    lines.push(...extrasLines(s));
    if (s.history && s.history.length > 0)
      lines.push('  history   (live first, then most recently served: --rollback goes to the second)', ...renderHistory(s.history, '    '));
    return lines.join('\n');
  });
  return [...blocks, ...pausedBlocks].join('\n\n');
}

/** "serving v7 (Approved, job churn-xgb-20261125…, commit abc1234)". */
export function servingLine(v: NonNullable<StackStatus['modelVersion']>): string {
  const facts = [v.approval, v.trainingJob ? `job ${v.trainingJob}` : undefined, v.gitCommit ? `commit ${v.gitCommit.slice(0, 7)}` : undefined].filter(
    (f) => f !== undefined,
  );
  return `serving v${v.version}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

/** CLI entry. The stack comes from the argument, else `--stack`; without either, every managed stack. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: StatusFlags = {}): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const make = new ServiceFactory(ctx.clientOptions);
      const { idleMs } = parseStatusFlags(flags);
      const named = stack ?? globals.stack;
      const tagging = lazyService(() => make.tagging());
      // One stack: its history's listings and descriptions are read once; its few tags are read
      // one by one rather than through the tagging API, whose client would cost more memory (the
      // 100 MB goal of a single-stack command) than the requests it saves. The fleet: one
      // GetResources for every stack.
      const sagemaker = named ? withInventory(await make.sagemaker(), new RunInventory(undefined, named)) : await make.sagemaker();
      return status(
        ctx,
        sagemaker,
        { ...(named ? { stack: named } : {}), ...(idleMs !== undefined ? { idleMs } : {}) },
        idleMs !== undefined ? await make.metrics() : undefined,
        // Built on first use: only a stack serving a registered version asks the registry.
        lazyService(() => make.registry()),
        named ? undefined : tagging,
        // A named stack's Model Monitor schedule and notebook, each client built on first use.
        named ? { monitoring: lazyService(() => make.monitoring()), notebooks: lazyService(() => make.notebooks()) } : undefined,
      );
    },
    render: (r) => renderStatus(r),
  });
}
