import type { WireApiServices } from '../../../src/commands/wire-api/index.js';
import type { EndpointInfo } from '../../../src/services/sagemaker.js';
import type { FunctionInfo, FunctionSpec } from '../../../src/services/lambda.js';
import type { TaggedItem, Throttle, UsagePlanSpec } from '../../../src/services/apigateway.js';
import type { PolicyDocument } from '../../../src/services/iam.js';
import { AwsRequestError } from '../../../src/core/errors.js';
import type { Tags } from '../../../src/core/tags.js';

export const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

interface FakeApi extends TaggedItem {
  resources: { id: string; path: string }[];
  methods: Map<string, { type: string; uri?: string; apiKeyRequired: boolean }>;
  deployments: { id: string; stage: string }[];
  /** Stages that exist: made by a deployment, gone after DeleteStage. */
  stages: Set<string>;
  throttle?: Throttle;
}

/**
 * A small stateful fake of everything wire-api calls (SageMaker, IAM, Logs, Lambda, API
 * Gateway), recording each call in order so tests can assert what was sent and what was not.
 */
export class FakeWireApi implements WireApiServices {
  readonly calls: string[] = [];
  endpoint: EndpointInfo | undefined;
  /** The endpoint's tags: managed for stack churn unless a test says otherwise. */
  endpointTags: Tags = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };
  /** TagResource / TagRole calls, as [what, tags]. */
  readonly tagged: [string, Tags][] = [];
  readonly roles = new Map<string, { arn: string; trust: PolicyDocument; tags: Tags; policies: Map<string, PolicyDocument> }>();
  readonly logGroups = new Map<string, Tags>();
  readonly functions = new Map<string, { spec: FunctionSpec; tags: Tags; codeUpdates: number }>();
  readonly permissions = new Map<string, { principal: string; sourceArn: string }>();
  readonly apis: FakeApi[] = [];
  readonly plans: (TaggedItem & { stages: { apiId: string; stage: string }[]; spec: UsagePlanSpec })[] = [];
  readonly keys: (TaggedItem & { planId: string | undefined })[] = [];
  /** kill -9 between CreateApiKey and CreateUsagePlanKey: the key is made, attaching it fails. */
  killAfterCreateApiKey = false;
  readonly planUpdates: { planId: string; ops: unknown[] }[] = [];
  /** CreateFunction answers `role-not-ready` this many times first. */
  roleNotReadyTimes = 0;
  /** CreateFunction fails with this error instead. */
  createFunctionError: Error | undefined;
  private next = 0;

  constructor(endpointStatus: EndpointInfo['status'] | 'absent' = 'InService') {
    this.endpoint =
      endpointStatus === 'absent'
        ? undefined
        : { name: 'churn', arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/churn`, status: endpointStatus, configName: 'churn-1', variants: [] };
  }

  private id(): string {
    return `id${++this.next}`;
  }
  private record(name: string): void {
    this.calls.push(name);
  }
  /** Calls that change something. */
  mutatingCalls(): string[] {
    return this.calls.filter((c) => !/^(describe|get|list|has)/.test(c));
  }

  sagemaker: WireApiServices['sagemaker'] = {
    describeEndpoint: async () => {
      this.record('describeEndpoint');
      return this.endpoint;
    },
    listTags: async () => {
      this.record('listTags');
      return this.endpointTags;
    },
  };

  iam: WireApiServices['iam'] = {
    getRole: async (name) => {
      this.record('getRole');
      const r = this.roles.get(name);
      return r ? { name, arn: r.arn } : undefined;
    },
    createRole: async (name, trust, tags) => {
      this.record('createRole');
      const arn = `arn:aws:iam::${ACCOUNT}:role/${name}`;
      this.roles.set(name, { arn, trust, tags, policies: new Map() });
      return arn;
    },
    updateTrust: async (name, trust) => {
      this.record('updateTrust');
      this.roles.get(name)!.trust = trust;
    },
    putRolePolicy: async (role, policyName, document) => {
      this.record('putRolePolicy');
      this.roles.get(role)!.policies.set(policyName, document);
    },
    tagRole: async (role, tags) => {
      this.record('tagRole');
      const r = this.roles.get(role)!;
      r.tags = { ...r.tags, ...tags };
      this.tagged.push([`role ${role}`, tags]);
    },
    listRoleTags: async (role) => {
      this.record('listRoleTags');
      return this.roles.get(role)?.tags ?? {};
    },
  };

  logs: WireApiServices['logs'] = {
    describeLogGroup: async (name) => {
      this.record('describeLogGroup');
      return this.logGroups.has(name) ? { name, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}` } : undefined;
    },
    createLogGroup: async (name, tags) => {
      this.record('createLogGroup');
      this.logGroups.set(name, tags);
    },
    tagLogGroup: async (arn, tags) => {
      this.record('tagLogGroup');
      const name = arn.replace(/^arn:aws:logs:[^:]+:\d+:log-group:/, '');
      this.logGroups.set(name, { ...this.logGroups.get(name), ...tags });
      this.tagged.push([`log-group ${name}`, tags]);
    },
  };

  lambda: WireApiServices['lambda'] = {
    getFunction: async (name): Promise<FunctionInfo | undefined> => {
      this.record('getFunction');
      const f = this.functions.get(name);
      return f ? { name, arn: this.functionArn(name), state: 'Active', lastUpdateStatus: 'Successful', tags: f.tags } : undefined;
    },
    createFunction: async (spec, tags) => {
      this.record('createFunction');
      if (this.createFunctionError) throw this.createFunctionError;
      if (this.roleNotReadyTimes > 0) {
        this.roleNotReadyTimes--;
        return 'role-not-ready';
      }
      this.functions.set(spec.name, { spec, tags, codeUpdates: 0 });
      return { arn: this.functionArn(spec.name) };
    },
    updateConfiguration: async (spec) => {
      this.record('updateConfiguration');
      this.functions.get(spec.name)!.spec = { ...spec, zip: this.functions.get(spec.name)!.spec.zip };
    },
    updateCode: async (name, zip) => {
      this.record('updateCode');
      const f = this.functions.get(name)!;
      f.spec = { ...f.spec, zip };
      f.codeUpdates++;
    },
    tagFunction: async (arn, tags) => {
      this.record('tagFunction');
      const f = this.functions.get(arn.split(':').pop()!)!;
      f.tags = { ...f.tags, ...tags };
      this.tagged.push([`function ${f.spec.name}`, tags]);
    },
    allowInvoke: async (name, statementId, principal, sourceArn) => {
      this.record('allowInvoke');
      this.permissions.set(`${name}/${statementId}`, { principal, sourceArn });
    },
  };

  functionArn(name: string): string {
    return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
  }

  apigateway: WireApiServices['apigateway'] = {
    listRestApis: async () => {
      this.record('listRestApis');
      return this.apis.map(({ id, name, tags }) => ({ id, name, tags }));
    },
    createRestApi: async (name, _description, tags) => {
      this.record('createRestApi');
      const id = this.id();
      this.apis.push({ id, name, tags, resources: [{ id: `${id}-root`, path: '/' }], methods: new Map(), deployments: [], stages: new Set() });
      return id;
    },
    getResources: async (apiId) => {
      this.record('getResources');
      return this.api(apiId).resources;
    },
    createResource: async (apiId, _parentId, pathPart) => {
      this.record('createResource');
      const id = this.id();
      this.api(apiId).resources.push({ id, path: `/${pathPart}` });
      return id;
    },
    hasMethod: async (apiId, resourceId, method) => {
      this.record('hasMethod');
      return this.api(apiId).methods.has(`${resourceId} ${method}`);
    },
    deleteMethod: async (apiId, resourceId, method) => {
      this.record('deleteMethod');
      this.api(apiId).methods.delete(`${resourceId} ${method}`);
    },
    putLambdaProxyMethod: async (apiId, resourceId, method, uri, apiKeyRequired) => {
      this.record('putLambdaProxyMethod');
      this.api(apiId).methods.set(`${resourceId} ${method}`, { type: 'AWS_PROXY', uri, apiKeyRequired });
    },
    putCorsPreflight: async (apiId, resourceId) => {
      this.record('putCorsPreflight');
      this.api(apiId).methods.set(`${resourceId} OPTIONS`, { type: 'MOCK', apiKeyRequired: false });
    },
    deploy: async (apiId, stage) => {
      this.record('deploy');
      const id = this.id();
      this.api(apiId).deployments.push({ id, stage });
      this.api(apiId).stages.add(stage);
      return id;
    },
    listStages: async (apiId) => {
      this.record('listStages');
      return [...this.api(apiId).stages];
    },
    deleteStage: async (apiId, stage) => {
      this.record('deleteStage');
      return this.api(apiId).stages.delete(stage) ? 'deleted' : 'absent';
    },
    tagRestApi: async (_region, apiId, tags) => {
      this.record('tagRestApi');
      const api = this.api(apiId);
      api.tags = { ...api.tags, ...tags };
      this.tagged.push([`api ${apiId}`, tags]);
    },
    setStageThrottle: async (apiId, _stage, throttle) => {
      this.record('setStageThrottle');
      this.api(apiId).throttle = throttle;
    },
    listUsagePlans: async () => {
      this.record('listUsagePlans');
      return this.plans;
    },
    createUsagePlan: async (spec, tags) => {
      this.record('createUsagePlan');
      const id = this.id();
      this.plans.push({ id, name: spec.name, tags, stages: [{ apiId: spec.apiId, stage: spec.stage }], spec });
      return id;
    },
    updateUsagePlan: async (planId, ops) => {
      this.record('updateUsagePlan');
      this.planUpdates.push({ planId, ops });
    },
    listApiKeys: async () => {
      this.record('listApiKeys');
      return this.keys;
    },
    createApiKey: async (name, tags) => {
      this.record('createApiKey');
      const id = this.id();
      this.keys.push({ id, name, tags, planId: undefined });
      return { id, value: `secret-${id}` };
    },
    listUsagePlanKeys: async (planId) => {
      this.record('listUsagePlanKeys');
      return this.keys.filter((k) => k.planId === planId).map((k) => k.id);
    },
    attachApiKey: async (planId, keyId) => {
      this.record('attachApiKey');
      if (this.killAfterCreateApiKey) throw new Error('killed before CreateUsagePlanKey');
      const key = this.keys.find((k) => k.id === keyId)!;
      if (key.planId === planId) throw new AwsRequestError('CreateUsagePlanKey', 'ConflictException', 'Usage plan key already exists');
      key.planId = planId;
    },
    apiKeyValue: async (keyId) => {
      this.record('apiKeyValue');
      return `secret-${keyId}`;
    },
  };

  api(id: string): FakeApi {
    const api = this.apis.find((a) => a.id === id);
    if (!api) throw new AwsRequestError('GetRestApi', 'NotFoundException', `no REST API ${id}`);
    return api;
  }
}
