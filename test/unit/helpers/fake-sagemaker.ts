import type {
  SageMakerService,
  EndpointInfo,
  EndpointConfigInfo,
  EndpointConfigSettings,
  ModelInfo,
  ModelSpec,
  VariantSpec,
  ResourceSummary,
  DeleteOutcome,
  WeightAndCapacity,
} from '../../../src/services/sagemaker.js';
import type { DeploymentSpec } from '../../../src/services/deployment-config.js';
import type { EndpointStatus } from '../../../src/services/endpoint-status.js';
import type { Tags } from '../../../src/core/tags.js';
import { withVariantSummary } from '../../../src/services/sagemaker.js';

type Api = Pick<
  SageMakerService,
  | 'describeEndpoint'
  | 'describeEndpointConfig'
  | 'describeModel'
  | 'createModel'
  | 'createEndpointConfig'
  | 'createEndpoint'
  | 'updateEndpoint'
  | 'updateWeightsAndCapacities'
  | 'deleteEndpoint'
  | 'deleteEndpointConfig'
  | 'deleteModel'
  | 'listEndpoints'
  | 'listEndpointConfigs'
  | 'listModels'
  | 'listTags'
  | 'addTags'
  | 'deleteTags'
>;

/** What an endpoint does once SageMaker finishes working on it. */
export type Outcome = 'InService' | 'Failed' | 'RollBack' | 'RollbackFailed';

interface FakeEndpoint {
  name: string;
  configName: string;
  previousConfig?: string;
  status: EndpointStatus;
  failureReason?: string;
  /** Weights and instance counts set in place, by variant (they override the config's initial values). */
  live: Map<string, { weight?: number; count?: number }>;
  previousLive?: Map<string, { weight?: number; count?: number }>;
  checksUntilSettled: number;
  outcome: Outcome;
  createdAt: Date;
  modifiedAt: Date;
}

const ACCOUNT = '123456789012';

/** What a call of a killed process meets: it never reaches AWS. */
export class Killed extends Error {
  constructor(method: string) {
    super(`killed before ${method}`);
    this.name = 'Killed';
  }
}
const arnOf = (kind: string, name: string): string => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${kind}/${name.toLowerCase()}`;

/**
 * A small stateful SageMaker: endpoints take a couple of describes to settle, an update can be
 * made to fail or roll back, and every call is recorded, so workflow tests check both the calls
 * made and the state left behind.
 */
export class FakeSageMaker implements Api {
  readonly endpoints = new Map<string, FakeEndpoint>();
  readonly configs = new Map<string, EndpointConfigInfo>();
  readonly models = new Map<string, ModelInfo>();
  readonly tags = new Map<string, Tags>();
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** How the next create/update ends. */
  nextOutcome: Outcome = 'InService';
  /** Describes needed before a new or updated endpoint settles. */
  settleAfter = 2;
  /** The FailureReason of the next rollback. */
  rollbackReason = 'Update rolled back: the new variant failed its health check.';
  private created = 0;
  /** Methods that throw the given error when called. */
  readonly failing = new Map<string, Error>();

  /**
   * kill -9 of the process using this fake: after this many more changes (create, update,
   * delete, tag), the next change and every call after it throw {@link Killed}, so nothing the
   * command would do afterwards (its cleanup included) happens. {@link revive} ends it.
   */
  killAfterChanges: number | undefined;
  private killed = false;

  private record(method: string, ...args: unknown[]): void {
    if (this.killed) throw new Killed(method);
    if (this.killAfterChanges !== undefined && /^(create|update|delete|addTags)/.test(method)) {
      if (this.killAfterChanges === 0) {
        this.killed = true;
        throw new Killed(method);
      }
      this.killAfterChanges--;
    }
    this.calls.push({ method, args });
    const error = this.failing.get(method);
    if (error) throw error;
  }

  /** Whether the last run was killed before it finished. */
  wasKilled(): boolean {
    return this.killed;
  }

  /** A new process: calls are answered again (what SageMaker was doing, it went on doing). */
  revive(): void {
    this.killed = false;
    this.killAfterChanges = undefined;
  }

  /** Names of the methods called, in order. */
  methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  mutatingCalls(): string[] {
    return this.methods().filter((m) => /^(create|update|delete|addTags)/.test(m));
  }

  /** Seeds a settled endpoint with its config and model, as a previous deploy would leave it. */
  seed(
    stack: string,
    options: { tags: Tags; image?: string; instanceType?: string; suffix?: string; status?: EndpointStatus; settings?: EndpointConfigSettings },
  ): { config: string; model: string } {
    const suffix = options.suffix ?? '20261101000000';
    const model = `${stack}-AllTraffic-${suffix}`;
    const config = `${stack}-${suffix}`;
    this.models.set(model, {
      name: model,
      arn: arnOf('model', model),
      image: options.image ?? 'img:1',
      executionRoleArn: 'arn:aws:iam::123456789012:role/R',
      modelDataUrl: 's3://b/m.tar.gz',
    });
    this.tags.set(arnOf('model', model), options.tags);
    this.configs.set(config, {
      name: config,
      arn: arnOf('endpoint-config', config),
      variants: [
        { variantName: 'AllTraffic', modelName: model, instanceType: options.instanceType ?? 'ml.m5.large', initialInstanceCount: 1, initialVariantWeight: 1 },
      ],
      settings: options.settings ?? {},
      creationTime: new Date(`2026-11-01T00:00:${String(this.created++ % 60).padStart(2, '0')}Z`),
    });
    this.tags.set(arnOf('endpoint-config', config), options.tags);
    const at = new Date('2026-11-01T00:00:00Z');
    this.endpoints.set(stack, {
      name: stack,
      configName: config,
      status: options.status ?? 'InService',
      live: new Map(),
      checksUntilSettled: 0,
      outcome: 'InService',
      createdAt: at,
      modifiedAt: at,
    });
    this.tags.set(arnOf('endpoint', stack), options.tags);
    return { config, model };
  }

  async describeEndpoint(name: string): Promise<EndpointInfo | undefined> {
    this.record('describeEndpoint', name);
    const e = this.endpoints.get(name);
    if (!e) return undefined;
    if (e.checksUntilSettled > 0 && --e.checksUntilSettled === 0) this.settle(e);
    const config = this.configs.get(e.configName);
    return {
      name,
      arn: arnOf('endpoint', name),
      status: e.status,
      configName: e.configName,
      ...(e.failureReason ? { failureReason: e.failureReason } : {}),
      creationTime: e.createdAt,
      lastModifiedTime: e.modifiedAt,
      variants: (config?.variants ?? []).map((v) => {
        const live = e.live.get(v.variantName);
        const count = live?.count ?? v.initialInstanceCount ?? 1;
        return {
          variantName: v.variantName,
          ...(v.serverless ? { serverless: v.serverless } : { instanceType: v.instanceType, currentInstanceCount: count, desiredInstanceCount: count }),
          currentWeight: live?.weight ?? v.initialVariantWeight ?? 1,
        };
      }),
    };
  }

  private settle(e: FakeEndpoint): void {
    if (e.outcome === 'InService') e.status = 'InService';
    else if (e.outcome === 'Failed') {
      e.status = 'Failed';
      e.failureReason = 'The primary container for production variant AllTraffic did not pass the ping health check.';
    } else if (e.outcome === 'RollbackFailed') {
      // Both the update and SageMaker's rollback failed: the endpoint may serve from both configs.
      e.status = 'UpdateRollbackFailed';
      e.configName = e.previousConfig ?? e.configName;
      e.failureReason = 'The rollback of the update failed.';
    } else {
      e.status = 'InService';
      e.configName = e.previousConfig ?? e.configName;
      e.live = e.previousLive ?? new Map<string, { weight?: number; count?: number }>();
      e.failureReason = this.rollbackReason;
    }
  }

  async describeEndpointConfig(name: string): Promise<EndpointConfigInfo | undefined> {
    this.record('describeEndpointConfig', name);
    return this.configs.get(name);
  }

  async describeModel(name: string): Promise<ModelInfo | undefined> {
    this.record('describeModel', name);
    return this.models.get(name);
  }

  async createModel(spec: ModelSpec, tags: Tags): Promise<string> {
    this.record('createModel', spec, tags);
    if (this.models.has(spec.name))
      throw Object.assign(new Error(`Cannot create already existing model "${arnOf('model', spec.name)}".`), { name: 'ValidationException' });
    const arn = arnOf('model', spec.name);
    this.models.set(spec.name, { ...spec, arn });
    this.tags.set(arn, { ...tags });
    return arn;
  }

  async createEndpointConfig(name: string, variants: VariantSpec[], tags: Tags, settings: EndpointConfigSettings = {}): Promise<string> {
    this.record('createEndpointConfig', name, variants, tags, settings);
    if (this.configs.has(name))
      throw Object.assign(new Error(`Cannot create already existing endpoint configuration "${arnOf('endpoint-config', name)}".`), {
        name: 'ValidationException',
      });
    const arn = arnOf('endpoint-config', name);
    this.configs.set(name, { name, arn, variants, settings, creationTime: new Date(Date.UTC(2026, 10, 25, 10, 0, this.created++)) });
    // As the service writes them: the variants summarised beside the stack's tags.
    this.tags.set(arn, withVariantSummary(tags, variants));
    return arn;
  }

  async createEndpoint(name: string, configName: string, tags: Tags): Promise<string> {
    this.record('createEndpoint', name, configName, tags);
    const at = new Date('2026-11-25T10:00:00Z');
    this.endpoints.set(name, {
      name,
      configName,
      status: 'Creating',
      live: new Map(),
      checksUntilSettled: this.settleAfter,
      outcome: this.nextOutcome === 'RollBack' ? 'Failed' : this.nextOutcome,
      createdAt: at,
      modifiedAt: at,
    });
    this.tags.set(arnOf('endpoint', name), { ...tags });
    return arnOf('endpoint', name);
  }

  async updateEndpoint(name: string, configName: string, deployment?: DeploymentSpec): Promise<string> {
    this.record('updateEndpoint', name, configName, ...(deployment ? [deployment] : []));
    const e = this.endpoints.get(name);
    if (!e) throw Object.assign(new Error(`Could not find endpoint "${arnOf('endpoint', name)}".`), { name: 'ValidationException' });
    e.previousConfig = e.configName;
    e.previousLive = e.live;
    e.live = new Map();
    e.configName = configName;
    e.status = 'Updating';
    e.checksUntilSettled = this.settleAfter;
    e.outcome = this.nextOutcome;
    return arnOf('endpoint', name);
  }

  async updateWeightsAndCapacities(name: string, changes: WeightAndCapacity[]): Promise<string> {
    this.record('updateWeightsAndCapacities', name, changes);
    const e = this.endpoints.get(name);
    if (!e) throw Object.assign(new Error(`Could not find endpoint "${arnOf('endpoint', name)}".`), { name: 'ValidationException' });
    for (const c of changes) {
      const before = e.live.get(c.variantName) ?? {};
      e.live.set(c.variantName, {
        ...before,
        ...(c.weight !== undefined ? { weight: c.weight } : {}),
        ...(c.instanceCount !== undefined ? { count: c.instanceCount } : {}),
      });
    }
    e.status = 'Updating';
    e.checksUntilSettled = this.settleAfter;
    e.outcome = 'InService';
    return arnOf('endpoint', name);
  }

  async deleteEndpoint(name: string): Promise<DeleteOutcome> {
    this.record('deleteEndpoint', name);
    return this.endpoints.delete(name) ? 'deleted' : 'absent';
  }

  async deleteEndpointConfig(name: string): Promise<DeleteOutcome> {
    this.record('deleteEndpointConfig', name);
    return this.configs.delete(name) ? 'deleted' : 'absent';
  }

  async deleteModel(name: string): Promise<DeleteOutcome> {
    this.record('deleteModel', name);
    return this.models.delete(name) ? 'deleted' : 'absent';
  }

  async listEndpoints(nameContains?: string): Promise<ResourceSummary[]> {
    this.record('listEndpoints', nameContains);
    return [...this.endpoints.values()]
      .filter((e) => nameContains === undefined || e.name.includes(nameContains))
      .map((e) => ({ name: e.name, arn: arnOf('endpoint', e.name), status: e.status, creationTime: e.createdAt, lastModifiedTime: e.modifiedAt }));
  }

  async listEndpointConfigs(nameContains?: string): Promise<ResourceSummary[]> {
    this.record('listEndpointConfigs', nameContains);
    return [...this.configs.values()]
      .filter((c) => nameContains === undefined || c.name.includes(nameContains))
      .map((c) => ({ name: c.name, arn: c.arn, ...(c.creationTime ? { creationTime: c.creationTime } : {}) }));
  }

  async listModels(nameContains?: string): Promise<ResourceSummary[]> {
    this.record('listModels', nameContains);
    return [...this.models.values()].filter((m) => nameContains === undefined || m.name.includes(nameContains)).map((m) => ({ name: m.name, arn: m.arn }));
  }

  /** What Search's index still holds for an endpoint (it lags a change): returned instead of the current state. */
  readonly searchIndex = new Map<string, EndpointInfo | undefined>();

  /** SageMaker's Search over endpoints tagged key=value: each as DescribeEndpoint says, unless {@link searchIndex} holds an older record. */
  async searchEndpoints(tagKey: string, tagValue: string): Promise<EndpointInfo[]> {
    this.record('searchEndpoints', tagKey, tagValue);
    const found: EndpointInfo[] = [];
    for (const name of this.endpoints.keys()) {
      if (this.tags.get(arnOf('endpoint', name))?.[tagKey] !== tagValue) continue;
      if (this.searchIndex.has(name)) {
        const stale = this.searchIndex.get(name);
        if (stale) found.push(stale);
        continue;
      }
      const e = this.endpoints.get(name)!;
      const checks = e.checksUntilSettled;
      // Reading the index does not move a change along (only DescribeEndpoint is polled).
      e.checksUntilSettled = 0;
      const info = await this.describeEndpointQuietly(name);
      e.checksUntilSettled = checks;
      if (info) found.push(info);
    }
    return found;
  }

  private async describeEndpointQuietly(name: string): Promise<EndpointInfo | undefined> {
    const calls = this.calls.length;
    const info = await this.describeEndpoint(name);
    this.calls.length = calls;
    return info;
  }

  /** ARNs the tagging API does not show yet (it lags a resource created a moment ago). */
  readonly taggingLag = new Set<string>();

  /** The tagging API's view of this state: every resource tagged managed-by sagectl. */
  async managedResources(): Promise<{ arn: string; tags: Tags }[]> {
    this.record('managedResources');
    return this.tagged((t) => t['sagectl:managed-by'] === 'sagectl');
  }

  /** The tagging API's view of one stack: every resource tagged sagectl:stack=<stack>. */
  async stackResources(stack: string): Promise<{ arn: string; tags: Tags }[]> {
    this.record('stackResources', stack);
    return this.tagged((t) => t['sagectl:stack'] === stack);
  }

  private tagged(match: (tags: Tags) => boolean): { arn: string; tags: Tags }[] {
    return [...this.tags.entries()].filter(([arn, t]) => match(t) && !this.taggingLag.has(arn)).map(([arn, t]) => ({ arn, tags: { ...t } }));
  }

  async addTags(arn: string, tags: Tags): Promise<void> {
    this.record('addTags', arn, tags);
    this.tags.set(arn, { ...(this.tags.get(arn) ?? {}), ...tags });
  }

  async deleteTags(arn: string, keys: string[]): Promise<void> {
    this.record('deleteTags', arn, keys);
    const tags = { ...(this.tags.get(arn) ?? {}) };
    for (const k of keys) delete tags[k];
    this.tags.set(arn, tags);
  }

  async listTags(arn: string): Promise<Tags> {
    this.record('listTags', arn);
    return { ...(this.tags.get(arn) ?? {}) };
  }
}

export { arnOf };
