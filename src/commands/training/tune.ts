import path from 'node:path';
import type { CommandContext } from '../../core/context.js';
import { ConfigError, ResourceFailedError } from '../../core/errors.js';
import { names } from '../../core/names.js';
import { stackTags } from '../../core/tags.js';
import { pollUntilFinal } from '../../core/poller.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { jobStatus } from '../../services/job-status.js';
import type { TuningJobInfo, JobsService } from '../../services/jobs.js';
import { tuningRequest } from './spec.js';
import { ServiceFactory } from '../../services/factory.js';
import { registerTrainingJob, type RegisterRegistry } from '../versions/register.js';
import type { TuneFlags } from './cli.js';
import { parseTuneFlags } from './flags.js';

/** The SageMaker calls tune makes. */
export type TuneJobs = Pick<JobsService, 'createTuningJob' | 'describeTuningJob'>;

export interface TuneOptions {
  wait: boolean;
  timeoutMs: number;
  /** `--register`: register the best training job's model as the stack's next version. */
  register?: { registry: RegisterRegistry; approve: boolean; jobs: Pick<JobsService, 'describeTrainingJob'> };
}

export interface TuneResult {
  stack: string;
  job: string;
  arn: string;
  status: string;
  counters?: TuningJobInfo['counters'];
  best?: TuningJobInfo['best'];
  waited: boolean;
  /** With --register: the version the best job's model became. */
  registered?: { version: number; arn: string; approval: string };
}

/** One status line: the counts and the best objective so far. */
function tuningStatus(j: TuningJobInfo): string {
  const c = j.counters;
  const best = j.best?.objective ? ` · best ${j.best.objective.metric}=${j.best.objective.value}` : '';
  return `${j.status} · ${c.completed} completed, ${c.inProgress} in progress, ${c.failed} failed, ${c.stopped} stopped${best}`;
}

/**
 * Starts a hyperparameter tuning job from `tuning` (with the training definition of `training`)
 * and waits, showing the counts and the best objective so far; returns the best training job.
 */
export async function tune(ctx: CommandContext, jobs: TuneJobs, options: TuneOptions): Promise<TuneResult> {
  const source = ctx.configFile ? path.basename(ctx.configFile) : 'config';
  const stack = ctx.config.name;
  if (stack === undefined) throw new ConfigError(`${source}: name: no stack name: set \`name:\` in the config or pass --stack`);
  const name = names.tuningJob(stack, ctx.clock.now());
  const request = tuningRequest(ctx.config, name, stackTags(stack, ctx.config.tags, await ctx.git()), source);
  ctx.logger.info(`creating hyperparameter tuning job ${name}`);
  const arn = await jobs.createTuningJob(request);
  if (!options.wait) return { stack, job: name, arn, status: 'InProgress', waited: false };
  const job = await pollUntilFinal({
    what: `tuning job ${name}`,
    phase: 'tuning',
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs: options.timeoutMs,
    onProgress: (p) => ctx.progress.report(p),
    resolution: `tuning job ${name} goes on in AWS: stop it with \`aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${name}\``,
    check: async () => {
      const info = await jobs.describeTuningJob(name);
      if (!info) throw new ResourceFailedError(`tuning job ${name} disappeared while waiting for it`);
      return info;
    },
    state: (j) => ({ status: tuningStatus(j), final: jobStatus.isFinal(j.status) }),
  });
  if (!jobStatus.isCompleted(job.status)) {
    throw new ResourceFailedError(
      `tuning job ${name} ${job.status}${job.failureReason ? `: ${job.failureReason}` : ''} (${tuningStatus(job)})`,
      job.best ? `its best training job so far is ${job.best.trainingJob}: \`sagectl deploy --from-training-job ${job.best.trainingJob}\`` : undefined,
    );
  }
  const result: TuneResult = { stack, job: name, arn, status: job.status, counters: job.counters, ...(job.best ? { best: job.best } : {}), waited: true };
  if (!options.register) return result;
  if (!job.best) throw new ResourceFailedError(`tuning job ${name} completed with no best training job: nothing to register`);
  const best = await options.register.jobs.describeTrainingJob(job.best.trainingJob);
  if (!best) throw new ResourceFailedError(`the best training job ${job.best.trainingJob} of ${name} is gone: nothing to register`);
  const registered = await registerTrainingJob(ctx, options.register.registry, best, { stack, approve: options.register.approve, git: await ctx.git() }, name);
  return { ...result, registered: { version: registered.version, arn: registered.arn, approval: registered.approval } };
}

export function renderTune(r: TuneResult): string {
  if (!r.waited) return `Started tuning job ${r.job} (not waited for)`;
  const lines = [`Tuning job ${r.job} ${r.status}`];
  if (r.counters) lines.push(`  jobs      ${r.counters.completed} completed, ${r.counters.failed} failed, ${r.counters.stopped} stopped`);
  if (r.best) {
    lines.push(`  best      ${r.best.trainingJob}`);
    if (r.best.objective) lines.push(`  objective ${r.best.objective.metric} = ${r.best.objective.value}`);
    for (const [k, v] of Object.entries(r.best.hyperparameters)) lines.push(`  ${k.padEnd(9)} ${v}`);
    lines.push(`  deploy it with \`sagectl deploy --from-tuning-job ${r.job}\``);
  }
  if (r.registered) lines.push(`  version   v${r.registered.version} (${r.registered.approval}) ${r.registered.arn}`);
  return lines.join('\n');
}

/** CLI entry: reads the flags, builds the real services and runs {@link tune}. */
export function main(globals: GlobalOptions, flags: TuneFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: async (ctx) => {
      const options = parseTuneFlags(flags);
      const make = new ServiceFactory(ctx.clientOptions);
      const jobs = await make.jobs();
      return tune(ctx, jobs, {
        wait: options.wait,
        timeoutMs: options.timeoutMs,
        ...(options.register ? { register: { registry: await make.registry(), approve: options.register.approve, jobs } } : {}),
      });
    },
    render: renderTune,
  });
}
