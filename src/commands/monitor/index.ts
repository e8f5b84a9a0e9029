import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { assertStackName, names } from '../../core/names.js';
import { pollUntilFinal } from '../../core/poller.js';
import { joinKey, s3UriOf } from '../../core/s3-uri.js';
import { stackTags } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { ServiceFactory } from '../../services/factory.js';
import type { MonitoringService } from '../../services/monitoring.js';
import type { S3Service } from '../../services/s3.js';
import { CONSTRAINTS_FILE, monitoringSettings, STATISTICS_FILE } from '../drift/settings.js';
import { analyzerImage, HOURLY, jobDefinitionRequest, scheduleRequest } from './spec.js';
import { monitorName } from './schedule-name.js';

/** The Model Monitor calls monitor makes. */
export type MonitorApi = Pick<
  MonitoringService,
  'region' | 'describeSchedule' | 'createSchedule' | 'deleteSchedule' | 'describeJobDefinition' | 'createJobDefinition' | 'deleteJobDefinition'
>;

export interface MonitorResult {
  stack: string;
  action: 'enable' | 'disable';
  /** The schedule and its job definition, one name. */
  name: string;
  schedule: 'created' | 'unchanged' | 'deleted' | 'absent';
  jobDefinition: 'created' | 'unchanged' | 'deleted' | 'absent';
  /** enable: the cron expression and where the reports go. */
  expression?: string;
  reports?: string;
}

/** How long disable waits for a deleted schedule to be gone before it deletes the job definition. */
const SCHEDULE_GONE_TIMEOUT_MS = 5 * 60_000;

/**
 * Enables Model Monitor on the stack's endpoint from the same baseline `sagectl drift` uses: a
 * data-quality job definition (the analyzer image of the region, the baseline's statistics and
 * constraints) and an hourly schedule, both tagged with the stack. Converges: what exists stays.
 */
export async function enableMonitor(ctx: CommandContext, api: MonitorApi, s3: Pick<S3Service, 'listObjects'>, stack: string): Promise<MonitorResult> {
  assertStackName(stack);
  const settings = monitoringSettings(ctx, stack, 'monitor enable');
  const role = ctx.config.role;
  if (role === undefined) throw new UsageError('role is not set: Model Monitor runs its jobs as that role', 'set role: to a SageMaker execution role');
  const folder = settings.baselineFolder;
  const statistics = joinKey(folder.key, STATISTICS_FILE);
  if ((await s3.listObjects(folder.bucket, statistics)).length === 0) {
    throw new UsageError(`no baseline at ${s3UriOf({ bucket: folder.bucket, key: statistics })}`, `run \`sagectl baseline ${stack}\` first`);
  }
  const name = monitorName(stack);
  const reports = s3UriOf(settings.reportsFolder);
  const spec = {
    name,
    endpoint: names.endpoint(stack),
    role,
    image: analyzerImage(await api.region()),
    statistics: s3UriOf({ bucket: folder.bucket, key: statistics }),
    constraints: s3UriOf({ bucket: folder.bucket, key: joinKey(folder.key, CONSTRAINTS_FILE) }),
    reports,
    tags: stackTags(stack, ctx.config.tags, await ctx.git()),
  };
  let jobDefinition: MonitorResult['jobDefinition'] = 'unchanged';
  if ((await api.describeJobDefinition(name)) === undefined) {
    await api.createJobDefinition(jobDefinitionRequest(spec));
    ctx.logger.info(`created data-quality job definition ${name}`);
    jobDefinition = 'created';
  }
  let schedule: MonitorResult['schedule'] = 'unchanged';
  if ((await api.describeSchedule(name)) === undefined) {
    await api.createSchedule(scheduleRequest(spec));
    ctx.logger.info(`created monitoring schedule ${name} (${HOURLY})`);
    schedule = 'created';
  }
  return { stack, action: 'enable', name, schedule, jobDefinition, expression: HOURLY, reports };
}

/** Removes the schedule, waits until it is gone (AWS refuses to delete a job definition in use), then the job definition. */
export async function disableMonitor(ctx: CommandContext, api: MonitorApi, stack: string): Promise<MonitorResult> {
  assertStackName(stack);
  const name = monitorName(stack);
  const schedule = await api.deleteSchedule(name);
  if (schedule === 'deleted') {
    await pollUntilFinal({
      what: `monitoring schedule ${name} to be deleted`,
      phase: `deleting monitoring schedule ${name}`,
      clock: ctx.clock,
      signal: ctx.signal,
      timeoutMs: SCHEDULE_GONE_TIMEOUT_MS,
      onProgress: (p) => ctx.progress.report(p),
      resolution: `run \`sagectl monitor disable ${stack}\` again once it is gone`,
      check: () => api.describeSchedule(name),
      state: (s) => ({ status: s?.status ?? 'Deleted', final: s === undefined }),
    });
  }
  const jobDefinition = await api.deleteJobDefinition(name);
  return { stack, action: 'disable', name, schedule, jobDefinition };
}

/** The text report. */
function renderMonitor(r: MonitorResult): string {
  if (r.action === 'disable') return `monitoring schedule ${r.name}: ${r.schedule}; data-quality job definition: ${r.jobDefinition}`;
  return [
    `monitoring schedule ${r.name}: ${r.schedule} (${r.expression})`,
    `data-quality job definition ${r.name}: ${r.jobDefinition}`,
    `reports: ${r.reports}`,
  ].join('\n');
}

/** CLI entry. The stack comes from the argument, else `--stack` / the config's `name`. */
export function main(globals: GlobalOptions, action: 'enable' | 'disable', stack: string | undefined): Promise<void> {
  return runCommand(globals, {
    needsConfig: action === 'enable',
    run: async (ctx) => {
      const name = stack ?? ctx.config.name;
      if (name === undefined)
        throw new UsageError(`no stack: name one (\`sagectl monitor ${action} churn-xgb\`), pass --stack, or run where sagectl.yaml names it`);
      const make = new ServiceFactory(ctx.clientOptions);
      if (action === 'disable') return disableMonitor(ctx, await make.monitoring(), name);
      monitoringSettings(ctx, name, 'monitor enable');
      return enableMonitor(ctx, await make.monitoring(), await make.s3(), name);
    },
    render: renderMonitor,
  });
}
