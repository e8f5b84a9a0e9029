import type { LogsFlags } from './cli.js';
import { parseLogsFlags } from './flags.js';
import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { pollUntilFinal } from '../../core/poller.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';

import type { SageMakerService } from '../../services/sagemaker.js';
import { endpointLogs, formatLine, LogTail, trainingLogs, type LogsReader, type LogSource } from './tail.js';
import { followTrainingJob, type TrainingReader } from '../training/wait.js';
import { ServiceFactory } from '../../services/factory.js';

/** The SageMaker call that tells an endpoint's name from a training job's. */
export type EndpointReader = Pick<SageMakerService, 'describeEndpoint'>;

export interface LogsOptions {
  follow: boolean;
  timeoutMs: number;
  /** Where each line goes (stdout: the lines are this command's result). */
  print: (line: string) => void;
}

export interface LogsResult {
  kind: 'training-job' | 'endpoint';
  name: string;
  logGroup: string;
  lines: number;
  /** The training job's final status, when followed to its end. */
  status?: string;
}

/**
 * Prints a training job's or an endpoint's CloudWatch logs, or follows them: a training job
 * until it ends, an endpoint until it is deleted, Ctrl-C or the timeout.
 */
export async function logs(
  ctx: CommandContext,
  sagemaker: EndpointReader,
  jobs: TrainingReader,
  reader: LogsReader,
  name: string | undefined,
  options: LogsOptions,
): Promise<LogsResult> {
  const target = name ?? ctx.config.name;
  if (target === undefined) throw new UsageError('logs: name a training job or an endpoint (or set `name:` in the config for the stack endpoint)');
  let count = 0;
  const print = (line: string): void => {
    count++;
    options.print(line);
  };
  const job = await jobs.describeTrainingJob(target);
  if (job) {
    const source = trainingLogs(target);
    const result = { kind: 'training-job' as const, name: target, logGroup: source.group };
    if (options.follow) {
      const followed = await followTrainingJob(ctx, jobs, reader, target, {
        timeoutMs: options.timeoutMs,
        printLog: print,
        resolution: `nothing was stopped: training job ${target} goes on in AWS`,
        logErrors: 'throw',
      });
      return { ...result, lines: count, status: followed.job.status };
    }
    await printOnce(ctx, reader, source, job.instanceCount > 1, print);
    return { ...result, lines: count, status: job.status };
  }
  if (!(await sagemaker.describeEndpoint(target))) {
    throw new UsageError(`logs: no training job or endpoint named ${target}`, 'check the name with `sagectl status`');
  }
  const source = endpointLogs(target);
  if (!options.follow) {
    await printOnce(ctx, reader, source, false, print);
    return { kind: 'endpoint', name: target, logGroup: source.group, lines: count };
  }
  const tail = new LogTail(reader, source, ctx.logger);
  await pollUntilFinal({
    what: `the logs of endpoint ${target}`,
    phase: 'following logs',
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs: options.timeoutMs,
    maxDelayMs: 10_000,
    resolution: 'nothing was stopped: the endpoint goes on',
    check: async () => {
      for (const line of await tail.poll()) print(formatLine(line, source, tail.streamCount > 1));
      return sagemaker.describeEndpoint(target);
    },
    state: (e) => ({ status: e ? e.status : 'deleted', final: e === undefined }),
  });
  return { kind: 'endpoint', name: target, logGroup: source.group, lines: count };
}

async function printOnce(ctx: CommandContext, reader: LogsReader, source: LogSource, multi: boolean, print: (line: string) => void): Promise<void> {
  const tail = new LogTail(reader, source, ctx.logger);
  const lines = await tail.poll();
  for (const line of lines) print(formatLine(line, source, multi || tail.streamCount > 1));
  if (lines.length === 0) ctx.logger.info(`no log events in ${source.group}${source.prefix ? ` for ${source.prefix}` : ''} yet`);
}

/** The lines went to stdout as they came; the text result adds nothing. */
function renderLogs(): string {
  return '';
}

/** CLI entry. With --output json the lines are collected into the one JSON document. */
export function main(globals: GlobalOptions, name: string | undefined, flags: LogsFlags): Promise<void> {
  return runCommand(globals, {
    needsConfig: false,
    run: async (ctx) => {
      const make = new ServiceFactory(ctx.clientOptions);
      const options = parseLogsFlags(flags);
      const json = globals.output === 'json';
      const collected: string[] = [];
      const print = json ? (line: string) => void collected.push(line) : ctx.out;
      const result = await logs(ctx, await make.sagemaker(), await make.jobs(), await make.logs(), name, {
        ...options,
        print,
      });
      return json ? { ...result, events: collected } : result;
    },
    render: renderLogs,
  });
}
