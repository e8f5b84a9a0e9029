import type { ScalingApi } from '../../../src/commands/endpoint/scaling.js';
import type { RecordedScaling, VariantScaling } from '../../../src/services/autoscaling.js';
import type { DeleteOutcome } from '../../../src/services/sagemaker.js';

/** Application Auto Scaling for variants: registered targets by endpoint/variant, and a shared call log. */
export class FakeScaling implements ScalingApi {
  /** By endpoint/variant: the limits, and the policy's target when a policy is attached. */
  readonly targets = new Map<string, RecordedScaling>();
  /** `endpoint/variant` of the targets carrying sagectl's policy (set by {@link register}; a target registered by hand has none). */
  readonly sagectlPolicies = new Set<string>();

  /** `log` may be shared with a FakeSageMaker's calls to check the order across services. */
  constructor(readonly log: { method: string; args: unknown[] }[] = []) {}

  async register(endpoint: string, variant: string, scaling: VariantScaling): Promise<void> {
    this.log.push({ method: 'register', args: [endpoint, variant, scaling] });
    this.targets.set(`${endpoint}/${variant}`, scaling);
    this.sagectlPolicies.add(`${endpoint}/${variant}`);
  }

  /** A target someone registered by hand (the console, the AWS CLI): no sagectl policy. Not a request sagectl sends. */
  registerByHand(endpoint: string, variant: string, scaling: VariantScaling): void {
    this.targets.set(`${endpoint}/${variant}`, scaling);
  }

  async restore(endpoint: string, variant: string, scaling: RecordedScaling): Promise<void> {
    this.log.push({ method: 'restore', args: [endpoint, variant, scaling] });
    this.targets.set(`${endpoint}/${variant}`, scaling);
    // Restored with a target, the policy is sagectl's (the name register gives it).
    if (scaling.invocationsPerInstance !== undefined) this.sagectlPolicies.add(`${endpoint}/${variant}`);
  }

  async scalingOf(endpoint: string): Promise<Map<string, RecordedScaling>> {
    this.log.push({ method: 'scalingOf', args: [endpoint] });
    return new Map(
      [...this.targets.entries()].filter(([k]) => k.startsWith(`${endpoint}/`)).map(([k, v]) => [k.slice(endpoint.length + 1), { ...v }] as const),
    );
  }

  async deregister(endpoint: string, variant: string): Promise<DeleteOutcome> {
    this.log.push({ method: 'deregister', args: [endpoint, variant] });
    // Deregistering a target deletes its policies too.
    this.sagectlPolicies.delete(`${endpoint}/${variant}`);
    return this.targets.delete(`${endpoint}/${variant}`) ? 'deleted' : 'absent';
  }

  async registeredBySagectl(endpoint: string, variants: readonly string[]): Promise<string[]> {
    this.log.push({ method: 'registeredBySagectl', args: [endpoint, variants] });
    return variants.filter((v) => this.sagectlPolicies.has(`${endpoint}/${v}`));
  }

  async registeredTargets(endpoint: string): Promise<Map<string, { min: number; max: number }>> {
    this.log.push({ method: 'registeredTargets', args: [endpoint] });
    return new Map(
      [...this.targets.entries()]
        .filter(([k]) => k.startsWith(`${endpoint}/`))
        .map(([k, v]) => [k.slice(endpoint.length + 1), { min: v.min, max: v.max }] as const),
    );
  }

  async registeredVariantsByEndpoint(): Promise<Map<string, string[]>> {
    this.log.push({ method: 'registeredVariantsByEndpoint', args: [] });
    const byEndpoint = new Map<string, string[]>();
    for (const key of this.targets.keys()) {
      const [endpoint = '', variant = ''] = key.split('/');
      byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), variant]);
    }
    return byEndpoint;
  }

  async registeredVariants(endpoint: string): Promise<string[]> {
    this.log.push({ method: 'registeredVariants', args: [endpoint] });
    return [...this.targets.keys()].filter((k) => k.startsWith(`${endpoint}/`)).map((k) => k.slice(endpoint.length + 1));
  }
}
