import type { DeploymentSpec } from '../../services/deployment-config.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import type { PlanStep } from '../endpoint/rollout.js';
import type { ScalingApi } from '../endpoint/scaling.js';
import type { SmokeTestResult } from '../endpoint/smoke-test.js';
import type { DeploySageMaker } from '../deploy/index.js';
import type { ModelSourceJobs } from '../model/source.js';
import type { VersionRegistry } from '../model/version.js';
import type { NewModelSource } from './model.js';
import type { UpdateSmokeTest } from './smoke.js';

/**
 * The contract of update-endpoint: the services it calls, what it is asked to do and what it
 * answers. The entry (index.ts) and the changes (changes.ts) both depend on it, never on each other.
 */

/** The SageMaker calls update-endpoint makes. */
export type UpdateSageMaker = DeploySageMaker &
  Pick<SageMakerService, 'updateWeightsAndCapacities' | 'deleteEndpoint' | 'listEndpoints' | 'listEndpointConfigs' | 'listModels'>;

export interface UpdateServices {
  sagemaker: UpdateSageMaker;
  scaling?: ScalingApi;
  jobs?: ModelSourceJobs;
  /** For `--model-version` / `--rollback --to-version`. */
  registry?: VersionRegistry;
}

/** What update-endpoint is asked to do; exactly one action. */
export type UpdateAction =
  | { kind: 'new-model'; source: NewModelSource; variant?: string }
  | { kind: 'add-variant'; source: NewModelSource; name: string; weight: number; instanceType?: string; instanceCount?: number }
  | { kind: 'traffic'; weights?: Map<string, number>; instances?: Map<string, number> }
  | { kind: 'promote'; name: string }
  | { kind: 'rollback' };

export interface UpdateEndpointOptions {
  action: UpdateAction;
  deployment?: DeploymentSpec;
  /** Previous endpoint configs kept for rollback besides the one in use. */
  keep: number;
  /** Recreate a Failed endpoint (teardown of the endpoint, then deploy). */
  recreate: boolean;
  wait: boolean;
  timeoutMs: number;
  dryRun: boolean;
  /**
   * `--smoke-test FILE`: invoke the endpoint with this payload once it is InService (the variant
   * that got the new model, when there is one). With `rollback` (`--rollback-on-smoke-failure`)
   * a failure first puts the previous config back. Either way a failure exits 4.
   */
  smokeTest?: UpdateSmokeTest;
}

export interface VariantResult {
  name: string;
  model?: string;
  weight?: number;
  instanceCount?: number;
  desiredInstanceCount?: number;
}

export interface UpdateEndpointResult {
  stack: string;
  action: UpdateAction['kind'] | 'recreate';
  outcome: 'updated' | 'unchanged' | 'planned' | 'recreated';
  endpoint: { name: string; status?: string; configName: string; previousConfig?: string };
  variants: VariantResult[];
  deployment?: DeploymentSpec;
  plan: PlanStep[];
  removed: PlanStep[];
  autoscaling?: { deregistered: string[]; registered: string[] };
  waited: boolean;
  /** Set when `--smoke-test` ran and passed (a failure throws, exit 4). */
  smokeTest?: SmokeTestResult;
  /** With --model-version / --rollback --to-version: the registered version the new model comes from. */
  modelVersion?: number;
}
