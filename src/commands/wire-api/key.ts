import type { PatchOperation } from '@aws-sdk/client-api-gateway';
import type { CommandContext } from '../../core/context.js';
import { names } from '../../core/names.js';
import { isManaged, type Tags } from '../../core/tags.js';
import type { ApiGatewayService } from '../../services/apigateway.js';
import type { ApiSettings } from './settings.js';

/** The stack's API key: its value only in the run that created it (API Gateway keeps it; sagectl never prints it again). */
export interface ApiKeyReport {
  id: string;
  usagePlanId: string;
  value?: string;
}

type KeyApi = Pick<
  ApiGatewayService,
  'listUsagePlans' | 'createUsagePlan' | 'updateUsagePlan' | 'listApiKeys' | 'createApiKey' | 'listUsagePlanKeys' | 'attachApiKey' | 'apiKeyValue'
>;

/**
 * `api.apiKey: true`: a usage plan on the stage (throttle and daily quota) and one API key in
 * it, both tagged with the stack and found again by tag, so a re-run updates the plan and keeps
 * the key (and attaches it, when an interrupted run created it but never put it in the plan).
 */
export async function convergeUsagePlan(
  ctx: CommandContext,
  apigateway: KeyApi,
  input: { stack: string; apiId: string; settings: ApiSettings; tags: Tags },
): Promise<ApiKeyReport> {
  const { stack, apiId, settings, tags } = input;
  const plan = (await apigateway.listUsagePlans()).find((p) => isManaged(p.tags, stack));
  let planId: string;
  if (!plan) {
    planId = await apigateway.createUsagePlan(
      {
        name: names.usagePlan(stack),
        apiId,
        stage: settings.stage,
        ...(settings.throttle ? { throttle: settings.throttle } : {}),
        ...(settings.quotaPerDay !== undefined ? { quotaPerDay: settings.quotaPerDay } : {}),
      },
      tags,
    );
    ctx.logger.info(`created usage plan ${names.usagePlan(stack)}`);
  } else {
    planId = plan.id;
    const ops: PatchOperation[] = [];
    if (!plan.stages.some((s) => s.apiId === apiId && s.stage === settings.stage))
      ops.push({ op: 'add', path: '/apiStages', value: `${apiId}:${settings.stage}` });
    if (settings.throttle) {
      ops.push({ op: 'replace', path: '/throttle/rateLimit', value: String(settings.throttle.rateLimit) });
      ops.push({ op: 'replace', path: '/throttle/burstLimit', value: String(settings.throttle.burstLimit) });
    }
    if (settings.quotaPerDay !== undefined) ops.push({ op: 'replace', path: '/quota/limit', value: String(settings.quotaPerDay) });
    await apigateway.updateUsagePlan(planId, ops);
  }
  const key = (await apigateway.listApiKeys()).find((k) => isManaged(k.tags, stack));
  if (key) {
    if ((await apigateway.listUsagePlanKeys(planId)).includes(key.id)) return { id: key.id, usagePlanId: planId };
    // A run killed between creating the key and attaching it: its key was never attached and
    // never shown. This run finishes the job: it attaches that key (never a second one) and
    // shows its value, as the run that created it would have.
    await apigateway.attachApiKey(planId, key.id);
    ctx.logger.info(`attached API key ${key.name}, which an interrupted run created but did not put in the usage plan`);
    return { id: key.id, usagePlanId: planId, value: await apigateway.apiKeyValue(key.id) };
  }
  const created = await apigateway.createApiKey(names.apiKey(stack), tags);
  await apigateway.attachApiKey(planId, created.id);
  ctx.logger.info(`created API key ${names.apiKey(stack)}`);
  return { id: created.id, usagePlanId: planId, value: created.value };
}
