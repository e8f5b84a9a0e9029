import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { parseTargetFlags } from '../fleet/targets.js';
import type { JanitorInstallFlags } from './cli.js';
import { rateExpression, type JanitorSettings } from './settings.js';

/** What `janitor install` and `janitor template` are asked for. */
export interface JanitorFlagOptions {
  settings: JanitorSettings;
  expression: string;
  logRetentionDays: number;
  alarmActions: string[];
}

/** CloudWatch Logs' retention values: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Reads the flags (pure); a bad value is a usage error naming the flag, before any request. */
export function parseJanitorFlags(flags: Omit<JanitorInstallFlags, 'alarmTopic'> & { alarmTopic?: string }, region: string | undefined): JanitorFlagOptions {
  parseDuration(flags.idle, '--idle');
  const expression = rateExpression(parseDuration(flags.every, '--every'));
  const retention = Number(flags.logRetention);
  if (!RETENTION_DAYS.includes(retention))
    throw new UsageError(`--log-retention: expected one of CloudWatch's retention values (${RETENTION_DAYS.join(', ')}), found "${flags.logRetention}"`);
  if (flags.alarmTopic !== undefined && !/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/.test(flags.alarmTopic))
    throw new UsageError(`--alarm-topic: expected an SNS topic ARN, found "${flags.alarmTopic}"`);
  const reaches = flags.regions !== undefined || flags.allRegions || flags.accounts !== undefined || flags.organization;
  const spec = reaches ? parseTargetFlags(flags, region ?? 'us-east-1') : undefined;
  const settings: JanitorSettings = {
    idle: flags.idle,
    pause: Boolean(flags.pause),
    dryRun: Boolean(flags.dryRun),
    targetConcurrency: spec?.concurrency ?? 6,
    ...(spec && (flags.regions !== undefined || flags.allRegions) ? { regions: spec.regions } : {}),
    ...(spec?.accounts !== undefined ? { accounts: spec.accounts } : {}),
    ...(spec?.assumeRole !== undefined ? { assumeRole: spec.assumeRole } : {}),
  };
  return { settings, expression, logRetentionDays: retention, alarmActions: flags.alarmTopic !== undefined ? [flags.alarmTopic] : [] };
}
