import {
  ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  paginateDescribeScalableTargets,
  paginateDescribeScalingPolicies,
} from '@aws-sdk/client-application-auto-scaling';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { awsCallStrict, deleteIfExists, hasErrorName } from './call.js';
import type { DeleteOutcome } from './sagemaker.js';
import { variantResourceId } from '../core/names.js';

export { variantResourceId } from '../core/names.js';

/** How a SageMaker variant scales. https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-add-code-define.html */
export interface VariantScaling {
  min: number;
  max: number;
  /** Target of SageMakerVariantInvocationsPerInstance (invocations per instance per minute). */
  invocationsPerInstance: number;
}

/**
 * A variant's autoscaling as it stood: its capacity limits and, when it had sagectl's kind of
 * policy (target tracking on SageMakerVariantInvocationsPerInstance), that policy's target.
 */
export interface RecordedScaling {
  min: number;
  max: number;
  invocationsPerInstance?: number;
}

const NAMESPACE = 'sagemaker';
const METRIC = 'SageMakerVariantInvocationsPerInstance';
const DIMENSION = 'sagemaker:variant:DesiredInstanceCount';

/** The name of the target-tracking policy sagectl puts on a variant: what tells its scalable targets from others. */
export function policyName(endpoint: string, variant: string): string {
  return `${endpoint}-${variant}-invocations`;
}

/** Application Auto Scaling errors for a target or policy that does not exist. */
export function isAutoScalingNotFound(error: unknown): boolean {
  return hasErrorName(error, 'ObjectNotFoundException');
}

/** Application Auto Scaling, for SageMaker endpoint variants only. */
export class AutoScalingService {
  constructor(
    private readonly client: ApplicationAutoScalingClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): AutoScalingService {
    return new AutoScalingService(new ApplicationAutoScalingClient(clientConfig(options)), options.logger);
  }

  /** Registers the variant as a scalable target and puts its target-tracking policy (both converge when repeated). */
  async register(endpoint: string, variant: string, scaling: VariantScaling): Promise<void> {
    await this.restore(endpoint, variant, scaling);
  }

  /**
   * Registers the variant as a scalable target with `scaling`'s limits and, when it names a
   * target, puts the target-tracking policy sagectl puts (both converge when repeated): what
   * `resume` brings back of what `pause` recorded with {@link scalingOf}.
   */
  async restore(endpoint: string, variant: string, scaling: RecordedScaling): Promise<void> {
    const ResourceId = variantResourceId(endpoint, variant);
    await this.call('RegisterScalableTarget', () =>
      this.client.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: NAMESPACE,
          ResourceId,
          ScalableDimension: DIMENSION,
          MinCapacity: scaling.min,
          MaxCapacity: scaling.max,
        }),
      ),
    );
    if (scaling.invocationsPerInstance === undefined) return;
    const TargetValue = scaling.invocationsPerInstance;
    await this.call('PutScalingPolicy', () =>
      this.client.send(
        new PutScalingPolicyCommand({
          PolicyName: policyName(endpoint, variant),
          ServiceNamespace: NAMESPACE,
          ResourceId,
          ScalableDimension: DIMENSION,
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: { TargetValue, PredefinedMetricSpecification: { PredefinedMetricType: METRIC } },
        }),
      ),
    );
  }

  /**
   * The endpoint's autoscaling by variant: each registered target's limits, with the target of
   * its target-tracking policy on invocations per instance (one DescribeScalingPolicies per
   * registered variant; none when the endpoint has no target).
   */
  async scalingOf(endpoint: string): Promise<Map<string, RecordedScaling>> {
    const scaling = new Map<string, RecordedScaling>();
    for (const [variant, limits] of await this.registeredTargets(endpoint)) {
      const ResourceId = variantResourceId(endpoint, variant);
      const out = await this.call('DescribeScalingPolicies', () =>
        this.client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NAMESPACE, ResourceId, ScalableDimension: DIMENSION })),
      );
      const policy = (out.ScalingPolicies ?? []).find(
        (p) =>
          p.PolicyType === 'TargetTrackingScaling' &&
          p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === METRIC,
      );
      const target = policy?.TargetTrackingScalingPolicyConfiguration?.TargetValue;
      scaling.set(variant, { ...limits, ...(target !== undefined ? { invocationsPerInstance: target } : {}) });
    }
    return scaling;
  }

  /** Deregisters the variant (its policies go with it); one that is not registered counts as success. */
  deregister(endpoint: string, variant: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeregisterScalableTarget',
      () =>
        this.client.send(
          new DeregisterScalableTargetCommand({ ServiceNamespace: NAMESPACE, ResourceId: variantResourceId(endpoint, variant), ScalableDimension: DIMENSION }),
        ),
      isAutoScalingNotFound,
    );
  }

  /**
   * Every endpoint's variants registered as scalable targets, by endpoint (all pages): one read
   * for a whole fleet, where {@link registeredVariants} answers for one endpoint.
   */
  async registeredVariantsByEndpoint(): Promise<Map<string, string[]>> {
    const byEndpoint = new Map<string, string[]>();
    await this.call('DescribeScalableTargets', async () => {
      for await (const page of paginateDescribeScalableTargets({ client: this.client }, { ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION })) {
        for (const t of page.ScalableTargets ?? []) {
          // endpoint/<endpoint>/variant/<variant>
          const [kind, endpoint, variantKind, variant] = (t.ResourceId ?? '').split('/');
          if (kind !== 'endpoint' || variantKind !== 'variant' || !endpoint || !variant) continue;
          byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), variant]);
        }
      }
    });
    return byEndpoint;
  }

  /** The names of the endpoint's variants registered as scalable targets (all pages). */
  async registeredVariants(endpoint: string): Promise<string[]> {
    return [...(await this.registeredTargets(endpoint)).keys()];
  }

  /** The endpoint's registered variants with their capacity limits (all pages): what deploy compares with the config. */
  async registeredTargets(endpoint: string): Promise<Map<string, { min: number; max: number }>> {
    const prefix = variantResourceId(endpoint, '');
    const targets = new Map<string, { min: number; max: number }>();
    await this.call('DescribeScalableTargets', async () => {
      for await (const page of paginateDescribeScalableTargets({ client: this.client }, { ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION })) {
        for (const t of page.ScalableTargets ?? [])
          if (t.ResourceId?.startsWith(prefix)) targets.set(t.ResourceId.slice(prefix.length), { min: t.MinCapacity ?? 0, max: t.MaxCapacity ?? 0 });
      }
    });
    this.logger.debug(`${targets.size} scalable targets for endpoint ${endpoint}`);
    return targets;
  }

  /**
   * Of the endpoint's registered `variants`, those sagectl registered: the ones carrying its
   * policy ({@link policyName}). A target registered by hand, with a policy of its own, is not
   * sagectl's to remove. One request (all pages) for every variant.
   */
  async registeredBySagectl(endpoint: string, variants: readonly string[]): Promise<string[]> {
    if (variants.length === 0) return [];
    const wanted = new Map(variants.map((v) => [policyName(endpoint, v), v]));
    const found = new Set<string>();
    await this.call('DescribeScalingPolicies', async () => {
      for await (const page of paginateDescribeScalingPolicies(
        { client: this.client },
        { ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION, PolicyNames: [...wanted.keys()] },
      )) {
        for (const p of page.ScalingPolicies ?? []) {
          const variant = wanted.get(p.PolicyName ?? '');
          if (variant !== undefined && p.ResourceId === variantResourceId(endpoint, variant)) found.add(variant);
        }
      }
    });
    return variants.filter((v) => found.has(v));
  }

  private call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return awsCallStrict(this.logger, operation, send);
  }
}
