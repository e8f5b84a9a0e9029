import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import type { DeploymentSection } from '../../core/schema.js';
import type { DeploymentSpec } from '../../services/deployment-config.js';
import type { UpdateEndpointFlags } from '../update-endpoint/cli.js';

/** The deployment flags of update-endpoint, as commander parses them; each overrides `endpoint.deployment`. */
export type DeploymentFlags = Pick<
  UpdateEndpointFlags,
  'strategy' | 'canaryPercent' | 'canaryInstances' | 'linearPercent' | 'linearInstances' | 'bake' | 'terminationWait' | 'maxExecutionTime' | 'rollbackAlarm'
>;

const STRATEGIES = ['all-at-once', 'canary', 'linear'] as const;

/**
 * The deployment of an update, from `endpoint.deployment` with the flags on top; undefined when
 * neither says anything (SageMaker's default: blue/green, all at once). Bad values are usage
 * errors (exit 2) naming the flag, raised before any request.
 */
export function deploymentSpec(section: DeploymentSection | undefined, flags: DeploymentFlags): DeploymentSpec | undefined {
  const sizeFlag = pickSize(flags);
  const strategy = flags.strategy ?? sizeFlag?.strategy ?? section?.strategy;
  const anyFlag = [flags.bake, flags.terminationWait, flags.maxExecutionTime].some((v) => v !== undefined) || (flags.rollbackAlarm?.length ?? 0) > 0;
  if (strategy === undefined) {
    if (anyFlag)
      throw new UsageError(
        '--bake, --termination-wait, --max-execution-time and --rollback-alarm need a strategy',
        'add --strategy all-at-once, canary or linear',
      );
    return undefined;
  }
  if (!(STRATEGIES as readonly string[]).includes(strategy)) throw new UsageError(`--strategy: expected all-at-once, canary or linear, found "${strategy}"`);
  const s: DeploymentSpec['strategy'] = strategy;
  if (sizeFlag && sizeFlag.strategy !== s) throw new UsageError(`--${sizeFlag.flag} does not go with --strategy ${s}`);
  const fromSection = section && section.strategy === s ? section : undefined;
  const size =
    sizeFlag?.size ??
    (fromSection?.percent !== undefined
      ? { unit: 'percent' as const, value: fromSection.percent }
      : fromSection?.instances !== undefined
        ? { unit: 'instances' as const, value: fromSection.instances }
        : undefined);
  if (s !== 'all-at-once' && size === undefined) {
    throw new UsageError(
      `a ${s} deployment needs its ${s === 'canary' ? 'canary' : 'step'} size`,
      `add --${s}-percent N or --${s}-instances N (or endpoint.deployment.percent in the config)`,
    );
  }
  const seconds = (flag: string | undefined, name: string, configured: string | undefined, min: number, max: number): number | undefined => {
    const text = flag ?? configured;
    if (text === undefined) return undefined;
    const value = Math.round(parseDuration(text, name) / 1000);
    if (value < min || value > max) throw new UsageError(`${name}: expected between ${min}s and ${max}s, found ${text}`);
    return value;
  };
  // Limits: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_BlueGreenUpdatePolicy.html
  const bakeSeconds = seconds(flags.bake, '--bake', section?.bake, 0, 3600);
  const terminationWaitSeconds = seconds(flags.terminationWait, '--termination-wait', section?.terminationWait, 0, 3600);
  const maxExecutionSeconds = seconds(flags.maxExecutionTime, '--max-execution-time', section?.maxExecutionTime, 600, 28800);
  const alarms = flags.rollbackAlarm && flags.rollbackAlarm.length > 0 ? flags.rollbackAlarm : (section?.rollbackAlarms ?? []);
  if (alarms.length > 10) throw new UsageError(`--rollback-alarm: at most 10 alarms, found ${alarms.length}`);
  return {
    strategy: s,
    ...(size ? { size } : {}),
    ...(bakeSeconds !== undefined ? { bakeSeconds } : {}),
    ...(terminationWaitSeconds !== undefined ? { terminationWaitSeconds } : {}),
    ...(maxExecutionSeconds !== undefined ? { maxExecutionSeconds } : {}),
    ...(alarms.length > 0 ? { rollbackAlarms: alarms } : {}),
  };
}

function pickSize(flags: DeploymentFlags): { strategy: 'canary' | 'linear'; flag: string; size: NonNullable<DeploymentSpec['size']> } | undefined {
  const given = (
    [
      ['canary', 'canary-percent', 'percent', flags.canaryPercent],
      ['canary', 'canary-instances', 'instances', flags.canaryInstances],
      ['linear', 'linear-percent', 'percent', flags.linearPercent],
      ['linear', 'linear-instances', 'instances', flags.linearInstances],
    ] as const
  ).filter(([, , , value]) => value !== undefined);
  if (given.length > 1) throw new UsageError(`give one of ${given.map(([, flag]) => `--${flag}`).join(', ')}, not several`);
  const [hit] = given;
  if (!hit) return undefined;
  const [strategy, flag, unit, text] = hit;
  const value = Number(text);
  const max = unit === 'percent' ? 100 : 1000;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`--${flag}: expected a whole number from 1 to ${max}, found "${text}"`);
  return { strategy, flag, size: { unit, value } };
}
