import path from 'node:path';
import type { CommandContext } from '../../core/context.js';
import { ConfigError, ResourceFailedError, UsageError } from '../../core/errors.js';
import { names } from '../../core/names.js';
import { stackTags } from '../../core/tags.js';
import { pollUntilFinal } from '../../core/poller.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { jobStatus } from '../../services/job-status.js';
import type { JobsService } from '../../services/jobs.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { transformRequest } from './spec.js';
import { ServiceFactory } from '../../services/factory.js';
import type { TransformFlags } from './cli.js';
import { parseTransformFlags } from './flags.js';

export type TransformJobs = Pick<JobsService, 'createTransformJob' | 'describeTransformJob'>;
/** The calls that find the model the stack's endpoint runs. */
export type LiveModelReader = Pick<SageMakerService, 'describeEndpoint' | 'describeEndpointConfig'>;

export interface TransformOptions {
  wait: boolean;
  timeoutMs: number;
  /** `--model`: a model by name instead of the one the stack's endpoint runs. */
  model?: string;
}

export interface TransformResult {
  stack: string;
  job: string;
  arn: string;
  model: string;
  status: string;
  outputPath: string;
  waited: boolean;
}

/** Runs a batch transform job over the `transform` section's input with the stack's current model (or `--model`). */
export async function transform(ctx: CommandContext, sagemaker: LiveModelReader, jobs: TransformJobs, options: TransformOptions): Promise<TransformResult> {
  const source = ctx.configFile ? path.basename(ctx.configFile) : 'config';
  const stack = ctx.config.name;
  if (stack === undefined) throw new ConfigError(`${source}: name: no stack name: set \`name:\` in the config or pass --stack`);
  const name = names.transformJob(stack, ctx.clock.now());
  // Built once before any AWS call, so a config error costs no request.
  const request = transformRequest(ctx.config, name, options.model ?? '', stackTags(stack, ctx.config.tags, await ctx.git()), source);
  const model = options.model ?? (await currentModel(sagemaker, stack));
  ctx.logger.info(`creating transform job ${name} with model ${model}`);
  const arn = await jobs.createTransformJob({ ...request, ModelName: model });
  const outputPath = request.TransformOutput?.S3OutputPath ?? '';
  const result = { stack, job: name, arn, model, outputPath };
  if (!options.wait) return { ...result, status: 'InProgress', waited: false };
  const job = await pollUntilFinal({
    what: `transform job ${name}`,
    phase: 'transforming',
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs: options.timeoutMs,
    onProgress: (p) => ctx.progress.report(p),
    resolution: `transform job ${name} goes on in AWS: stop it with \`aws sagemaker stop-transform-job --transform-job-name ${name}\``,
    check: async () => {
      const info = await jobs.describeTransformJob(name);
      if (!info) throw new ResourceFailedError(`transform job ${name} disappeared while waiting for it`);
      return info;
    },
    state: (j) => ({ status: j.status, final: jobStatus.isFinal(j.status) }),
  });
  if (!jobStatus.isCompleted(job.status)) {
    throw new ResourceFailedError(
      `transform job ${name} ${job.status}${job.failureReason ? `: ${job.failureReason}` : ''}`,
      `its logs are in CloudWatch, log group /aws/sagemaker/TransformJobs, streams ${name}/…`,
    );
  }
  return { ...result, status: job.status, waited: true };
}

async function currentModel(sagemaker: LiveModelReader, stack: string): Promise<string> {
  const endpoint = await sagemaker.describeEndpoint(stack);
  const config = endpoint ? await sagemaker.describeEndpointConfig(endpoint.configName) : undefined;
  const model = config?.variants[0]?.modelName;
  if (!model) throw new UsageError(`transform: stack ${stack} has no live model (no endpoint ${stack})`, 'deploy first, or pass --model NAME');
  return model;
}

export function renderTransform(r: TransformResult): string {
  const head = r.waited ? `Transform job ${r.job} ${r.status}` : `Started transform job ${r.job} (not waited for)`;
  return [head, `  model   ${r.model}`, `  output  ${r.outputPath}`].join('\n');
}

/** CLI entry: reads the flags, builds the real services and runs {@link transform}. */
export function main(globals: GlobalOptions, flags: TransformFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: true,
    run: async (ctx) => {
      const options = parseTransformFlags(flags);
      const make = new ServiceFactory(ctx.clientOptions);
      return transform(ctx, await make.sagemaker(), await make.jobs(), options);
    },
    render: renderTransform,
  });
}
