import type { CommandContext } from '../../core/context.js';
import type { DeleteOutcome } from '../../services/sagemaker.js';
import type { JanitorServices } from './install.js';
import { JANITOR, type JanitorEvent, type JanitorSettings } from './settings.js';
import { targetHeading } from '../fleet/run.js';

/** The last runs as their reports say (newest first). */
export interface RunSummary {
  startedAt: string;
  exitCode: number;
  dryRun: boolean;
  selected?: number;
  deleted?: number;
  paused?: number;
  failed?: number;
  error?: string;
  /** A run over regions or accounts: what it did in each (account, region), as its report groups it. */
  targets?: TargetRun[];
}

/** One (account, region) of a fleet run, from its report. */
export interface TargetRun {
  account: string;
  region: string;
  selected?: number;
  deleted?: number;
  paused?: number;
  failed?: number;
  error?: string;
}

export interface JanitorStatus {
  installed: boolean;
  schedule?: { name: string; expression: string; state: string };
  settings?: JanitorSettings;
  function?: { name: string; arn: string; state: string };
  logGroup?: string;
  alarm?: { name: string; state: string; actions: string[] };
  lastRuns: RunSummary[];
}

/** How many of the newest log streams are read for reports (one per function instance and day). */
const STREAMS_READ = 5;

/** `janitor status`: the schedule and its settings, the function, the alarm, and the last runs' reports from the log group. */
export async function janitorStatus(_ctx: CommandContext, services: JanitorServices, last = 5): Promise<JanitorStatus> {
  const [schedule, fn, group, alarm] = await Promise.all([
    services.scheduler.getSchedule(JANITOR.schedule),
    services.lambda.getFunction(JANITOR.function),
    services.logs.describeLogGroup(JANITOR.logGroup),
    services.alarms.describeAlarm(JANITOR.alarm),
  ]);
  const settings = schedule ? settingsOf(schedule.input) : undefined;
  const lastRuns = group ? await readRuns(services, last) : [];
  return {
    installed: schedule !== undefined && fn !== undefined,
    ...(schedule ? { schedule: { name: schedule.name, expression: schedule.expression, state: schedule.state } } : {}),
    ...(settings ? { settings } : {}),
    ...(fn ? { function: { name: fn.name, arn: fn.arn, state: fn.state } } : {}),
    ...(group ? { logGroup: group.name } : {}),
    ...(alarm ? { alarm: { name: alarm.name, state: alarm.state, actions: alarm.actions } } : {}),
    lastRuns,
  };
}

function settingsOf(input: string): JanitorSettings | undefined {
  try {
    return (JSON.parse(input) as JanitorEvent).settings;
  } catch {
    return undefined;
  }
}

/** The reports in the newest streams: lines that parse as JSON and carry `sagectlJanitorReport`. */
async function readRuns(services: JanitorServices, last: number): Promise<RunSummary[]> {
  const streams = (await services.logs.listStreams(JANITOR.logGroup, '')).slice(-STREAMS_READ);
  const runs: RunSummary[] = [];
  for (const stream of streams) {
    for (const event of await services.logs.lastEvents(JANITOR.logGroup, stream, 100)) {
      const run = runOf(event.message);
      if (run) runs.push(run);
    }
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, last);
}

/** One report line, summarised; anything else (log lines, Lambda's START/END) is not a run. */
export function runOf(line: string): RunSummary | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return undefined;
  }
  const r = doc as {
    sagectlJanitorReport?: number;
    startedAt?: string;
    exitCode?: number;
    settings?: { dryRun?: boolean };
    error?: string;
    result?: {
      summary?: ReportSummary;
      targets?: { account?: string; region?: string; error?: string; result?: { summary?: ReportSummary } }[];
    };
  };
  if (r.sagectlJanitorReport !== 1 || typeof r.startedAt !== 'string') return undefined;
  const s = r.result?.summary;
  const targets = Array.isArray(r.result?.targets)
    ? r.result.targets.map((t): TargetRun => ({
        account: String(t.account ?? '?'),
        region: String(t.region ?? '?'),
        ...(t.result?.summary ? counts(t.result.summary) : {}),
        ...(t.error !== undefined ? { error: t.error } : {}),
      }))
    : undefined;
  return {
    startedAt: r.startedAt,
    exitCode: r.exitCode ?? 0,
    dryRun: Boolean(r.settings?.dryRun),
    ...(s ? counts(s) : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(targets ? { targets } : {}),
  };
}

/** A report's summary: a single region's teardown, or a fleet run's totals. */
interface ReportSummary {
  stacks?: number;
  deleted?: number;
  paused?: number;
  failed?: number;
  resourcesFailed?: number;
}

function counts(s: ReportSummary): Pick<RunSummary, 'selected' | 'deleted' | 'paused' | 'failed'> {
  return { selected: s.stacks ?? 0, deleted: s.deleted ?? 0, paused: s.paused ?? 0, failed: s.resourcesFailed ?? s.failed ?? 0 };
}

/** Text for people. */
export function renderJanitorStatus(s: JanitorStatus): string {
  if (!s.installed && !s.function && !s.schedule) return 'No sagectl janitor in this region: install one with `sagectl janitor install --idle 24h --every 1h`.';
  const lines = [
    `schedule   ${s.schedule ? `${s.schedule.name} ${s.schedule.expression} (${s.schedule.state})` : 'missing'}`,
    `settings   ${s.settings ? describeSettings(s.settings) : 'unknown'}`,
    `function   ${s.function ? `${s.function.name} (${s.function.state})` : 'missing'}`,
    `log group  ${s.logGroup ?? 'missing'}`,
    `alarm      ${s.alarm ? `${s.alarm.name} ${s.alarm.state}${s.alarm.actions.length > 0 ? ` → ${s.alarm.actions.join(', ')}` : ''}` : 'missing'}`,
  ];
  if (s.lastRuns.length === 0) lines.push('last runs  none yet');
  else lines.push('last runs', ...s.lastRuns.map((r) => `  ${r.startedAt}  exit ${r.exitCode}${r.dryRun ? '  (dry run)' : ''}  ${outcome(r)}`));
  // The newest run over regions or accounts, grouped by (account, region) as `status` groups stacks.
  const latest = s.lastRuns[0];
  if (latest?.targets && latest.targets.length > 0) {
    lines.push(`last run by account and region (${latest.startedAt})`);
    for (const t of latest.targets) lines.push(`  ${targetHeading(t)}`, `    ${outcome(t)}`);
  }
  return lines.join('\n');
}

function outcome(r: Pick<RunSummary, 'selected' | 'deleted' | 'paused' | 'failed' | 'error'>): string {
  return r.error !== undefined ? r.error : `${r.selected ?? 0} selected, ${r.deleted ?? 0} deleted, ${r.paused ?? 0} paused, ${r.failed ?? 0} failed`;
}

/** `teardown --idle 24h --pause, regions us-east-1,eu-west-1, accounts …` */
export function describeSettings(s: JanitorSettings): string {
  const parts = [`teardown --idle ${s.idle}${s.pause ? ' --pause' : ''}${s.dryRun ? ' --dry-run' : ''}`];
  if (s.regions !== undefined) parts.push(`regions ${s.regions === 'all' ? 'all enabled' : s.regions.join(',')}`);
  if (s.accounts !== undefined) parts.push(`accounts ${s.accounts === 'organization' ? 'the organization' : s.accounts.join(',')} as ${s.assumeRole}`);
  return parts.join(', ');
}

export interface RemoveResult {
  removed: { kind: string; name: string; outcome: DeleteOutcome }[];
}

/** `janitor remove`: the schedule first (no new run starts), then the alarm, function, log group and roles. Gone counts as success. */
export async function removeJanitor(ctx: CommandContext, services: JanitorServices): Promise<RemoveResult> {
  const removed: RemoveResult['removed'] = [];
  removed.push({ kind: 'schedule', name: JANITOR.schedule, outcome: await services.scheduler.deleteSchedule(JANITOR.schedule) });
  const alarm = await services.alarms.describeAlarm(JANITOR.alarm);
  await services.alarms.deleteAlarm(JANITOR.alarm);
  removed.push({ kind: 'alarm', name: JANITOR.alarm, outcome: alarm ? 'deleted' : 'absent' });
  const fn = await services.lambda.getFunction(JANITOR.function);
  if (fn && fn.tags['sagectl:janitor'] !== 'true') ctx.logger.warn(`${JANITOR.function} is not sagectl's janitor: kept`);
  else removed.push({ kind: 'lambda-function', name: JANITOR.function, outcome: await services.lambda.deleteFunction(JANITOR.function) });
  removed.push({ kind: 'log-group', name: JANITOR.logGroup, outcome: await services.logs.deleteLogGroup(JANITOR.logGroup) });
  removed.push({ kind: 'iam-role', name: JANITOR.schedulerRole, outcome: await services.iam.deleteRole(JANITOR.schedulerRole) });
  removed.push({ kind: 'iam-role', name: JANITOR.role, outcome: await services.iam.deleteRole(JANITOR.role) });
  return { removed };
}

/** The text `janitor remove` prints: one line per resource and what became of it. */
export function renderRemove(r: RemoveResult): string {
  return r.removed.map((x) => `  ${(x.outcome === 'deleted' ? 'deleted' : 'already gone').padEnd(13)} ${x.kind.padEnd(16)} ${x.name}`).join('\n');
}
