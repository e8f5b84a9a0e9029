import type { CommandContext } from '../../core/context.js';
import { InternalError } from '../../core/errors.js';
import { pollUntilFinal } from '../../core/poller.js';
import type { Tags } from '../../core/tags.js';
import type { FunctionSpec, LambdaService } from '../../services/lambda.js';

/** The Lambda calls that creating or updating a function sagectl deploys makes. */
export type FunctionApi = Pick<LambdaService, 'getFunction' | 'updateConfiguration' | 'updateCode' | 'createFunction'>;

/**
 * Brings an existing function to `spec`: its configuration, then its code. Lambda refuses an
 * update while the last one is in progress (ResourceConflictException), so each waits it out.
 */
export async function updateFunction(ctx: CommandContext, lambda: FunctionApi, spec: FunctionSpec): Promise<void> {
  await waitUntilUpdatable(ctx, lambda, spec.name);
  await lambda.updateConfiguration(spec);
  await waitUntilUpdatable(ctx, lambda, spec.name);
  await lambda.updateCode(spec.name, spec.zip);
}

/**
 * Creates the function. A role made seconds ago is not yet assumable by Lambda: that refusal,
 * and only that, is retried with the poller's backoff until `roleWaitMs`; any other error ends
 * the loop at once. Returns the function's ARN.
 */
export async function createFunctionOnceRoleReady(
  ctx: CommandContext,
  lambda: FunctionApi,
  spec: FunctionSpec,
  tags: Tags,
  wait: { role: string; phase: string; roleWaitMs: number; resolution: string },
): Promise<string> {
  const created = await pollUntilFinal({
    what: `IAM role ${wait.role} to become assumable by Lambda`,
    phase: wait.phase,
    check: () => lambda.createFunction(spec, tags),
    state: (r) => (r === 'role-not-ready' ? { status: 'role not yet assumable', final: false } : { status: 'created', final: true }),
    timeoutMs: wait.roleWaitMs,
    clock: ctx.clock,
    signal: ctx.signal,
    initialDelayMs: 1_000,
    maxDelayMs: 10_000,
    onProgress: (p) => ctx.progress.report(p),
    resolution: wait.resolution,
  });
  if (created === 'role-not-ready') throw new InternalError('unreachable: the poller returns only a final state');
  return created.arn;
}

async function waitUntilUpdatable(ctx: CommandContext, lambda: Pick<LambdaService, 'getFunction'>, name: string): Promise<void> {
  await pollUntilFinal({
    what: `Lambda function ${name}`,
    phase: 'waiting for the last function update',
    check: () => lambda.getFunction(name),
    state: (f) => ({ status: f ? `${f.state}/${f.lastUpdateStatus}` : 'gone', final: !f || (f.state !== 'Pending' && f.lastUpdateStatus !== 'InProgress') }),
    timeoutMs: 300_000,
    clock: ctx.clock,
    signal: ctx.signal,
    initialDelayMs: 1_000,
    maxDelayMs: 5_000,
  });
}
