import type { StatusFlags } from './cli.js';
import { parseStatusFlags } from './flags.js';
import type { CommandContext } from '../../core/context.js';
import { assertStackName } from '../../core/names.js';
import { mapLimit, DEFAULT_CONCURRENCY } from '../../core/concurrency.js';
import { TagKey, type Tags } from '../../core/tags.js';
import { managedEndpoints, unknownStackError } from '../stack/listing.js';
import { formatDuration } from '../../core/duration.js';
import { runCommand, type GlobalOptions } from '../../cli/runner.js';
import type { EndpointConfigInfo, EndpointInfo, SageMakerService } from '../../services/sagemaker.js';
import type { MetricsService } from '../../services/metrics.js';

import { mayBeIdle, type IdleFacts } from '../stack/idle.js';
import type { RegistryService } from '../../services/registry.js';
import { ServiceFactory } from '../../services/factory.js';
import { VersionTagKey } from '../model/version.js';
import { readLineage } from '../model/lineage.js';
import { describeHistory, readHistory, renderHistory, type HistoryItem } from '../endpoint/history.js';
import type { SageMakerResourceApi } from '../stack/resources.js';
import { extrasLines, stackExtras, type ExtrasApi, type StackExtras } from './extras.js';

/** The SageMaker calls status makes. */
export type StatusSageMaker = Pick<
  SageMakerService,
  'listEndpoints' | 'listTags' | 'describeEndpoint' | 'describeEndpointConfig' | 'describeModel' | 'listEndpointConfigs' | 'listModels'
>;

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

export interface StatusResult {
  stacks: StackStatus[];
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
  extras?: ExtrasApi,
): Promise<StatusResult> {
  if (options.stack !== undefined) assertStackName(options.stack);
  const managed = await managedEndpoints(sagemaker, options.stack);
  // A named stack that is not there is a usage error naming the ones that are, as `invoke` says.
  if (options.stack !== undefined && managed.length === 0) throw await unknownStackError(sagemaker, options.stack);
  ctx.logger.debug(`${managed.length} endpoints managed by sagectl`);
  const stacks = await mapLimit(managed, DEFAULT_CONCURRENCY, async ({ endpoint: e, tags }) => {
    const endpoint = await sagemaker.describeEndpoint(e.name);
    if (!endpoint) return undefined; // deleted between the listing and now
    const config = endpoint.configName ? await sagemaker.describeEndpointConfig(endpoint.configName) : undefined;
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
  return { stacks: found };
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

function stackStatus(tags: Tags, endpoint: EndpointInfo, config: EndpointConfigInfo | undefined): StackStatus {
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
  if (r.stacks.length === 0) return 'No stacks managed by sagectl in this region.';
  const age = (iso?: string): string => (iso ? `${formatDuration(now.getTime() - Date.parse(iso))} ago` : 'unknown');
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
  return blocks.join('\n\n');
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
      return status(
        ctx,
        await make.sagemaker(),
        { ...(named ? { stack: named } : {}), ...(idleMs !== undefined ? { idleMs } : {}) },
        idleMs !== undefined ? await make.metrics() : undefined,
        await make.registry(),
        named ? { monitoring: await make.monitoring(), notebooks: await make.notebooks() } : undefined,
      );
    },
    render: (r) => renderStatus(r),
  });
}
