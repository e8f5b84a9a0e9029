import type { WireApiFlags } from './cli.js';
import { parseWireApiFlags } from './flags.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext } from '../../core/context.js';
import { ResourceFailedError, UsageError } from '../../core/errors.js';
import { names } from '../../core/names.js';
import { createFunctionOnceRoleReady, updateFunction } from '../function/converge.js';
import { isManaged, stackTags, TagKey, type Tags } from '../../core/tags.js';
import { runCommand } from '../../cli/runner.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { endpointStatus } from '../../services/endpoint-status.js';
import type { EndpointInfo, SageMakerService } from '../../services/sagemaker.js';
import type { IamService } from '../../services/iam.js';
import type { FunctionSpec, LambdaService } from '../../services/lambda.js';
import type { ApiGatewayService } from '../../services/apigateway.js';
import type { LogsService } from '../../services/logs.js';
import { handlerZip } from './bundle.js';
import { arnParts, executeApiSourceArn, integrationUri, invokePolicy, invokeUrl, INVOKE_POLICY_NAME, logGroupName, trustPolicy } from './policy.js';
import { apiSettings, type ApiSettings } from './settings.js';
import { convergeUsagePlan, type ApiKeyReport } from './key.js';
import { renderPage } from './page.js';
import { sampleBody } from './sample.js';
import { ServiceFactory } from '../../services/factory.js';
import { configFor, stackContext } from '../stack/config.js';

/** The calls wire-api makes, service by service (the fakes in tests implement just these). */
export interface WireApiServices {
  sagemaker: Pick<SageMakerService, 'describeEndpoint' | 'listTags'>;
  iam: Pick<IamService, 'getRole' | 'createRole' | 'updateTrust' | 'putRolePolicy' | 'listRoleTags' | 'tagRole'>;
  logs: Pick<LogsService, 'describeLogGroup' | 'createLogGroup' | 'tagLogGroup'>;
  lambda: Pick<LambdaService, 'getFunction' | 'createFunction' | 'updateConfiguration' | 'updateCode' | 'allowInvoke' | 'tagFunction'>;
  apigateway: Pick<
    ApiGatewayService,
    | 'listRestApis'
    | 'createRestApi'
    | 'getResources'
    | 'createResource'
    | 'hasMethod'
    | 'deleteMethod'
    | 'putLambdaProxyMethod'
    | 'putCorsPreflight'
    | 'deploy'
    | 'listStages'
    | 'deleteStage'
    | 'tagRestApi'
    | 'setStageThrottle'
    | 'listUsagePlans'
    | 'createUsagePlan'
    | 'updateUsagePlan'
    | 'listApiKeys'
    | 'createApiKey'
    | 'listUsagePlanKeys'
    | 'attachApiKey'
    | 'apiKeyValue'
  >;
}

export interface WireApiOptions {
  /** The zipped handler (see lambda-bundle.ts). */
  zip: Uint8Array;
  /** Where to write the web page, if anywhere. */
  page?: string;
  dryRun: boolean;
  /** How long to keep retrying while a new role cannot yet be assumed by Lambda. */
  roleWaitMs?: number;
  /** `--force`: wire an endpoint that sagectl does not manage for this stack. */
  force?: boolean;
  /**
   * Leave stages other than the configured one in place: the settings are defaults, not the
   * stack's own `api` section (its config is not at hand), so no stage is known to be undeclared.
   */
  keepOtherStages?: boolean;
}

export interface WireApiResult {
  stack: string;
  /** `planned` for --dry-run. */
  outcome: 'created' | 'updated' | 'planned';
  url: string;
  apiId: string;
  stage: string;
  path: string;
  functionName: string;
  functionArn: string;
  roleName: string;
  roleArn: string;
  deploymentId?: string;
  /** Stages the API had that the config no longer declares: removed after the new one was deployed (with --dry-run: would be). */
  removedStages: string[];
  apiKey?: ApiKeyReport;
  curl: string;
  page?: string;
}

/** The Node.js runtime of the function: the newest LTS Lambda offers (the SDK v3 is built in). */
export const LAMBDA_RUNTIME = 'nodejs24.x';
/** Statement id of the permission API Gateway invokes the function with. */
export const PERMISSION_ID = 'sagectl-apigateway-invoke';
const ROLE_WAIT_MS = 120_000;
/** Days the function's logs are kept. */
const LOG_RETENTION_DAYS = 30;

/**
 * Puts the stack's endpoint behind a public HTTPS API: an IAM role that may invoke this one
 * endpoint, a Lambda function that calls it, and a regional REST API (`POST /<path>`, Lambda
 * proxy) deployed to a stage. Converges: a re-run updates the function, keeps the API (found by
 * its tag, never a second one) and redeploys the stage.
 */
export async function wireApi(ctx: CommandContext, services: WireApiServices, options: WireApiOptions): Promise<WireApiResult> {
  const settings = apiSettings(ctx.config);
  const { stack } = settings;
  const endpoint = await services.sagemaker.describeEndpoint(names.endpoint(stack));
  if (!endpoint)
    throw new UsageError(`endpoint ${stack} does not exist; wire-api puts an API in front of a live endpoint`, `run \`sagectl deploy --stack ${stack}\` first`);
  if (!endpointStatus.isInService(endpoint.status)) {
    throw new UsageError(
      `endpoint ${stack} is ${endpoint.status}, not InService; wire-api needs a live endpoint`,
      `follow it with \`sagectl status ${stack}\` and run wire-api once it is InService`,
    );
  }
  await refuseUnmanagedEndpoint(ctx, services, endpoint, stack, Boolean(options.force));
  const parts = arnParts(endpoint.arn);
  const roleName = names.invokeRole(stack);
  const functionName = names.invokeFunction(stack);
  const tags = stackTags(stack, ctx.config.tags, await ctx.git());

  const existingApi = await findApi(ctx, services, stack);
  if (options.dryRun) {
    const apiId = existingApi?.id ?? '<new>';
    const url = invokeUrl(parts, apiId, settings.stage, settings.path);
    const removedStages = existingApi && !options.keepOtherStages ? undeclared(await services.apigateway.listStages(existingApi.id), settings.stage) : [];
    return {
      stack,
      outcome: 'planned',
      removedStages,
      url,
      apiId,
      stage: settings.stage,
      path: settings.path,
      functionName,
      functionArn: '',
      roleName,
      roleArn: '',
      curl: curlFor(url, settings, sampleBody(settings.contentType, ctx.config.endpoint?.input)),
    };
  }

  const roleArn = await convergeRole(ctx, services, stack, roleName, endpoint.arn, functionName, tags);
  const spec: FunctionSpec = {
    name: functionName,
    roleArn,
    runtime: LAMBDA_RUNTIME,
    handler: 'handler.handler',
    zip: options.zip,
    environment: {
      ENDPOINT_NAME: endpoint.name,
      CONTENT_TYPE: settings.contentType,
      ...(settings.accept ? { ACCEPT: settings.accept } : {}),
      ...(settings.corsOrigin ? { CORS_ORIGIN: settings.corsOrigin } : {}),
    },
    timeoutSeconds: 30,
    memoryMB: 256,
    description: `sagectl: calls SageMaker endpoint ${endpoint.name} for stack ${stack}`,
  };
  const logGroup = await services.logs.describeLogGroup(logGroupName(functionName));
  if (!logGroup) await services.logs.createLogGroup(logGroupName(functionName), tags, LOG_RETENTION_DAYS);
  const functionArn = await convergeFunction(ctx, services, stack, spec, tags, options.roleWaitMs ?? ROLE_WAIT_MS);
  // A re-run converges the function's log group's tags like the others' (after convergeFunction,
  // which refuses a function sagectl does not manage: the group is the function's).
  if (logGroup) await services.logs.tagLogGroup(logGroup.arn, tags);

  const apiId =
    existingApi?.id ?? (await services.apigateway.createRestApi(names.restApi(stack), `sagectl: POST /${settings.path} → SageMaker endpoint ${stack}`, tags));
  if (!existingApi) ctx.logger.info(`created REST API ${names.restApi(stack)} (${apiId})`);
  // A re-run converges the tags too (a tag added to the config reaches the API).
  else await services.apigateway.tagRestApi(parts.region, apiId, tags);
  const resourceId = await ensureResource(services, apiId, settings.path);
  await replaceMethod(services, apiId, resourceId, 'POST', () =>
    services.apigateway.putLambdaProxyMethod(apiId, resourceId, 'POST', integrationUri(parts.region, functionArn), settings.apiKey),
  );
  await replaceMethod(
    services,
    apiId,
    resourceId,
    'OPTIONS',
    settings.corsOrigin ? () => services.apigateway.putCorsPreflight(apiId, resourceId, settings.corsOrigin!, 'Content-Type,X-Api-Key') : undefined,
  );
  await services.lambda.allowInvoke(functionName, PERMISSION_ID, 'apigateway.amazonaws.com', executeApiSourceArn(parts, apiId, 'POST', settings.path));
  const deploymentId = await services.apigateway.deploy(apiId, settings.stage, `sagectl wire-api ${ctx.clock.now().toISOString()}`);
  ctx.logger.info(`deployed ${names.restApi(stack)} to stage ${settings.stage}`);
  if (settings.throttle) await services.apigateway.setStageThrottle(apiId, settings.stage, settings.throttle);
  const apiKey = settings.apiKey ? await convergeUsagePlan(ctx, services.apigateway, { stack, apiId, settings, tags }) : undefined;
  // Only now, with the new stage serving: a renamed stage must not leave the old URL answering.
  const removedStages = options.keepOtherStages ? [] : await removeUndeclaredStages(ctx, services, apiId, settings.stage);

  const url = invokeUrl(parts, apiId, settings.stage, settings.path);
  let page: string | undefined;
  if (options.page) {
    page = path.resolve(options.page);
    writeFileSync(
      page,
      renderPage({
        url,
        stack,
        contentType: settings.contentType,
        apiKeyRequired: settings.apiKey,
        sample: sampleBody(settings.contentType, ctx.config.endpoint?.input),
      }),
    );
    ctx.logger.info(`wrote ${page}`);
  }
  return {
    stack,
    outcome: existingApi ? 'updated' : 'created',
    url,
    apiId,
    stage: settings.stage,
    path: settings.path,
    functionName,
    functionArn,
    roleName,
    roleArn,
    deploymentId,
    removedStages,
    ...(apiKey ? { apiKey } : {}),
    curl: curlFor(url, settings, sampleBody(settings.contentType, ctx.config.endpoint?.input), apiKey?.value),
    ...(page ? { page } : {}),
  };
}

/** The stack's REST API, found by its tags (API Gateway names are not unique). */
async function findApi(ctx: CommandContext, services: WireApiServices, stack: string): Promise<{ id: string } | undefined> {
  const mine = (await services.apigateway.listRestApis()).filter((a) => isManaged(a.tags, stack));
  if (mine.length > 1) ctx.logger.warn(`stack ${stack} has ${mine.length} REST APIs (${mine.map((a) => a.id).join(', ')}); using ${mine[0]!.id}`);
  return mine[0];
}

async function convergeRole(
  ctx: CommandContext,
  services: WireApiServices,
  stack: string,
  roleName: string,
  endpointArn: string,
  functionName: string,
  tags: Tags,
): Promise<string> {
  const existing = await services.iam.getRole(roleName);
  let arn: string;
  if (existing) {
    refuseUnmanaged('IAM role', roleName, await services.iam.listRoleTags(roleName), stack);
    await services.iam.tagRole(roleName, tags);
    await services.iam.updateTrust(roleName, trustPolicy());
    arn = existing.arn;
  } else {
    arn = await services.iam.createRole(roleName, trustPolicy(), tags, `sagectl: lets ${functionName} invoke SageMaker endpoint ${stack}`);
    ctx.logger.info(`created IAM role ${roleName}`);
  }
  await services.iam.putRolePolicy(roleName, INVOKE_POLICY_NAME, invokePolicy(endpointArn, functionName));
  return arn;
}

async function convergeFunction(
  ctx: CommandContext,
  services: WireApiServices,
  stack: string,
  spec: FunctionSpec,
  tags: Tags,
  roleWaitMs: number,
): Promise<string> {
  const existing = await services.lambda.getFunction(spec.name);
  if (existing) {
    refuseUnmanaged('Lambda function', spec.name, existing.tags, stack);
    await services.lambda.tagFunction(existing.arn, tags);
    await updateFunction(ctx, services.lambda, spec);
    ctx.logger.info(`updated Lambda function ${spec.name}`);
    return existing.arn;
  }
  const arn = await createFunctionOnceRoleReady(ctx, services.lambda, spec, tags, {
    role: names.invokeRole(stack),
    phase: 'creating Lambda function',
    roleWaitMs,
    resolution: `run wire-api again in a minute; \`sagectl teardown ${stack}\` removes what was created`,
  });
  ctx.logger.info(`created Lambda function ${spec.name}`);
  return arn;
}

/** Like deploy and update-endpoint, wire-api builds nothing in front of an endpoint sagectl does not manage for this stack, unless forced. */
async function refuseUnmanagedEndpoint(ctx: CommandContext, services: WireApiServices, endpoint: EndpointInfo, stack: string, force: boolean): Promise<void> {
  if (isManaged(await services.sagemaker.listTags(endpoint.arn), stack)) return;
  if (!force) {
    throw new UsageError(
      `endpoint ${endpoint.name} is not managed by sagectl for stack ${stack} (tags ${TagKey.Stack}=${stack} and ${TagKey.ManagedBy}=sagectl missing); wire-api will not put an API in front of it`,
      'pass --force to wire it anyway (the role, function and API are still created and tagged as stack resources)',
    );
  }
  ctx.logger.warn(`--force: wiring endpoint ${endpoint.name}, which sagectl does not manage for stack ${stack}`);
}

/** The stages of `stages` other than the one declared. */
function undeclared(stages: string[], declared: string): string[] {
  return stages.filter((s) => s !== declared);
}

/**
 * Deletes the API's stages other than `declared`, first taking them out of any usage plan that
 * names them (a stage a plan still references cannot be cleanly removed).
 */
async function removeUndeclaredStages(ctx: CommandContext, services: WireApiServices, apiId: string, declared: string): Promise<string[]> {
  const stale = undeclared(await services.apigateway.listStages(apiId), declared);
  if (stale.length === 0) return [];
  for (const plan of await services.apigateway.listUsagePlans()) {
    const ops = plan.stages
      .filter((s) => s.apiId === apiId && stale.includes(s.stage))
      .map((s) => ({ op: 'remove' as const, path: '/apiStages', value: `${apiId}:${s.stage}` }));
    if (ops.length > 0) await services.apigateway.updateUsagePlan(plan.id, ops);
  }
  for (const stage of stale) {
    await services.apigateway.deleteStage(apiId, stage);
    ctx.logger.info(`removed stage ${stage} of ${apiId}: the config declares ${declared}`);
  }
  return stale;
}

function refuseUnmanaged(kind: string, name: string, tags: Tags, stack: string): void {
  if (!isManaged(tags, stack)) {
    throw new UsageError(
      `${kind} ${name} exists but is not managed by sagectl for stack ${stack} (tags ${TagKey.Stack}=${stack} and ${TagKey.ManagedBy}=sagectl missing); sagectl will not change it`,
      'choose another stack name with --stack, or remove it by hand',
    );
  }
}

async function ensureResource(services: WireApiServices, apiId: string, pathPart: string): Promise<string> {
  const resources = await services.apigateway.getResources(apiId);
  const existing = resources.find((r) => r.path === `/${pathPart}`);
  if (existing) return existing.id;
  const root = resources.find((r) => r.path === '/');
  if (!root)
    throw new ResourceFailedError(
      `REST API ${apiId} has no root resource (/): it cannot be wired`,
      'remove it with `sagectl teardown` (or by hand) and run wire-api again',
    );
  return services.apigateway.createResource(apiId, root.id, pathPart);
}

/**
 * Puts a method afresh (or removes it when `put` is undefined). Rebuilding rather than patching
 * converges every setting at once, and is safe: the live stage serves its deployed snapshot
 * until the new deployment.
 */
async function replaceMethod(
  services: WireApiServices,
  apiId: string,
  resourceId: string,
  method: string,
  put: (() => Promise<void>) | undefined,
): Promise<void> {
  if (await services.apigateway.hasMethod(apiId, resourceId, method)) await services.apigateway.deleteMethod(apiId, resourceId, method);
  if (put) await put();
}

function curlFor(url: string, settings: ApiSettings, sample: string, key?: string): string {
  const keyHeader = settings.apiKey ? ` -H 'x-api-key: ${key ?? '<your API key>'}'` : '';
  return `curl -sS -X POST '${url}' -H 'Content-Type: ${settings.contentType}'${keyHeader} --data '${sample}'`;
}

/** Text for people. */
export function renderWireApi(r: WireApiResult): string {
  if (r.outcome === 'planned') {
    return [
      `Plan for stack ${r.stack} (dry run, nothing changed):`,
      `  IAM role         ${r.roleName}`,
      `  Lambda function  ${r.functionName}`,
      `  REST API         ${r.apiId === '<new>' ? 'create' : `update ${r.apiId}`}: POST /${r.path}, stage ${r.stage}`,
      ...r.removedStages.map((s) => `  remove stage     ${s}`),
    ].join('\n');
  }
  const lines = [
    `${r.outcome === 'created' ? 'Created' : 'Updated'} the API of stack ${r.stack}`,
    `  url       ${r.url}`,
    `  api       ${r.apiId} (stage ${r.stage})`,
    `  function  ${r.functionArn}`,
    `  role      ${r.roleArn}`,
  ];
  if (r.apiKey) {
    lines.push(
      r.apiKey.value ? `  api key   ${r.apiKey.value}   (shown once: keep it now)` : `  api key   ${r.apiKey.id} (created earlier; its value was shown then)`,
    );
  }
  for (const s of r.removedStages) lines.push(`  removed   stage ${s}`);
  if (r.page) lines.push(`  page      ${r.page}`);
  lines.push('', 'Try it:', `  ${r.curl}`);
  return lines.join('\n');
}

/** CLI entry: builds the real services and runs {@link wireApi}. */
export function main(globals: GlobalOptions, stack: string | undefined, flags: WireApiFlags): Promise<void> {
  // The argument names the target, never the config's stack: only --stack applies a file to another stack.
  return runCommand(globals, {
    needsConfig: false,
    run: async (shell) => {
      const options = parseWireApiFlags(flags);
      const target = stack ?? shell.config.name;
      const own = target !== undefined && configFor(shell, target) !== undefined;
      const ctx =
        target !== undefined
          ? stackContext(shell, target, ['the api section (stage, path, CORS, API key, throttle, content type take their defaults; no stage is removed)'])
          : shell;
      const make = new ServiceFactory(ctx.clientOptions);
      apiSettings(ctx.config); // config errors before any client is built
      const services = {
        sagemaker: await make.sagemaker(),
        iam: await make.iam(),
        logs: await make.logs(),
        lambda: await make.lambda(),
        apigateway: await make.apigateway(),
      };
      return wireApi(ctx, services, { zip: handlerZip(), ...options, keepOtherStages: !own });
    },
    render: renderWireApi,
  });
}
