import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import type { CommandContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { createFunctionOnceRoleReady, updateFunction } from '../function/converge.js';
import { MANAGED_BY_VALUE, TagKey, type Tags } from '../../core/tags.js';
import { VERSION } from '../../core/version.js';
import type { IamService } from '../../services/iam.js';
import type { FunctionSpec, LambdaService } from '../../services/lambda.js';
import type { LogsService } from '../../services/logs.js';
import type { SchedulerService } from '../../services/scheduler.js';
import type { AlarmsService } from '../../services/alarms.js';
import { LAMBDA_RUNTIME } from '../wire-api/index.js';
import { janitorPolicy, schedulerPolicy, serviceTrust } from './policy.js';
import { JANITOR, JANITOR_TAG, type JanitorEvent, type JanitorSettings } from './settings.js';

/** The services install uses. */
export interface JanitorServices {
  iam: Pick<IamService, 'getRole' | 'createRole' | 'putRolePolicy' | 'deleteRole'>;
  lambda: Pick<LambdaService, 'getFunction' | 'createFunction' | 'updateConfiguration' | 'updateCode' | 'deleteFunction'>;
  logs: Pick<LogsService, 'describeLogGroup' | 'createLogGroup' | 'setRetention' | 'deleteLogGroup' | 'listStreams' | 'lastEvents'>;
  scheduler: Pick<SchedulerService, 'getSchedule' | 'putSchedule' | 'deleteSchedule'>;
  alarms: Pick<AlarmsService, 'putFunctionErrorsAlarm' | 'describeAlarm' | 'deleteAlarm'>;
}

export interface InstallOptions {
  settings: JanitorSettings;
  /** `rate(1 hour)`. */
  expression: string;
  logRetentionDays: number;
  /** Where the errors alarm notifies (SNS topic ARNs). */
  alarmActions: string[];
  /** The zipped function; the built bundle by default. */
  zip?: Uint8Array;
  roleWaitMs?: number;
}

export interface InstallResult {
  outcome: 'created' | 'updated';
  function: string;
  functionArn: string;
  role: string;
  schedule: string;
  expression: string;
  logGroup: string;
  logRetentionDays: number;
  alarm: string;
  settings: JanitorSettings;
}

/**
 * The bundle scripts/build-janitor.mjs writes (dist/janitor/handler.mjs). The build puts this
 * module in a chunk in dist/chunks/ (scripts/build.mjs checks that it does), so it is one folder up.
 */
const BUNDLE = new URL('../janitor/handler.mjs', import.meta.url);
const ENTRY_TIME = new Date('2020-01-01T00:00:00Z');

/** The janitor function's zip: the bundle as `index.mjs` (fixed entry time, so the same code gives the same bytes). */
export function janitorZip(source: string = readBundle()): Uint8Array {
  return zipSync({ 'index.mjs': [strToU8(source), { mtime: ENTRY_TIME }] }, { level: 9 });
}

function readBundle(): string {
  try {
    return readFileSync(BUNDLE, 'utf8');
  } catch {
    throw new UsageError('the janitor function is not built (dist/janitor/handler.mjs is missing)', 'run `npm run build` in the sagectl checkout');
  }
}

/** The tags of every janitor resource: managed by sagectl, marked as the janitor, and no stack (bulk teardown never selects it). */
export function janitorTags(): Tags {
  return { [TagKey.ManagedBy]: MANAGED_BY_VALUE, [TagKey.Version]: VERSION, [JANITOR_TAG]: 'true' };
}

/**
 * Installs (or converges) the janitor in the context's region: the function's role and policy,
 * its log group with retention, the function, the scheduler's role, the schedule (whose event
 * carries the settings) and the alarm on the function's errors. Re-running converges each part.
 */
export async function installJanitor(ctx: CommandContext, services: JanitorServices, options: InstallOptions): Promise<InstallResult> {
  const tags = janitorTags();
  const zip = options.zip ?? janitorZip();
  const roleWaitMs = options.roleWaitMs ?? 120_000;
  const existing = await services.lambda.getFunction(JANITOR.function);
  if (existing && existing.tags[JANITOR_TAG] !== 'true')
    throw new UsageError(`a Lambda function named ${JANITOR.function} exists and is not sagectl's janitor: install refuses to replace it`);

  const roleArn = await ensureRole(services, JANITOR.role, 'lambda.amazonaws.com', tags, 'the sagectl janitor function');
  await services.iam.putRolePolicy(JANITOR.role, JANITOR.policy, janitorPolicy(options.settings));
  if (await services.logs.describeLogGroup(JANITOR.logGroup)) await services.logs.setRetention(JANITOR.logGroup, options.logRetentionDays);
  else await services.logs.createLogGroup(JANITOR.logGroup, tags, options.logRetentionDays);

  const spec: FunctionSpec = {
    name: JANITOR.function,
    roleArn,
    runtime: LAMBDA_RUNTIME,
    handler: 'index.handler',
    zip,
    environment: {},
    // A fleet teardown waits on nothing but its own requests; 15 minutes is Lambda's most.
    timeoutSeconds: 900,
    memoryMB: 512,
    description: `sagectl ${VERSION} janitor: teardown --idle ${options.settings.idle}${options.settings.pause ? ' --pause' : ''}`,
  };
  let functionArn: string;
  if (existing) {
    await updateFunction(ctx, services.lambda, spec);
    functionArn = existing.arn;
  } else {
    functionArn = await createFunctionOnceRoleReady(ctx, services.lambda, spec, tags, {
      role: JANITOR.role,
      phase: 'creating the janitor function',
      roleWaitMs,
      resolution: 'run `sagectl janitor install` again in a minute; `sagectl janitor remove` removes what was created',
    });
  }

  const schedulerRoleArn = await ensureRole(
    services,
    JANITOR.schedulerRole,
    'scheduler.amazonaws.com',
    tags,
    'EventBridge Scheduler invoking the sagectl janitor',
  );
  await services.iam.putRolePolicy(JANITOR.schedulerRole, JANITOR.policy, schedulerPolicy(functionArn));
  const event: JanitorEvent = { source: 'sagectl.janitor', settings: options.settings };
  await services.scheduler.putSchedule({
    name: JANITOR.schedule,
    expression: options.expression,
    targetArn: functionArn,
    roleArn: schedulerRoleArn,
    input: JSON.stringify(event),
    description: `sagectl janitor: teardown --idle ${options.settings.idle}${options.settings.pause ? ' --pause' : ''}`,
  });
  await services.alarms.putFunctionErrorsAlarm(
    JANITOR.alarm,
    JANITOR.function,
    options.alarmActions,
    tags,
    `A sagectl janitor run failed in part: read its report with \`sagectl janitor status\` (log group ${JANITOR.logGroup}).`,
  );
  ctx.logger.info(`janitor ${existing ? 'updated' : 'installed'}: ${options.expression}, teardown --idle ${options.settings.idle}`);
  return {
    outcome: existing ? 'updated' : 'created',
    function: JANITOR.function,
    functionArn,
    role: JANITOR.role,
    schedule: JANITOR.schedule,
    expression: options.expression,
    logGroup: JANITOR.logGroup,
    logRetentionDays: options.logRetentionDays,
    alarm: JANITOR.alarm,
    settings: options.settings,
  };
}

/** The role's ARN, created (with its trust and tags) when missing; one that is not the janitor's is refused. */
async function ensureRole(
  services: JanitorServices,
  name: string,
  service: 'lambda.amazonaws.com' | 'scheduler.amazonaws.com',
  tags: Tags,
  what: string,
): Promise<string> {
  const role = await services.iam.getRole(name);
  if (role) return role.arn;
  return services.iam.createRole(name, serviceTrust(service), tags, `Assumed by ${what}; created by sagectl`);
}
