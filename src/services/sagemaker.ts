import {
  SageMakerClient,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  AddTagsCommand,
  DeleteTagsCommand,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  paginateListEndpointConfigs,
  paginateListEndpoints,
  paginateListModels,
  paginateListTags,
  paginateSearch,
  type DescribeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { awsCall, deleteIfExists } from './call.js';
import { fromTagList, isManaged, TagKey, toTagList, type Tags } from '../core/tags.js';
import { variantSummary } from './variant-summary.js';
import type { EndpointStatus } from './endpoint-status.js';
import { toDeploymentConfig, type DeploymentSpec } from './deployment-config.js';
import {
  fromProductionVariant,
  pickSettings,
  toProductionVariant,
  type EndpointConfigSettings,
  type ServerlessSpec,
  type VariantSpec,
} from './sagemaker-variants.js';

export type { EndpointConfigSettings, ServerlessSpec, VariantPassthrough, VariantSpec } from './sagemaker-variants.js';

/** A variant's traffic weight and/or instance count to set in place (UpdateEndpointWeightsAndCapacities). */
export interface WeightAndCapacity {
  variantName: string;
  weight?: number;
  instanceCount?: number;
}

export interface ModelSpec {
  name: string;
  image: string;
  modelDataUrl?: string;
  executionRoleArn: string;
  environment?: Record<string, string>;
  /** A registered model version: the container names the package instead of an image and artifact. */
  modelPackageArn?: string;
}

export interface ModelInfo extends ModelSpec {
  arn: string;
}

export interface EndpointConfigInfo {
  name: string;
  arn: string;
  variants: VariantSpec[];
  /** Everything else the config holds (empty when it holds nothing else). */
  settings: EndpointConfigSettings;
  creationTime?: Date;
}

export interface EndpointVariantInfo {
  variantName: string;
  instanceType?: string;
  currentInstanceCount?: number;
  desiredInstanceCount?: number;
  currentWeight?: number;
  serverless?: ServerlessSpec;
}

export interface EndpointInfo {
  name: string;
  arn: string;
  status: EndpointStatus;
  configName: string;
  failureReason?: string;
  creationTime?: Date;
  lastModifiedTime?: Date;
  variants: EndpointVariantInfo[];
}

/** One row of a List* call. */
export interface ResourceSummary {
  name: string;
  arn: string;
  creationTime?: Date;
  /** Endpoints only. */
  status?: string;
  lastModifiedTime?: Date;
}

export type DeleteOutcome = 'deleted' | 'absent';

/**
 * SageMaker says "not found" as a ValidationException whose message starts "Could not find"
 * (e.g. `Could not find endpoint "arn:…"`), not as a dedicated error name; ResourceNotFound is
 * used by a few newer operations. DescribeTrainingJob says "Requested resource not found."
 * (https://github.com/aws/aws-sdk/issues/165). This is the one place that knows it.
 */
export function isSageMakerNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ResourceNotFound' || error.name === 'ResourceNotFoundException') return true;
  return error.name === 'ValidationException' && /could not find|requested resource not found/i.test(error.message);
}

/**
 * SageMaker refuses a create whose name is taken with a ValidationException worded
 * 'Cannot create already existing model "arn:…".' (likewise "endpoint configuration", "endpoint").
 */
export function isSageMakerAlreadyExists(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /cannot create already existing/i.test(error.message);
}

/** SageMaker in the vocabulary of sagectl: endpoints, endpoint configs, models and their tags. */
export class SageMakerService {
  constructor(
    private readonly client: SageMakerClient,
    private readonly logger: Logger,
  ) {}

  /** Builds the service with a client configured by the one client factory. */
  static create(options: ClientOptions): SageMakerService {
    return new SageMakerService(new SageMakerClient(clientConfig(options)), options.logger);
  }

  /** The endpoint, or undefined when there is none by that name. */
  async describeEndpoint(name: string): Promise<EndpointInfo | undefined> {
    const out = await this.call('DescribeEndpoint', () => this.client.send(new DescribeEndpointCommand({ EndpointName: name })), true);
    if (!out) return undefined;
    return endpointInfo(out, name);
  }

  /**
   * Every endpoint tagged `tagKey=tagValue`, each as DescribeEndpoint gives it, from SageMaker's
   * Search (up to 100 a page): the fleet's endpoints in a request per hundred rather than one
   * each. Search answers from an index that can lag a change; the caller compares each record
   * with what ListEndpoints says before trusting it.
   */
  searchEndpoints(tagKey: string, tagValue: string): Promise<EndpointInfo[]> {
    return this.collect<EndpointInfo>('Search', async (rows) => {
      const request = {
        Resource: 'Endpoint' as const,
        SearchExpression: { Filters: [{ Name: `Tags.${tagKey}`, Operator: 'Equals' as const, Value: tagValue }] },
        MaxResults: 100,
      };
      for await (const page of paginateSearch({ client: this.client }, request)) {
        for (const r of page.Results ?? []) if (r.Endpoint?.EndpointName) rows.push(endpointInfo(r.Endpoint, r.Endpoint.EndpointName));
      }
    });
  }

  /** The endpoint config, or undefined when it is gone. */
  async describeEndpointConfig(name: string): Promise<EndpointConfigInfo | undefined> {
    const out = await this.call('DescribeEndpointConfig', () => this.client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })), true);
    if (!out) return undefined;
    return {
      name: out.EndpointConfigName ?? name,
      arn: out.EndpointConfigArn ?? '',
      variants: (out.ProductionVariants ?? []).map(fromProductionVariant),
      settings: pickSettings(out),
      ...(out.CreationTime ? { creationTime: out.CreationTime } : {}),
    };
  }

  /** The model, or undefined when it is gone. */
  async describeModel(name: string): Promise<ModelInfo | undefined> {
    const out = await this.call('DescribeModel', () => this.client.send(new DescribeModelCommand({ ModelName: name })), true);
    if (!out) return undefined;
    const container = out.PrimaryContainer ?? out.Containers?.[0];
    return {
      name: out.ModelName ?? name,
      arn: out.ModelArn ?? '',
      image: container?.Image ?? '',
      executionRoleArn: out.ExecutionRoleArn ?? '',
      ...(container?.ModelDataUrl ? { modelDataUrl: container.ModelDataUrl } : {}),
      ...(container?.Environment && Object.keys(container.Environment).length > 0 ? { environment: container.Environment } : {}),
      ...(container?.ModelPackageName ? { modelPackageArn: container.ModelPackageName } : {}),
    };
  }

  /** Creates a model with its tags; returns its ARN. */
  async createModel(spec: ModelSpec, tags: Tags): Promise<string> {
    const adopt = async (): Promise<string | undefined> => (await this.describeModel(spec.name))?.arn;
    return this.createOrAdopt('CreateModel', tags, adopt, () =>
      this.client
        .send(
          new CreateModelCommand({
            ModelName: spec.name,
            ExecutionRoleArn: spec.executionRoleArn,
            // A model from a registered version names the package; the image and artifact come from it.
            PrimaryContainer: spec.modelPackageArn
              ? { ModelPackageName: spec.modelPackageArn, ...(spec.environment ? { Environment: spec.environment } : {}) }
              : {
                  Image: spec.image,
                  ...(spec.modelDataUrl ? { ModelDataUrl: spec.modelDataUrl } : {}),
                  ...(spec.environment ? { Environment: spec.environment } : {}),
                },
            Tags: toTagList(tags),
          }),
        )
        .then((o) => o.ModelArn ?? ''),
    );
  }

  /** Creates an endpoint config with its tags and optional further settings; returns its ARN. */
  async createEndpointConfig(name: string, variants: VariantSpec[], tags: Tags, settings: EndpointConfigSettings = {}): Promise<string> {
    const adopt = async (): Promise<string | undefined> => (await this.describeEndpointConfig(name))?.arn;
    return this.createOrAdopt('CreateEndpointConfig', tags, adopt, () =>
      this.client
        .send(
          new CreateEndpointConfigCommand({
            ...pickSettings(settings),
            EndpointConfigName: name,
            ProductionVariants: variants.map(toProductionVariant),
            Tags: toTagList(withVariantSummary(tags, variants)),
          }),
        )
        .then((o) => o.EndpointConfigArn ?? ''),
    );
  }

  /** Creates an endpoint with its tags; returns its ARN. SageMaker then works on it asynchronously. */
  async createEndpoint(name: string, configName: string, tags: Tags): Promise<string> {
    // An endpoint of this stack on another config is an earlier deploy's, not this request's.
    const adopt = async (): Promise<string | undefined> => {
      const endpoint = await this.describeEndpoint(name);
      return endpoint?.configName === configName ? endpoint.arn : undefined;
    };
    return this.createOrAdopt('CreateEndpoint', tags, adopt, () =>
      this.client
        .send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: configName, Tags: toTagList(tags) }))
        .then((o) => o.EndpointArn ?? ''),
    );
  }

  /**
   * Points a live endpoint at another endpoint config (blue/green, no loss of service), shifting
   * traffic as `deployment` says (all at once when absent) with automatic rollback on its alarms.
   */
  async updateEndpoint(name: string, configName: string, deployment?: DeploymentSpec): Promise<string> {
    const out = await this.call('UpdateEndpoint', () =>
      this.client.send(
        new UpdateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: configName,
          ...(deployment ? { DeploymentConfig: toDeploymentConfig(deployment) } : {}),
        }),
      ),
    );
    return out.EndpointArn ?? '';
  }

  /** Changes variants' traffic weights and instance counts in place: no new config, no new fleet. */
  async updateWeightsAndCapacities(name: string, changes: WeightAndCapacity[]): Promise<string> {
    const out = await this.call('UpdateEndpointWeightsAndCapacities', () =>
      this.client.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName: name,
          DesiredWeightsAndCapacities: changes.map((c) => ({
            VariantName: c.variantName,
            ...(c.weight !== undefined ? { DesiredWeight: c.weight } : {}),
            ...(c.instanceCount !== undefined ? { DesiredInstanceCount: c.instanceCount } : {}),
          })),
        }),
      ),
    );
    return out.EndpointArn ?? '';
  }

  /** Deletes the endpoint; one that is already gone counts as success. */
  deleteEndpoint(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteEndpoint', () => this.client.send(new DeleteEndpointCommand({ EndpointName: name })), isSageMakerNotFound);
  }

  /** Deletes the endpoint config; one that is already gone counts as success. */
  deleteEndpointConfig(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteEndpointConfig',
      () => this.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name })),
      isSageMakerNotFound,
    );
  }

  /** Deletes the model; one that is already gone counts as success. */
  deleteModel(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteModel', () => this.client.send(new DeleteModelCommand({ ModelName: name })), isSageMakerNotFound);
  }

  /** Every endpoint (all pages), optionally only those whose name contains `nameContains`. */
  listEndpoints(nameContains?: string): Promise<ResourceSummary[]> {
    return this.collect('ListEndpoints', async (rows) => {
      for await (const page of paginateListEndpoints({ client: this.client }, { ...(nameContains ? { NameContains: nameContains } : {}) })) {
        for (const e of page.Endpoints ?? []) {
          rows.push({
            name: e.EndpointName ?? '',
            arn: e.EndpointArn ?? '',
            ...(e.EndpointStatus ? { status: e.EndpointStatus } : {}),
            ...(e.CreationTime ? { creationTime: e.CreationTime } : {}),
            ...(e.LastModifiedTime ? { lastModifiedTime: e.LastModifiedTime } : {}),
          });
        }
      }
    });
  }

  /** Every endpoint config (all pages) whose name contains `nameContains`. */
  listEndpointConfigs(nameContains?: string): Promise<ResourceSummary[]> {
    return this.collect('ListEndpointConfigs', async (rows) => {
      for await (const page of paginateListEndpointConfigs({ client: this.client }, { ...(nameContains ? { NameContains: nameContains } : {}) })) {
        for (const c of page.EndpointConfigs ?? []) {
          rows.push({ name: c.EndpointConfigName ?? '', arn: c.EndpointConfigArn ?? '', ...(c.CreationTime ? { creationTime: c.CreationTime } : {}) });
        }
      }
    });
  }

  /** Every model (all pages) whose name contains `nameContains`. */
  listModels(nameContains?: string): Promise<ResourceSummary[]> {
    return this.collect('ListModels', async (rows) => {
      for await (const page of paginateListModels({ client: this.client }, { ...(nameContains ? { NameContains: nameContains } : {}) })) {
        for (const m of page.Models ?? []) {
          rows.push({ name: m.ModelName ?? '', arn: m.ModelArn ?? '', ...(m.CreationTime ? { creationTime: m.CreationTime } : {}) });
        }
      }
    });
  }

  /** The tags of a resource (all pages); an empty record when the resource is gone. */
  async listTags(arn: string): Promise<Tags> {
    const list: { Key?: string; Value?: string }[] = [];
    const found = await this.call(
      'ListTags',
      async () => {
        for await (const page of paginateListTags({ client: this.client }, { ResourceArn: arn })) list.push(...(page.Tags ?? []));
        return true;
      },
      true,
    );
    return found ? fromTagList(list) : {};
  }

  /** Adds (or overwrites) tags on a resource. */
  async addTags(arn: string, tags: Tags): Promise<void> {
    await this.call('AddTags', () => this.client.send(new AddTagsCommand({ ResourceArn: arn, Tags: toTagList(tags) })));
  }

  /** Removes tags from a resource by key. */
  async deleteTags(arn: string, keys: string[]): Promise<void> {
    await this.call('DeleteTags', () => this.client.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: keys })));
  }

  /**
   * Runs a create. When SageMaker answers that the name already exists, the SDK may have retried
   * a request whose first answer was lost after SageMaker applied it: if the resource found by
   * `existing` carries this stack's tags, it is this run's, and the create succeeded. Anything
   * else that holds the name stays a refusal.
   */
  private async createOrAdopt(operation: string, tags: Tags, existing: () => Promise<string | undefined>, send: () => Promise<string>): Promise<string> {
    return this.call(operation, async () => {
      try {
        return await send();
      } catch (error) {
        if (!isSageMakerAlreadyExists(error) || tags[TagKey.Stack] === undefined) throw error;
        const arn = await existing();
        if (arn === undefined || !isManaged(await this.listTags(arn), tags[TagKey.Stack])) throw error;
        this.logger.info({ operation, arn }, `${operation}: already exists with this stack's tags (an earlier attempt's answer was lost): using it`);
        return arn;
      }
    });
  }

  private async collect<R = ResourceSummary>(operation: string, fill: (rows: R[]) => Promise<void>): Promise<R[]> {
    const rows: R[] = [];
    await this.call(operation, () => fill(rows));
    return rows;
  }

  /** Runs one SDK call, translating its errors; with `notFoundIsUndefined`, "not found" yields undefined. */
  private call<T>(operation: string, send: () => Promise<T>): Promise<T>;
  private call<T>(operation: string, send: () => Promise<T>, notFoundIsUndefined: true): Promise<T | undefined>;
  private call<T>(operation: string, send: () => Promise<T>, notFoundIsUndefined = false): Promise<T | undefined> {
    return awsCall(this.logger, operation, send, notFoundIsUndefined ? isSageMakerNotFound : undefined);
  }
}

/** An endpoint as DescribeEndpoint (or a Search record, which has the same fields) describes it. */
function endpointInfo(
  out: Pick<
    DescribeEndpointCommandOutput,
    'EndpointName' | 'EndpointArn' | 'EndpointStatus' | 'EndpointConfigName' | 'FailureReason' | 'CreationTime' | 'LastModifiedTime' | 'ProductionVariants'
  >,
  name: string,
): EndpointInfo {
  return {
    name: out.EndpointName ?? name,
    arn: out.EndpointArn ?? '',
    status: out.EndpointStatus ?? 'OutOfService',
    configName: out.EndpointConfigName ?? '',
    ...(out.FailureReason ? { failureReason: out.FailureReason } : {}),
    ...(out.CreationTime ? { creationTime: out.CreationTime } : {}),
    ...(out.LastModifiedTime ? { lastModifiedTime: out.LastModifiedTime } : {}),
    variants: (out.ProductionVariants ?? []).map((v) => ({
      variantName: v.VariantName ?? '',
      ...(v.CurrentInstanceCount !== undefined ? { currentInstanceCount: v.CurrentInstanceCount } : {}),
      ...(v.DesiredInstanceCount !== undefined ? { desiredInstanceCount: v.DesiredInstanceCount } : {}),
      ...(v.CurrentWeight !== undefined ? { currentWeight: v.CurrentWeight } : {}),
      ...(v.CurrentServerlessConfig?.MemorySizeInMB !== undefined
        ? { serverless: { memoryMB: v.CurrentServerlessConfig.MemorySizeInMB, maxConcurrency: v.CurrentServerlessConfig.MaxConcurrency ?? 0 } }
        : {}),
    })),
  };
}

/** The config's tags with its variants summarised (fleet status reads them instead of describing it), when the summary fits a tag. */
export function withVariantSummary(tags: Tags, variants: readonly VariantSpec[]): Tags {
  // Tags copied from another config must never carry that config's summary over.
  const { [TagKey.Variants]: _copied, ...rest } = tags;
  const summary = variantSummary(variants);
  return summary === undefined ? rest : { ...rest, [TagKey.Variants]: summary };
}
