import type { PlanStep } from './rollout.js';
import type { SmokeTestResult } from './smoke-test.js';

/** The lines of a dry run's plan, one step each: action, resource kind and name in columns. */
export function planLines(plan: readonly PlanStep[]): string[] {
  return plan.map((s) => `  ${s.action.padEnd(6)} ${s.kind.padEnd(15)} ${s.name}`);
}

/** The endpoint's status, saying how to follow it when the command did not wait for it. */
export function statusLine(stack: string, status: string, followed: boolean): string {
  return `  status   ${status}${followed ? '' : ` (not waited for: follow with \`sagectl status ${stack}\`)`}`;
}

/** A passed smoke test: its latency and the variant that answered. */
export function smokeLine(smoke: SmokeTestResult): string {
  return `  smoke    passed in ${smoke.latencyMs} ms${smoke.invokedVariant ? ` (${smoke.invokedVariant})` : ''}`;
}
