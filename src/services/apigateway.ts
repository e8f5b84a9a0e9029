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
  GetApiKeyCommand,
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
  paginateGetUsagePlanKeys,
  paginateGetUsagePlans,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import type { FinalizeHandlerArguments, FinalizeHandlerOutput, MiddlewareStack } from '@smithy/types';
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
  /** Absent for the root resource. */
  parentId?: string;
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
    const command = new CreateRestApiCommand({ name, description, endpointConfiguration: { types: ['REGIONAL'] }, tags });
    lookBeforeRetry(this.logger, 'CreateRestApi', command.middlewareStack, async () => {
      const made = (await this.listRestApis()).find((a) => madeBy(a, name, tags));
      return made ? { id: made.id, name: made.name, tags: made.tags } : undefined;
    });
    const out = await awsCallStrict(this.logger, 'CreateRestApi', () => this.client.send(command));
    return out.id ?? '';
  }

  /** The API's resources (all pages). */
  async getResources(apiId: string): Promise<ApiResource[]> {
    const rows: ApiResource[] = [];
    await awsCallStrict(this.logger, 'GetResources', async () => {
      for await (const page of paginateGetResources({ client: this.client }, { restApiId: apiId, limit: 500 })) {
        for (const r of page.items ?? []) rows.push({ id: r.id ?? '', path: r.path ?? '', ...(r.parentId ? { parentId: r.parentId } : {}) });
      }
    });
    return rows;
  }

  /** Creates `/<pathPart>` under `parentId`; returns its id. */
  async createResource(apiId: string, parentId: string, pathPart: string): Promise<string> {
    const command = new CreateResourceCommand({ restApiId: apiId, parentId, pathPart });
    // A repeated CreateResource is refused (ConflictException): the first attempt's resource is the answer.
    lookBeforeRetry(this.logger, 'CreateResource', command.middlewareStack, async () => {
      const made = (await this.getResources(apiId)).find((r) => r.path.endsWith(`/${pathPart}`) && r.parentId === parentId);
      return made ? { id: made.id, path: made.path, parentId, pathPart } : undefined;
    });
    const out = await awsCallStrict(this.logger, 'CreateResource', () => this.client.send(command));
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
    await this.putMethod(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE', apiKeyRequired }));
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
    await this.putMethod(new PutMethodCommand({ ...key, authorizationType: 'NONE', apiKeyRequired: false }));
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

  /**
   * PutMethod on a resource that has the method is refused (ConflictException): wire-api removes
   * the method first, so one found before a retry is the first attempt's.
   */
  private async putMethod(command: PutMethodCommand): Promise<void> {
    const { restApiId, resourceId, httpMethod } = command.input;
    lookBeforeRetry(this.logger, 'PutMethod', command.middlewareStack, () =>
      this.client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod })).catch((error: unknown) => {
        if (isApiGatewayNotFound(error)) return undefined;
        throw error;
      }),
    );
    await awsCallStrict(this.logger, 'PutMethod', () => this.client.send(command));
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
    const command = new CreateUsagePlanCommand({
      name: spec.name,
      apiStages: [{ apiId: spec.apiId, stage: spec.stage }],
      ...(spec.throttle ? { throttle: spec.throttle } : {}),
      ...(spec.quotaPerDay !== undefined ? { quota: { limit: spec.quotaPerDay, period: 'DAY' } } : {}),
      tags,
    });
    lookBeforeRetry(this.logger, 'CreateUsagePlan', command.middlewareStack, async () => {
      const made = (await this.listUsagePlans()).find((p) => madeBy(p, spec.name, tags));
      return made ? { id: made.id, name: made.name, tags: made.tags } : undefined;
    });
    const out = await awsCallStrict(this.logger, 'CreateUsagePlan', () => this.client.send(command));
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

  /** Creates an enabled API key; returns its id and value (shown to the user once). Attach it with {@link attachApiKey}. */
  async createApiKey(name: string, tags: Tags): Promise<{ id: string; value: string }> {
    const command = new CreateApiKeyCommand({ name, enabled: true, tags });
    lookBeforeRetry(this.logger, 'CreateApiKey', command.middlewareStack, async () => {
      const made = (await this.listApiKeys()).find((k) => madeBy(k, name, tags));
      return made ? { id: made.id, name: made.name, value: await this.apiKeyValue(made.id), tags: made.tags } : undefined;
    });
    const key = await awsCallStrict(this.logger, 'CreateApiKey', () => this.client.send(command));
    return { id: key.id ?? '', value: key.value ?? '' };
  }

  /** The key's value (GetApiKey with includeValue): for a key whose creating run never showed it. */
  async apiKeyValue(keyId: string): Promise<string> {
    const out = await awsCallStrict(this.logger, 'GetApiKey', () => this.client.send(new GetApiKeyCommand({ apiKey: keyId, includeValue: true })));
    return out.value ?? '';
  }

  /** The ids of the API keys in a usage plan (all pages). */
  async listUsagePlanKeys(planId: string): Promise<string[]> {
    const ids: string[] = [];
    await awsCallStrict(this.logger, 'GetUsagePlanKeys', async () => {
      for await (const page of paginateGetUsagePlanKeys({ client: this.client }, { usagePlanId: planId, limit: 500 }))
        for (const k of page.items ?? []) if (k.id) ids.push(k.id);
    });
    return ids;
  }

  /** Puts an API key in a usage plan, so requests with it are let through (and counted against the plan). */
  async attachApiKey(planId: string, keyId: string): Promise<void> {
    const command = new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' });
    // A repeated CreateUsagePlanKey is refused (ConflictException): a key found in the plan is the first attempt's.
    lookBeforeRetry(this.logger, 'CreateUsagePlanKey', command.middlewareStack, async () =>
      (await this.listUsagePlanKeys(planId)).includes(keyId) ? { id: keyId, type: 'API_KEY' } : undefined,
    );
    await awsCallStrict(this.logger, 'CreateUsagePlanKey', () => this.client.send(command));
  }

  /** Deletes an API key; one that is already gone counts as success. */
  async deleteApiKey(keyId: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteApiKey', () => this.client.send(new DeleteApiKeyCommand({ apiKey: keyId })), isApiGatewayNotFound);
  }
}

/** Whether a listed item is the one a create with this name and these tags made (every tag equal, sagectl's version and commit included). */
function madeBy(item: TaggedItem, name: string, tags: Tags): boolean {
  return item.name === name && Object.entries(tags).every(([k, v]) => item.tags[k] === v);
}

/**
 * Makes a create safe to retry. API Gateway takes a repeated CreateRestApi, CreateUsagePlan or
 * CreateApiKey as one more resource (their names are not unique), and refuses a repeated
 * CreateResource, PutMethod or CreateUsagePlanKey as a conflict; yet the SDK repeats a request
 * whose answer was lost (connection cut, 5xx) although API Gateway may have applied it. So
 * before each attempt after the first, `lookup` looks for what an earlier attempt made; when it
 * finds it, that is the answer and nothing more is sent. The SDK's retry strategy (backoff,
 * throttling, attempt limits) stays as it is: this sits below it and runs once per attempt.
 */
function lookBeforeRetry<Input extends object, Output extends object>(
  logger: Logger,
  operation: string,
  stack: MiddlewareStack<Input, Output>,
  lookup: () => Promise<object | undefined>,
): void {
  let attempts = 0;
  stack.add(
    (next) =>
      async (args: FinalizeHandlerArguments<Input>): Promise<FinalizeHandlerOutput<Output>> => {
        attempts++;
        if (attempts > 1) {
          const made = await lookup();
          if (made) {
            logger.info({ operation }, `${operation}: an earlier attempt was applied though its answer was lost; using what it made`);
            return { output: { ...made, $metadata: {} } as unknown as Output, response: undefined };
          }
        }
        return next(args);
      },
    { step: 'finalizeRequest', priority: 'low', name: 'sagectlLookBeforeRetry' },
  );
}
