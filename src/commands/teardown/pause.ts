import type { CommandContext } from '../../core/context.js';
import { InternalError, messageOf, UsageError } from '../../core/errors.js';
import { mapLimit } from '../../core/concurrency.js';
import { counted } from '../../core/plural.js';
import { pause, type PauseSageMaker, type PauseScaling } from '../pause/index.js';
import { describeCriteria, type ChosenStack, type SelectionCriteria } from './selection.js';
import { renderPlan, summarize, type StackReport, type TeardownResult } from './report.js';

/**
 * `teardown --pause`: the stacks the selection chose are paused, not deleted: each one's
 * endpoint goes, its config records the way back, everything else stays. The same plan, prompt
 * and report as a teardown; one stack's failure does not stop the others.
 */
export async function pauseChosen(
  ctx: CommandContext,
  sagemaker: PauseSageMaker | undefined,
  chosen: readonly ChosenStack[],
  options: { criteria: SelectionCriteria; yes: boolean; dryRun: boolean; concurrency: number; window?: string; wait?: { timeoutMs: number } },
  scaling?: PauseScaling,
): Promise<TeardownResult> {
  if (!sagemaker) throw new InternalError('teardown --pause without the SageMaker calls pause makes');
  const plan = chosen.map((c): StackReport => ({
    stack: c.stack,
    reasons: c.reasons,
    ...(c.invocations !== undefined ? { invocations: c.invocations } : {}),
    ...(options.window !== undefined ? { window: options.window } : {}),
    resources: [{ kind: 'endpoint', name: c.stack, arn: '', action: 'planned', reason: 'pause: only the endpoint is deleted' }],
  }));
  const finish = (stacks: StackReport[], cancelled = false): TeardownResult => ({
    selection: describeCriteria(options.criteria),
    dryRun: options.dryRun,
    cancelled,
    pause: true,
    stacks,
    summary: { ...summarize(stacks), paused: stacks.filter((s) => s.resources.some((r) => r.action === 'paused')).length },
  });
  if (plan.length === 0 || options.dryRun) return finish(plan);
  if (!options.yes) {
    if (!ctx.interactive)
      throw new UsageError(`refusing to pause without confirmation:\n${renderPlan(plan)}`, 'not on a terminal, so nobody can confirm: pass --yes to pause');
    if (!(await ctx.confirm(`${renderPlan(plan)}\nPause these ${counted(plan.length, 'stack')}?`))) return finish(plan, true);
  }
  const done = await mapLimit(plan, options.concurrency, async (s): Promise<StackReport> => {
    try {
      const r = await pause(ctx, sagemaker, { stack: s.stack, dryRun: false, ...(options.wait ? { wait: options.wait } : {}) }, scaling);
      return { ...s, resources: [{ kind: 'endpoint', name: r.endpoint, arn: '', action: 'paused', reason: `resumes on ${r.config}` }] };
    } catch (error) {
      const reason = messageOf(error);
      ctx.logger.error(`could not pause ${s.stack}: ${reason}`);
      return { ...s, resources: [{ kind: 'endpoint', name: s.stack, arn: '', action: 'failed', reason }] };
    }
  });
  return finish(done);
}
