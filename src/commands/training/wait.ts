import type { CommandContext } from '../../core/context.js';
import type { Logger } from 'pino';
import { pollUntilFinal } from '../../core/poller.js';
import { ResourceFailedError, messageOf } from '../../core/errors.js';
import { jobStatus } from '../../services/job-status.js';
import type { JobsService, TrainingJobInfo } from '../../services/jobs.js';
import { formatLine, LogTail, recentLines, trainingLogs, type LogLine, type LogsReader } from '../logs/tail.js';

/** The SageMaker calls following a training job needs. */
export type TrainingReader = Pick<JobsService, 'describeTrainingJob'>;

/** How many log lines a failure shows. */
const FAILURE_LOG_LINES = 20;

/** Log polls come at least this often while a job runs, so lines show up soon after they are written. */
const LOG_POLL_MAX_DELAY_MS = 10_000;

export interface FollowOptions {
  timeoutMs: number;
  /** Where each log line goes; without it, logs are not read while waiting. */
  printLog?: (line: string) => void;
  /** Told on timeout and interrupt. */
  resolution: string;
  /** `sagectl logs` fails when it cannot read logs; `train` warns and waits on without them (the default). */
  logErrors?: 'warn' | 'throw';
}

export interface FollowResult {
  job: TrainingJobInfo;
  /** The last lines printed (at most {@link FAILURE_LOG_LINES}). */
  lastLines: string[];
}

/**
 * Waits until the training job's status is final, showing primary and secondary status, and
 * streams its CloudWatch logs meanwhile. The logs are read after each describe, so the check
 * that sees the job final also reads the lines written before it ended.
 */
export async function followTrainingJob(
  ctx: CommandContext,
  jobs: TrainingReader,
  logs: LogsReader,
  name: string,
  options: FollowOptions,
): Promise<FollowResult> {
  const source = trainingLogs(name);
  const tail = new LogTail(logs, source, ctx.logger);
  const lastLines: string[] = [];
  let streaming = options.printLog !== undefined;
  const job = await pollUntilFinal({
    what: `training job ${name}`,
    phase: 'training',
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs: options.timeoutMs,
    ...(options.printLog ? { maxDelayMs: LOG_POLL_MAX_DELAY_MS } : {}),
    onProgress: (p) => ctx.progress.report(p),
    resolution: options.resolution,
    check: async () => {
      const info = await jobs.describeTrainingJob(name);
      if (!info) throw new ResourceFailedError(`training job ${name} disappeared while waiting for it`);
      if (streaming && options.printLog) {
        let lines: LogLine[] = [];
        try {
          lines = await tail.poll();
        } catch (error) {
          if (options.logErrors === 'throw') throw error;
          // The logs are a help, not the job: without them (no logs:GetLogEvents, say) keep waiting.
          streaming = false;
          ctx.logger.warn(`cannot read the logs of training job ${name}, waiting without them: ${messageOf(error)}`);
        }
        for (const line of lines) {
          const text = formatLine(line, source, info.instanceCount > 1 || tail.streamCount > 1);
          options.printLog(text);
          lastLines.push(text);
          if (lastLines.length > FAILURE_LOG_LINES) lastLines.shift();
        }
      }
      return info;
    },
    state: (j) => ({
      status: j.secondaryStatus && j.secondaryStatus !== j.status ? `${j.status} (${j.secondaryStatus})` : j.status,
      final: jobStatus.isFinal(j.status),
    }),
  });
  return { job, lastLines };
}

/** The error for a job that ended Failed or Stopped: its FailureReason and its last log lines. */
export async function trainingFailed(job: TrainingJobInfo, logs: LogsReader, shown: string[], logger: Logger): Promise<ResourceFailedError> {
  let lines = shown;
  if (lines.length === 0) {
    try {
      lines = await recentLines(logs, trainingLogs(job.name), FAILURE_LOG_LINES);
    } catch (error) {
      logger.warn(`could not read the logs of ${job.name}: ${messageOf(error)}`);
    }
  }
  const reason = job.failureReason ? `: ${job.failureReason}` : '';
  const tail = lines.length > 0 ? `\nlast ${lines.length} log lines:\n${lines.map((l) => `  | ${l}`).join('\n')}` : '';
  return new ResourceFailedError(`training job ${job.name} ${job.status}${reason}${tail}`, `see all its logs with \`sagectl logs ${job.name}\``);
}

/**
 * Where CloudWatch log lines go while a command waits: plain lines on stderr for people, and
 * log records when stderr is JSON lines (so a CI log stays parseable).
 */
export function stderrLogSink(ctx: Pick<CommandContext, 'logFormat' | 'logger' | 'err'>): (line: string) => void {
  if (ctx.logFormat === 'json') return (line) => ctx.logger.info({ source: 'cloudwatch' }, line);
  return ctx.err;
}
