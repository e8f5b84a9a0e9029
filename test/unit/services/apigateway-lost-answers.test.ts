import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayService } from '../../../src/services/apigateway.js';
import { clientConfig } from '../../../src/core/clients.js';
import { recordingLogger } from '../helpers/logger.js';

/**
 * API Gateway creates whose answer is lost (issue 18): the request is applied, the connection
 * is cut, and the SDK's retry strategy sends it again. API Gateway takes a repeated
 * CreateRestApi / CreateUsagePlan / CreateApiKey as one more resource, and refuses a repeated
 * CreateResource / PutMethod / CreateUsagePlanKey as a conflict. These tests run the real SDK
 * client (its retry strategy and middleware) against a small in-memory API Gateway behind a fake
 * HTTP handler, which applies each request and then, when told, loses its answer.
 */

interface Item {
  id: string;
  name: string;
  tags: Record<string, string>;
  value?: string;
}

interface HandlerRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  body?: string | Uint8Array;
}

class FakeApiGateway {
  readonly sent: string[] = [];
  readonly apis: Item[] = [];
  readonly plans: Item[] = [];
  readonly keys: Item[] = [];
  readonly planKeys = new Map<string, string[]>();
  readonly resources: { id: string; parentId?: string; path: string }[] = [{ id: 'root', path: '/' }];
  readonly methods = new Set<string>();
  /** Operations ("POST /restapis") whose next answer is lost after they are applied, or refused as throttled. */
  readonly lose = new Map<string, number>();
  readonly throttle = new Map<string, number>();
  private next = 0;

  readonly handler = {
    handle: async (request: HandlerRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> => {
      const op = `${request.method} ${request.path.replace(/\/(a|p|k)\d+/g, '/$1*').replace(/\/r\d+|\/root/g, '/r*')}`;
      this.sent.push(op);
      if ((this.throttle.get(op) ?? 0) > 0) {
        this.throttle.set(op, this.throttle.get(op)! - 1);
        return this.answer(429, { message: 'Rate exceeded' }, 'TooManyRequestsException');
      }
      const body = this.apply(request);
      if ((this.lose.get(op) ?? 0) > 0) {
        this.lose.set(op, this.lose.get(op)! - 1);
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      return body;
    },
    updateHttpClientConfig: (): void => undefined,
    httpHandlerConfigs: (): object => ({}),
  };

  private id(prefix: string): string {
    return `${prefix}${++this.next}`;
  }

  private apply(request: HandlerRequest) {
    const text = typeof request.body === 'string' ? request.body : request.body ? Buffer.from(request.body).toString('utf8') : '';
    const input = text ? (JSON.parse(text) as { name?: string; tags?: Record<string, string>; keyId?: string; pathPart?: string }) : {};
    const path = request.path;
    const create = (list: Item[], prefix: string, extra: Partial<Item> = {}) => {
      const item: Item = { id: this.id(prefix), name: input.name ?? '', tags: input.tags ?? {}, ...extra };
      list.push(item);
      return this.answer(201, item);
    };
    if (request.method === 'POST' && path === '/restapis') return create(this.apis, 'a');
    if (request.method === 'GET' && path === '/restapis') return this.answer(200, { item: this.apis });
    if (request.method === 'POST' && path === '/usageplans') return create(this.plans, 'p');
    if (request.method === 'GET' && path === '/usageplans') return this.answer(200, { item: this.plans });
    if (request.method === 'POST' && path === '/apikeys') return create(this.keys, 'k', { value: `secret-${this.next + 1}` });
    if (request.method === 'GET' && path === '/apikeys') return this.answer(200, { item: this.keys.map(({ value: _v, ...k }) => k) });
    const key = /^\/apikeys\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && key)
      return this.answer(
        200,
        this.keys.find((k) => k.id === key[1]),
      );
    const planKeys = /^\/usageplans\/([^/]+)\/keys$/.exec(path);
    if (planKeys) {
      const ids = this.planKeys.get(planKeys[1]!) ?? [];
      if (request.method === 'GET') return this.answer(200, { item: ids.map((id) => ({ id, type: 'API_KEY' })) });
      if (ids.includes(input.keyId!)) return this.answer(409, { message: 'Usage plan key already exists' }, 'ConflictException');
      this.planKeys.set(planKeys[1]!, [...ids, input.keyId!]);
      return this.answer(201, { id: input.keyId, type: 'API_KEY' });
    }
    const resources = /^\/restapis\/[^/]+\/resources$/.exec(path);
    if (resources) return this.answer(200, { item: this.resources });
    const child = /^\/restapis\/[^/]+\/resources\/([^/]+)$/.exec(path);
    if (child && request.method === 'POST') {
      if (this.resources.some((r) => r.parentId === child[1] && r.path === `/${input.pathPart}`))
        return this.answer(409, { message: 'Another resource with the same parent already has this name' }, 'ConflictException');
      const made = { id: this.id('r'), parentId: child[1]!, path: `/${input.pathPart}` };
      this.resources.push(made);
      return this.answer(201, made);
    }
    const method = /^\/restapis\/[^/]+\/resources\/([^/]+)\/methods\/([A-Z]+)$/.exec(path);
    if (method) {
      const id = `${method[1]} ${method[2]}`;
      if (request.method === 'GET')
        return this.methods.has(id)
          ? this.answer(200, { httpMethod: method[2] })
          : this.answer(404, { message: 'Invalid Method identifier' }, 'NotFoundException');
      if (this.methods.has(id)) return this.answer(409, { message: 'Method already exists for this resource' }, 'ConflictException');
      this.methods.add(id);
      return this.answer(201, { httpMethod: method[2] });
    }
    if (/\/integration$/.test(path)) return this.answer(201, {});
    return this.answer(404, { message: `no route ${request.method} ${path}` }, 'NotFoundException');
  }

  private answer(statusCode: number, body: unknown, errorType?: string) {
    return {
      response: {
        statusCode,
        headers: { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
        body: Readable.from([Buffer.from(JSON.stringify(body ?? {}))]),
      },
    };
  }
}

function service(fake: FakeApiGateway): ApiGatewayService {
  const { logger } = recordingLogger('silent');
  const client = new APIGatewayClient({
    ...clientConfig({ logger, region: 'us-east-1' }),
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    requestHandler: fake.handler as never,
  });
  return new ApiGatewayService(client, logger);
}

const TAGS = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl', 'sagectl:version': '0.1.0' };

describe('API Gateway creates whose answer was lost', () => {
  it('CreateRestApi: the retry finds the API the first attempt made and creates no second one', async () => {
    const fake = new FakeApiGateway();
    fake.lose.set('POST /restapis', 1);
    const id = await service(fake).createRestApi('churn-api', 'd', TAGS);
    expect(fake.apis.map((a) => a.id)).toEqual([id]);
    expect(fake.sent).toEqual(['POST /restapis', 'GET /restapis']);
  });

  it('CreateRestApi: an API of the same name from another stack (or another run) is not taken for it', async () => {
    const fake = new FakeApiGateway();
    fake.apis.push({ id: 'a0', name: 'churn-api', tags: { ...TAGS, 'sagectl:stack': 'other' } });
    fake.throttle.set('POST /restapis', 1);
    const id = await service(fake).createRestApi('churn-api', 'd', TAGS);
    expect(id).not.toBe('a0');
    expect(fake.apis).toHaveLength(2);
    expect(fake.sent).toEqual(['POST /restapis', 'GET /restapis', 'POST /restapis']);
  });

  it('CreateUsagePlan: one plan', async () => {
    const fake = new FakeApiGateway();
    fake.lose.set('POST /usageplans', 1);
    const id = await service(fake).createUsagePlan({ name: 'churn-plan', apiId: 'a1', stage: 'prod' }, TAGS);
    expect(fake.plans.map((p) => p.id)).toEqual([id]);
  });

  it('CreateApiKey: one key, and its value read back for the run to show', async () => {
    const fake = new FakeApiGateway();
    fake.lose.set('POST /apikeys', 1);
    const key = await service(fake).createApiKey('churn-key', TAGS);
    expect(fake.keys).toHaveLength(1);
    expect(key).toEqual({ id: fake.keys[0]!.id, value: fake.keys[0]!.value });
    expect(fake.sent).toEqual(['POST /apikeys', 'GET /apikeys', 'GET /apikeys/k*']);
  });

  it('CreateUsagePlanKey: the retry finds the key in the plan instead of meeting a conflict', async () => {
    const fake = new FakeApiGateway();
    fake.lose.set('POST /usageplans/p*/keys', 1);
    await service(fake).attachApiKey('p1', 'k1');
    expect(fake.planKeys.get('p1')).toEqual(['k1']);
  });

  it('CreateResource and PutMethod: the retry finds what the first attempt made instead of meeting a conflict', async () => {
    const fake = new FakeApiGateway();
    fake.lose.set('POST /restapis/a*/resources/r*', 1);
    fake.lose.set('PUT /restapis/a*/resources/r*/methods/POST', 1);
    const svc = service(fake);
    const id = await svc.createResource('a1', 'root', 'predict');
    expect(fake.resources.filter((r) => r.path === '/predict').map((r) => r.id)).toEqual([id]);
    await svc.putLambdaProxyMethod('a1', id, 'POST', 'arn:uri', false);
    expect(fake.methods).toEqual(new Set([`${id} POST`]));
  });
});
