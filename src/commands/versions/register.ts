import type { CommandContext } from '../../core/context.js';
import { configFor, warnOtherStack } from '../stack/config.js';
import { UsageError } from '../../core/errors.js';
import { assertStackName } from '../../core/names.js';
import { stackTags, type GitInfo } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { VERSION } from '../../core/version.js';
import type { JobsService, TrainingJobInfo } from '../../services/jobs.js';
import type { ApprovalStatus, RegistryService } from '../../services/registry.js';
import { versionOfArn } from '../../services/registry-arn.js';
import { ServiceFactory } from '../../services/factory.js';
import { lineageMetadata, versionPackageTags, type Lineage } from '../model/lineage.js';
import { LATEST, resolveModelSource } from '../model/source.js';
import type { RegisterFlags } from './cli.js';
import { parseRegisterFlags } from './flags.js';

/** The registry calls registering makes. */
export type RegisterRegistry = Pick<RegistryService, 'ensureGroup' | 'createVersion'>;

/** Where the version's model comes from: an artifact and image, or a Completed training job. */
export type RegisterSource = { modelData: string; image: string } | { trainingJob: string; tuningJob?: string };

export interface RegisterOptions {
  stack: string;
  source: RegisterSource;
  /** `--approve`: the version starts Approved instead of PendingManualApproval. */
  approve: boolean;
  description?: string;
  /** The working tree's commit (undefined outside a repository). */
  git: GitInfo | undefined;
}

export interface RegisterResult {
  stack: string;
  group: string;
  groupCreated: boolean;
  version: number;
  arn: string;
  approval: ApprovalStatus;
  image: string;
  modelData: string;
  trainingJob?: string;
  gitCommit?: string;
  gitDirty?: boolean;
  metrics: Record<string, number>;
}

/**
 * Registers a model as the next version of the stack's model package group (named after the
 * stack, created on first use): from a training job, its artifact, image, hyperparameters and
 * final metrics; always the git commit and sagectl's version. New versions are
 * PendingManualApproval unless `--approve`.
 */
export async function register(
  ctx: CommandContext,
  registry: RegisterRegistry,
  jobs: Pick<JobsService, 'describeTrainingJob'>,
  options: RegisterOptions,
): Promise<RegisterResult> {
  const { source } = options;
  if ('modelData' in source) return registerModel(ctx, registry, options, { image: source.image, modelData: source.modelData });
  const job = await jobs.describeTrainingJob(source.trainingJob);
  if (!job?.modelArtifact) throw new UsageError(`--from-training-job: training job ${source.trainingJob} has no model artifact`);
  return registerModel(ctx, registry, options, {
    image: job.image,
    modelData: job.modelArtifact,
    job,
    ...(source.tuningJob ? { tuningJob: source.tuningJob } : {}),
  });
}

/** Registers a finished training job's model; `train --register` and `tune --register` call it after their job. */
export function registerTrainingJob(
  ctx: CommandContext,
  registry: RegisterRegistry,
  job: TrainingJobInfo,
  options: Omit<RegisterOptions, 'source'>,
  tuningJob?: string,
): Promise<RegisterResult> {
  if (!job.modelArtifact) throw new UsageError(`training job ${job.name} has no model artifact to register`);
  return registerModel(ctx, registry, options, { image: job.image, modelData: job.modelArtifact, job, ...(tuningJob ? { tuningJob } : {}) });
}

async function registerModel(
  ctx: CommandContext,
  registry: RegisterRegistry,
  options: Omit<RegisterOptions, 'source'>,
  model: { image: string; modelData: string; job?: TrainingJobInfo; tuningJob?: string },
): Promise<RegisterResult> {
  const { stack } = options;
  const lineage: Lineage = {
    ...(model.job ? { trainingJob: model.job.name, trainingJobArn: model.job.arn } : {}),
    ...(model.tuningJob ? { tuningJob: model.tuningJob } : {}),
    hyperparameters: model.job?.hyperparameters ?? {},
    metrics: model.job?.finalMetrics ?? {},
    ...(options.git ? { git: options.git } : {}),
    sagectlVersion: VERSION,
  };
  const tags = stackTags(stack, configFor(ctx, stack)?.tags, options.git);
  const group = await registry.ensureGroup(stack, `model versions of sagectl stack ${stack}`, tags);
  if (group.created) ctx.logger.info(`created model package group ${stack}`);
  const approval = options.approve ? 'Approved' : 'PendingManualApproval';
  const arn = await registry.createVersion({
    group: stack,
    image: model.image,
    modelDataUrl: model.modelData,
    approval,
    ...(options.description ? { description: options.description } : {}),
    metadata: lineageMetadata(lineage),
    tags: versionPackageTags(tags, lineage),
  });
  const version = versionOfArn(arn);
  ctx.logger.info(`registered ${stack} v${version} (${approval})`);
  return {
    stack,
    group: stack,
    groupCreated: group.created,
    version,
    arn,
    approval,
    image: model.image,
    modelData: model.modelData,
    ...(model.job ? { trainingJob: model.job.name } : {}),
    ...(options.git ? { gitCommit: options.git.commit, gitDirty: options.git.dirty } : {}),
    metrics: lineage.metrics,
  };
}

/** Text for people. */
function renderRegister(r: RegisterResult): string {
  const lines = [`Registered ${r.stack} v${r.version} (${r.approval})`, `  arn       ${r.arn}`, `  artifact  ${r.modelData}`, `  image     ${r.image}`];
  if (r.trainingJob) lines.push(`  job       ${r.trainingJob}`);
  if (r.gitCommit) lines.push(`  commit    ${r.gitCommit.slice(0, 7)}${r.gitDirty ? ' (dirty)' : ''}`);
  const metrics = Object.entries(r.metrics);
  if (metrics.length > 0) lines.push(`  metrics   ${metrics.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (r.approval !== 'Approved') lines.push(`  approve it with \`sagectl approve ${r.stack} ${r.version}\` before deploying it`);
  return lines.join('\n');
}

/**
 * The model to register: the flags read by {@link parseRegisterFlags}, with the image of an
 * artifact taken from the config (model.image, then training.image) when --image is not given.
 */
export function registerSource(flags: RegisterFlags, configImage: string | undefined): { modelData: string; image: string } | { trainingJob: string } {
  const { source } = parseRegisterFlags(flags);
  if ('trainingJob' in source) return source;
  const image = source.image ?? configImage;
  if (image === undefined || image === '') throw new UsageError('--model-data needs the container image: pass --image, or set model.image in the config');
  return { modelData: source.modelData, image };
}

/** CLI entry. The stack comes from the argument, else `--stack` or the config's `name`. */
export function main(globals: GlobalOptions, stackArg: string | undefined, flags: RegisterFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const stack = stackArg ?? ctx.config.name;
      if (stack === undefined)
        throw new UsageError('register needs a stack: name it (`sagectl register churn-xgb …`), pass --stack, or set `name:` in the config');
      assertStackName(stack);
      const own = configFor(ctx, stack);
      if (!own) warnOtherStack(ctx, stack, ['model.image / training.image (the image comes from --image or the training job)']);
      const parsed = registerSource(flags, own?.model?.image ?? own?.training?.image);
      const make = new ServiceFactory(ctx.clientOptions);
      const jobs = await make.jobs();
      let source: RegisterSource = parsed;
      if ('trainingJob' in parsed) {
        // `latest` and the Completed check are resolved as deploy resolves them.
        const resolved = await resolveModelSource(jobs, stack, { trainingJob: parsed.trainingJob });
        if (parsed.trainingJob === LATEST) ctx.logger.info(`--from-training-job latest: ${resolved.trainingJob}`);
        source = { trainingJob: resolved.trainingJob };
      }
      return register(ctx, await make.registry(), jobs, {
        stack,
        source,
        approve: Boolean(flags.approve),
        ...(flags.description !== undefined ? { description: flags.description } : {}),
        git: await ctx.git(),
      });
    },
    render: renderRegister,
  });
}
