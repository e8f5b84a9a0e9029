import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { assertStackName } from '../../core/names.js';
import { mapLimit, DEFAULT_CONCURRENCY } from '../../core/concurrency.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import type { ApprovalStatus, RegistryService } from '../../services/registry.js';
import { ServiceFactory } from '../../services/factory.js';
import { readLineage } from '../model/lineage.js';
import { serves, servingVersions, type ServingSageMaker } from './serving.js';

/** One version as `versions` shows it. */
export interface VersionRow {
  version: number;
  arn: string;
  createdAt?: string;
  approval: ApprovalStatus;
  approvalDescription?: string;
  image: string;
  modelData?: string;
  trainingJob?: string;
  tuningJob?: string;
  gitCommit?: string;
  gitDirty?: boolean;
  metrics: Record<string, number>;
  hyperparameters: Record<string, string>;
  /** Whether an endpoint variant serves it now. */
  live: boolean;
  /** The variants of the stack's endpoint serving it now. */
  servedBy: string[];
}

export interface VersionsResult {
  stack: string;
  group: string;
  versions: VersionRow[];
}

/**
 * The stack's model versions newest first, each with its approval, lineage (source job, git
 * commit, metrics) and which variants of the stack's endpoint serve it now.
 */
export async function versions(
  ctx: CommandContext,
  registry: Pick<RegistryService, 'listVersions' | 'describeVersion'>,
  sagemaker: ServingSageMaker,
  stack: string,
): Promise<VersionsResult> {
  assertStackName(stack);
  const [summaries, serving] = await Promise.all([registry.listVersions(stack), servingVersions(sagemaker, stack)]);
  ctx.logger.debug(`${summaries.length} versions of ${stack}`);
  const rows = await mapLimit(summaries, DEFAULT_CONCURRENCY, async (s): Promise<VersionRow> => {
    const info = await registry.describeVersion(s.arn);
    const lineage = readLineage(info?.metadata ?? {});
    const servedBy = serving.filter((v) => serves(v, s.arn)).map((v) => v.variant);
    return {
      version: s.version,
      arn: s.arn,
      ...(s.creationTime ? { createdAt: s.creationTime.toISOString() } : {}),
      approval: info?.approval ?? s.approval,
      ...(info?.approvalDescription ? { approvalDescription: info.approvalDescription } : {}),
      image: info?.image ?? '',
      ...(info?.modelDataUrl ? { modelData: info.modelDataUrl } : {}),
      ...(lineage.trainingJob ? { trainingJob: lineage.trainingJob } : {}),
      ...(lineage.tuningJob ? { tuningJob: lineage.tuningJob } : {}),
      ...(lineage.git ? { gitCommit: lineage.git.commit, gitDirty: lineage.git.dirty } : {}),
      metrics: lineage.metrics,
      hyperparameters: lineage.hyperparameters,
      live: servedBy.length > 0,
      servedBy,
    };
  });
  return { stack, group: stack, versions: rows };
}

/** Text for people: one line per version, newest first, the live one marked. */
export function renderVersions(r: VersionsResult): string {
  if (r.versions.length === 0) return `Stack ${r.stack} has no model versions: register one with \`sagectl register\` or \`sagectl train --register\`.`;
  const lines = [`Model versions of ${r.stack} (newest first)`];
  const liveText = (v: VersionsResult['versions'][number]): string => (v.live ? `LIVE (${v.servedBy.join(', ')})` : '');
  // The LIVE column is as wide on every row (blank where not live), so the columns after it line up.
  const liveWidth = Math.max(0, ...r.versions.map((v) => liveText(v).length));
  for (const v of r.versions) {
    const metrics = Object.entries(v.metrics)
      .slice(0, 3)
      .map(([k, x]) => `${k}=${x}`)
      .join(' ');
    const columns = [
      `v${v.version}`.padEnd(5),
      (v.createdAt ?? '').slice(0, 19).replace('T', ' ').padEnd(19),
      v.approval.padEnd(21),
      ...(liveWidth > 0 ? [liveText(v).padEnd(liveWidth)] : []),
    ];
    const parts = [
      v.trainingJob ? `job ${v.trainingJob}` : v.modelData ? `artifact ${v.modelData}` : '',
      v.gitCommit ? `commit ${v.gitCommit.slice(0, 7)}${v.gitDirty ? '+dirty' : ''}` : '',
      metrics,
      v.approvalDescription ? `(${v.approvalDescription})` : '',
    ];
    lines.push(`  ${[...columns, ...parts.filter((p) => p.trim() !== '')].join('  ')}`.trimEnd());
  }
  return lines.join('\n');
}

/** CLI entry. The stack comes from the argument, else `--stack` or the config's `name`. */
export function main(globals: GlobalOptions, stackArg: string | undefined): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const stack = stackArg ?? ctx.config.name;
      if (stack === undefined)
        throw new UsageError('versions needs a stack: name it (`sagectl versions churn-xgb`), pass --stack, or set `name:` in the config');
      assertStackName(stack);
      const make = new ServiceFactory(ctx.clientOptions);
      return versions(ctx, await make.registry(), await make.sagemaker(), stack);
    },
    render: renderVersions,
  });
}
