import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteMethodCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  DeleteUsagePlanCommand,
  GetMethodCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TagResourceCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
  paginateGetApiKeys,
  paginateGetResources,
  paginateGetRestApis,
  paginateGetUsagePlans,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import type { Tags } from '../core/tags.js';
import { awsCall, awsCallStrict, hasErrorName, deleteIfExists } from './call.js';
import type { DeleteOutcome } from './sagemaker.js';

/** API Gateway says "not found" as NotFoundException; this is the one place that knows it. */
export function isApiGatewayNotFound(error: unknown): boolean {
  return hasErrorName(error, 'NotFoundException');
}

/** A REST API, a usage plan or an API key, with its tags (API Gateway lists them together). */
export interface TaggedItem {
  id: string;
  name: string;
  tags: Tags;
  createdAt?: Date;
}

export interface ApiResource {
  id: string;
  path: string;
}

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

export interface UsagePlanSpec {
  name: string;
  apiId: string;
  stage: string;
  throttle?: Throttle;
  /** Requests per day. */
  quotaPerDay?: number;
}

/** API Gateway (REST APIs, v1) in sagectl's vocabulary: wire-api's API, its stage, usage plan and key. */
export class ApiGatewayService {
  constructor(
    private readonly client: APIGatewayClient,
    private readonly logger: Logger,
  ) {}

  /** Builds the service with a client configured by the one client factory. */
  static create(options: ClientOptions): ApiGatewayService {
    return new ApiGatewayService(new APIGatewayClient(clientConfig(options)), options.logger);
  }

  /** Every REST API of the region with its tags (all pages): names are not unique, tags tell them apart. */
  async listRestApis(): Promise<TaggedItem[]> {
    const rows: TaggedItem[] = [];
    await awsCallStrict(this.logger, 'GetRestApis', async () => {
      for await (const page of paginateGetRestApis({ client: this.client }, { limit: 500 })) {
        for (const a of page.items ?? [])
          rows.push({ id: a.id ?? '', name: a.name ?? '', tags: a.tags ?? {}, ...(a.createdDate ? { createdAt: a.createdDate } : {}) });
      }
    });
    return rows;
  }

  /**
   * Creates a regional REST API with its tags; returns its id. The tags go in CreateRestApi itself,
   * where they are certain to land with the API.
   */
  async createRestApi(name: string, description: string, tags: Tags): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateRestApi', () =>
      this.client.send(new CreateRestApiCommand({ name, description, endpointConfiguration: { types: ['REGIONAL'] }, tags })),
    );
    return out.id ?? '';
  }

  /** The API's resources (all pages). */
  async getResources(apiId: string): Promise<ApiResource[]> {
    const rows: ApiResource[] = [];
    await awsCallStrict(this.logger, 'GetResources', async () => {
      for await (const page of paginateGetResources({ client: this.client }, { restApiId: apiId, limit: 500 })) {
        for (const r of page.items ?? []) rows.push({ id: r.id ?? '', path: r.path ?? '' });
      }
    });
    return rows;
  }

  /** Creates `/<pathPart>` under `parentId`; returns its id. */
  async createResource(apiId: string, parentId: string, pathPart: string): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateResource', () => this.client.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart })));
    return out.id ?? '';
  }

  /** Whether the resource has this method. */
  async hasMethod(apiId: string, resourceId: string, httpMethod: string): Promise<boolean> {
    const out = await awsCall(
      this.logger,
      'GetMethod',
      () => this.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod })),
      isApiGatewayNotFound,
    );
    return out !== undefined;
  }

  /** Removes a method with its integration; the deployed stage keeps serving its snapshot until the next deployment. */
  async deleteMethod(apiId: string, resourceId: string, httpMethod: string): Promise<void> {
    await awsCall(
      this.logger,
      'DeleteMethod',
      () => this.client.send(new DeleteMethodCommand({ restApiId: apiId, resourceId, httpMethod })),
      isApiGatewayNotFound,
    );
  }

  /** `POST` (or any method) with a Lambda proxy integration (`AWS_PROXY`) to `integrationUri`. */
  async putLambdaProxyMethod(apiId: string, resourceId: string, httpMethod: string, integrationUri: string, apiKeyRequired: boolean): Promise<void> {
    await awsCallStrict(this.logger, 'PutMethod', () =>
      this.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE', apiKeyRequired })),
    );
    // A Lambda proxy integration is always called with POST, whatever the method.
    await awsCallStrict(this.logger, 'PutIntegration', () =>
      this.client.send(
        new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: integrationUri }),
      ),
    );
  }

  /**
   * `OPTIONS` answering the browser's CORS preflight from API Gateway itself (a MOCK
   * integration), so a preflight never reaches the function.
   */
  async putCorsPreflight(apiId: string, resourceId: string, origin: string, allowHeaders: string): Promise<void> {
    const key = { restApiId: apiId, resourceId, httpMethod: 'OPTIONS' };
    const header = (name: string): string => `method.response.header.Access-Control-Allow-${name}`;
    await awsCallStrict(this.logger, 'PutMethod', () => this.client.send(new PutMethodCommand({ ...key, authorizationType: 'NONE', apiKeyRequired: false })));
    await awsCallStrict(this.logger, 'PutIntegration', () =>
      this.client.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } })),
    );
    await awsCallStrict(this.logger, 'PutMethodResponse', () =>
      this.client.send(
        new PutMethodResponseCommand({
          ...key,
          statusCode: '200',
          responseParameters: { [header('Origin')]: false, [header('Methods')]: false, [header('Headers')]: false },
        }),
      ),
    );
    await awsCallStrict(this.logger, 'PutIntegrationResponse', () =>
      this.client.send(
        new PutIntegrationResponseCommand({
          ...key,
          statusCode: '200',
          responseParameters: { [header('Origin')]: `'${origin}'`, [header('Methods')]: `'OPTIONS,POST'`, [header('Headers')]: `'${allowHeaders}'` },
        }),
      ),
    );
  }

  /** Deploys the API's current definition to `stage` (creating the stage when needed); returns the deployment id. */
  async deploy(apiId: string, stage: string, description: string): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateDeployment', () =>
      this.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: stage, description })),
    );
    return out.id ?? '';
  }

  /** The names of the API's stages (GetStages answers them all at once: it is not paginated). */
  async listStages(apiId: string): Promise<string[]> {
    const out = await awsCallStrict(this.logger, 'GetStages', () => this.client.send(new GetStagesCommand({ restApiId: apiId })));
    return (out.item ?? []).flatMap((s) => (s.stageName ? [s.stageName] : []));
  }

  /** Deletes one stage (its URL stops answering); one that is already gone counts as success. */
  async deleteStage(apiId: string, stage: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteStage',
      () => this.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: stage })),
      isApiGatewayNotFound,
    );
  }

  /** Adds or overwrites tags on the REST API (`arn:aws:apigateway:<region>::/restapis/<id>`). */
  async tagRestApi(region: string, apiId: string, tags: Tags): Promise<void> {
    const resourceArn = `arn:aws:apigateway:${region}::/restapis/${apiId}`;
    await awsCallStrict(this.logger, 'TagResource', () => this.client.send(new TagResourceCommand({ resourceArn, tags })));
  }

  /** Sets the stage's default method throttling (requests per second, burst). */
  async setStageThrottle(apiId: string, stage: string, throttle: Throttle): Promise<void> {
    const patchOperations: PatchOperation[] = [
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(throttle.rateLimit) },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: String(throttle.burstLimit) },
    ];
    await awsCallStrict(this.logger, 'UpdateStage', () => this.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: stage, patchOperations })));
  }

  /** Deletes the REST API with its resources, deployments and stages; one that is already gone counts as success. */
  async deleteRestApi(apiId: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteRestApi', () => this.client.send(new DeleteRestApiCommand({ restApiId: apiId })), isApiGatewayNotFound);
  }

  /** Every usage plan with its tags and API stages (all pages). */
  async listUsagePlans(): Promise<(TaggedItem & { stages: { apiId: string; stage: string }[] })[]> {
    const rows: (TaggedItem & { stages: { apiId: string; stage: string }[] })[] = [];
    await awsCallStrict(this.logger, 'GetUsagePlans', async () => {
      for await (const page of paginateGetUsagePlans({ client: this.client }, { limit: 500 })) {
        for (const p of page.items ?? []) {
          rows.push({
            id: p.id ?? '',
            name: p.name ?? '',
            tags: p.tags ?? {},
            stages: (p.apiStages ?? []).map((s) => ({ apiId: s.apiId ?? '', stage: s.stage ?? '' })),
          });
        }
      }
    });
    return rows;
  }

  /** Creates a usage plan on one API stage; returns its id. */
  async createUsagePlan(spec: UsagePlanSpec, tags: Tags): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateUsagePlan', () =>
      this.client.send(
        new CreateUsagePlanCommand({
          name: spec.name,
          apiStages: [{ apiId: spec.apiId, stage: spec.stage }],
          ...(spec.throttle ? { throttle: spec.throttle } : {}),
          ...(spec.quotaPerDay !== undefined ? { quota: { limit: spec.quotaPerDay, period: 'DAY' } } : {}),
          tags,
        }),
      ),
    );
    return out.id ?? '';
  }

  /** Applies patch operations to a usage plan (stages, throttle, quota). */
  async updateUsagePlan(planId: string, patchOperations: PatchOperation[]): Promise<void> {
    if (patchOperations.length === 0) return;
    await awsCallStrict(this.logger, 'UpdateUsagePlan', () => this.client.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations })));
  }

  /** Deletes a usage plan after detaching its API stages (API Gateway refuses otherwise). */
  async deleteUsagePlan(planId: string, stages: { apiId: string; stage: string }[]): Promise<DeleteOutcome> {
    const detach = stages.map((s): PatchOperation => ({ op: 'remove', path: '/apiStages', value: `${s.apiId}:${s.stage}` }));
    if (detach.length > 0) {
      const found = await awsCall(
        this.logger,
        'UpdateUsagePlan',
        () => this.client.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: detach })),
        isApiGatewayNotFound,
      );
      if (!found) return 'absent';
    }
    return deleteIfExists(this.logger, 'DeleteUsagePlan', () => this.client.send(new DeleteUsagePlanCommand({ usagePlanId: planId })), isApiGatewayNotFound);
  }

  /** Every API key with its tags (all pages), without their values. */
  async listApiKeys(): Promise<TaggedItem[]> {
    const rows: TaggedItem[] = [];
    await awsCallStrict(this.logger, 'GetApiKeys', async () => {
      for await (const page of paginateGetApiKeys({ client: this.client }, { limit: 500, includeValues: false })) {
        for (const k of page.items ?? [])
          rows.push({ id: k.id ?? '', name: k.name ?? '', tags: k.tags ?? {}, ...(k.createdDate ? { createdAt: k.createdDate } : {}) });
      }
    });
    return rows;
  }

  /** Creates an enabled API key and attaches it to the usage plan; returns its id and value (shown to the user once). */
  async createApiKey(name: string, planId: string, tags: Tags): Promise<{ id: string; value: string }> {
    const key = await awsCallStrict(this.logger, 'CreateApiKey', () => this.client.send(new CreateApiKeyCommand({ name, enabled: true, tags })));
    await awsCallStrict(this.logger, 'CreateUsagePlanKey', () =>
      this.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId: key.id, keyType: 'API_KEY' })),
    );
    return { id: key.id ?? '', value: key.value ?? '' };
  }

  /** Deletes an API key; one that is already gone counts as success. */
  async deleteApiKey(keyId: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteApiKey', () => this.client.send(new DeleteApiKeyCommand({ apiKey: keyId })), isApiGatewayNotFound);
  }
}
