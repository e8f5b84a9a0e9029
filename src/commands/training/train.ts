import path from 'node:path';
import type { CommandContext } from '../../core/context.js';
import { ConfigError, InterruptedError, messageOf } from '../../core/errors.js';
import { names } from '../../core/names.js';
import { stackTags } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { jobStatus } from '../../services/job-status.js';
import type { TrainingJobInfo, JobsService } from '../../services/jobs.js';

import { trainingRequest } from './spec.js';
import { followTrainingJob, stderrLogSink, trainingFailed } from './wait.js';
import type { LogsReader } from '../logs/tail.js';
import { ServiceFactory } from '../../services/factory.js';
import { registerTrainingJob, type RegisterRegistry } from '../versions/register.js';
import type { TrainFlags } from './cli.js';
import { parseTrainFlags, registerNeedsWait } from './flags.js';

/** The SageMaker calls train makes. */
export type TrainJobs = Pick<JobsService, 'createTrainingJob' | 'describeTrainingJob' | 'stopTrainingJob'>;

export interface TrainOptions {
  wait: boolean;
  timeoutMs: number;
  /** Where log lines go while waiting (stderr); undefined with --no-logs. */
  printLog?: (line: string) => void;
  /** On Ctrl-C, stop the job without asking. */
  stopOnInterrupt: boolean;
  /** `--register`: register the completed job's model as the stack's next version. */
  register?: { registry: RegisterRegistry; approve: boolean };
}

export interface TrainResult {
  stack: string;
  job: string;
  arn: string;
  status: string;
  modelArtifact?: string;
  trainingSeconds?: number;
  billableSeconds?: number;
  /** Percent of the training time not billed, with managed spot training. */
  spotSavingPercent?: number;
  metrics: Record<string, number>;
  waited: boolean;
  /** With --register: the version the job's model became. */
  registered?: { version: number; arn: string; approval: string };
}

/**
 * Starts a training job from the config's `training` section, then (unless --no-wait) waits for
 * it, streaming its logs. Completed: the artifact, times and metrics. Failed or Stopped:
 * ResourceFailedError (exit 4) with the reason and the last log lines. Ctrl-C: stops the job
 * when told to (or when the user says so), else says it goes on; exit 130 either way.
 */
export async function train(ctx: CommandContext, jobs: TrainJobs, logs: LogsReader, options: TrainOptions): Promise<TrainResult> {
  const source = ctx.configFile ? path.basename(ctx.configFile) : 'config';
  const stack = ctx.config.name;
  if (stack === undefined) throw new ConfigError(`${source}: name: no stack name: set \`name:\` in the config or pass --stack`);
  if (options.register && !options.wait) throw registerNeedsWait();
  const name = names.trainingJob(stack, ctx.clock.now());
  const request = trainingRequest(ctx.config, name, stackTags(stack, ctx.config.tags, await ctx.git()), source);
  ctx.logger.info(`creating training job ${name}`);
  const arn = await jobs.createTrainingJob(request);
  if (!options.wait) return { stack, job: name, arn, status: 'InProgress', metrics: {}, waited: false };

  let followed;
  try {
    followed = await followTrainingJob(ctx, jobs, logs, name, {
      timeoutMs: options.timeoutMs,
      ...(options.printLog ? { printLog: options.printLog } : {}),
      resolution: goesOn(name),
    });
  } catch (error) {
    if (error instanceof InterruptedError) throw await interrupted(ctx, jobs, name, options.stopOnInterrupt);
    throw error;
  }
  const { job, lastLines } = followed;
  if (!jobStatus.isCompleted(job.status)) throw await trainingFailed(job, logs, lastLines, ctx.logger);
  const result: TrainResult = { stack, ...summary(job), waited: true };
  if (!options.register) return result;
  const registered = await registerTrainingJob(ctx, options.register.registry, job, { stack, approve: options.register.approve, git: await ctx.git() });
  return { ...result, registered: { version: registered.version, arn: registered.arn, approval: registered.approval } };
}

function goesOn(name: string): string {
  return `training job ${name} goes on in AWS: follow it with \`sagectl logs ${name} --follow\`, stop it with \`aws sagemaker stop-training-job --training-job-name ${name}\``;
}

/** What Ctrl-C does: stop the job if told to or if the user says so; the error says what is left running. */
async function interrupted(ctx: CommandContext, jobs: TrainJobs, name: string, stopOnInterrupt: boolean): Promise<InterruptedError> {
  // A second Ctrl-C at the question means "just leave": the job is not stopped.
  const ask = async (): Promise<boolean> => {
    try {
      return await ctx.confirm(`Stop training job ${name}?`);
    } catch (error) {
      if (error instanceof InterruptedError) return false;
      throw error;
    }
  };
  const stop = stopOnInterrupt || (ctx.interactive && (await ask()));
  if (!stop) return new InterruptedError(`interrupted; training job ${name} was not stopped`, goesOn(name));
  try {
    await jobs.stopTrainingJob(name);
  } catch (error) {
    return new InterruptedError(`interrupted; stopping training job ${name} failed: ${messageOf(error)}`, goesOn(name));
  }
  return new InterruptedError(`interrupted; asked SageMaker to stop training job ${name} (Stopping, then Stopped)`, `check it with \`sagectl logs ${name}\``);
}

/** The result fields of a finished job. */
export function summary(job: TrainingJobInfo): Omit<TrainResult, 'stack' | 'waited'> {
  const saving =
    job.spot && job.trainingSeconds && job.billableSeconds !== undefined ? Math.round((1 - job.billableSeconds / job.trainingSeconds) * 100) : undefined;
  return {
    job: job.name,
    arn: job.arn,
    status: job.status,
    ...(job.modelArtifact ? { modelArtifact: job.modelArtifact } : {}),
    ...(job.trainingSeconds !== undefined ? { trainingSeconds: job.trainingSeconds } : {}),
    ...(job.billableSeconds !== undefined ? { billableSeconds: job.billableSeconds } : {}),
    ...(saving !== undefined ? { spotSavingPercent: saving } : {}),
    metrics: job.finalMetrics,
  };
}

/** Text for people: the artifact URI on a line of its own, so a script can read it too. */
export function renderTrain(r: TrainResult): string {
  if (!r.waited) return `Started training job ${r.job} (not waited for: follow it with \`sagectl logs ${r.job} --follow\`)`;
  const lines = [`Training job ${r.job} ${r.status}`];
  if (r.modelArtifact) lines.push(`  artifact  ${r.modelArtifact}`);
  if (r.trainingSeconds !== undefined) {
    const billable = r.billableSeconds !== undefined ? `, ${r.billableSeconds}s billable` : '';
    const spot = r.spotSavingPercent !== undefined ? ` (managed spot saved ${r.spotSavingPercent}%)` : '';
    lines.push(`  time      ${r.trainingSeconds}s training${billable}${spot}`);
  }
  const metrics = Object.entries(r.metrics);
  if (metrics.length > 0) lines.push(`  metrics   ${metrics.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (r.registered) lines.push(`  version   v${r.registered.version} (${r.registered.approval}) ${r.registered.arn}`);
  return lines.join('\n');
}

/** CLI entry: reads the flags, builds the real services and runs {@link train}. */
export function main(globals: GlobalOptions, flags: TrainFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: async (ctx) => {
      const make = new ServiceFactory(ctx.clientOptions);
      const options = parseTrainFlags(flags);
      return train(ctx, await make.jobs(), await make.logs(), {
        wait: options.wait,
        timeoutMs: options.timeoutMs,
        ...(options.logs ? { printLog: stderrLogSink(ctx) } : {}),
        stopOnInterrupt: options.stopOnInterrupt,
        ...(options.register ? { register: { registry: await make.registry(), approve: options.register.approve } } : {}),
      });
    },
    render: renderTrain,
  });
}
