import type { DeploymentConfig } from '@aws-sdk/client-sagemaker';

/**
 * How an update shifts traffic to the new fleet, in sagectl's words. SageMaker runs a blue/green
 * deployment: it builds the new fleet beside the old, shifts traffic in one step (all at once),
 * two (canary) or several (linear), waits `bakeSeconds` after each step, and rolls back on its
 * own when one of `rollbackAlarms` fires.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-blue-green.html
 */
export interface DeploymentSpec {
  strategy: 'all-at-once' | 'canary' | 'linear';
  /** Canary size, or linear step size: a share of the capacity or a number of instances. */
  size?: { unit: 'percent' | 'instances'; value: number };
  /** Wait between traffic steps (WaitIntervalInSeconds, 0–3600). */
  bakeSeconds?: number;
  /** Wait before the old fleet is terminated (TerminationWaitInSeconds, 0–3600). */
  terminationWaitSeconds?: number;
  /** Upper bound of the whole deployment (MaximumExecutionTimeoutInSeconds, 600–28800). */
  maxExecutionSeconds?: number;
  /** CloudWatch alarms whose firing rolls the update back (at most 10). */
  rollbackAlarms?: string[];
}

/** The UpdateEndpoint DeploymentConfig for a spec. */
export function toDeploymentConfig(spec: DeploymentSpec): DeploymentConfig {
  const size = spec.size && { Type: spec.size.unit === 'percent' ? ('CAPACITY_PERCENT' as const) : ('INSTANCE_COUNT' as const), Value: spec.size.value };
  const type = ({ 'all-at-once': 'ALL_AT_ONCE', canary: 'CANARY', linear: 'LINEAR' } as const)[spec.strategy];
  return {
    BlueGreenUpdatePolicy: {
      TrafficRoutingConfiguration: {
        Type: type,
        WaitIntervalInSeconds: spec.bakeSeconds ?? 0,
        ...(spec.strategy === 'canary' && size ? { CanarySize: size } : {}),
        ...(spec.strategy === 'linear' && size ? { LinearStepSize: size } : {}),
      },
      ...(spec.terminationWaitSeconds !== undefined ? { TerminationWaitInSeconds: spec.terminationWaitSeconds } : {}),
      ...(spec.maxExecutionSeconds !== undefined ? { MaximumExecutionTimeoutInSeconds: spec.maxExecutionSeconds } : {}),
    },
    ...(spec.rollbackAlarms && spec.rollbackAlarms.length > 0
      ? { AutoRollbackConfiguration: { Alarms: spec.rollbackAlarms.map((AlarmName) => ({ AlarmName })) } }
      : {}),
  };
}
