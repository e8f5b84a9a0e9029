import type { StackResource, StackResourceKind } from '../stack/resources.js';
import { counted } from '../../core/plural.js';

/** What happened to one resource (or, for --dry-run and a declined prompt, what would have). */
export type ResourceAction = 'deleted' | 'already-gone' | 'failed' | 'kept' | 'planned' | 'paused';

export interface ResourceReport {
  kind: StackResourceKind;
  name: string;
  arn: string;
  action: ResourceAction;
  reason?: string;
}

export interface StackReport {
  stack: string;
  /** Why the selection chose it, e.g. `named`, `idle for 24h`. */
  reasons: string[];
  /** For --idle: invocations of its endpoint in the window (0). */
  invocations?: number;
  window?: string;
  /** Why the stack could not be read: it was left whole, nothing of it deleted. */
  error?: string;
  resources: ResourceReport[];
}

/** The report CI and cron read: the criteria, then every stack and resource and its fate. */
export interface TeardownResult {
  selection: Record<string, unknown>;
  dryRun: boolean;
  /** The user said no at the prompt. */
  cancelled: boolean;
  stacks: StackReport[];
  summary: { stacks: number; resources: number; deleted: number; alreadyGone: number; failed: number; kept: number; stacksFailed: number; paused?: number };
  /** `--pause`: the selected stacks were paused (endpoint deleted, the rest kept), not torn down. */
  pause?: boolean;
}

/** A resource's line in the report. */
export function resourceReport(r: StackResource, action: ResourceAction, reason?: string): ResourceReport {
  return { kind: r.kind, name: r.name, arn: r.arn, action, ...(reason !== undefined ? { reason } : {}) };
}

/** Counts for the final line and the JSON summary. */
export function summarize(stacks: readonly StackReport[]): TeardownResult['summary'] {
  const all = stacks.flatMap((s) => s.resources);
  const count = (a: ResourceAction): number => all.filter((r) => r.action === a).length;
  return {
    stacks: stacks.length,
    resources: all.length,
    deleted: count('deleted'),
    alreadyGone: count('already-gone'),
    failed: count('failed'),
    kept: count('kept'),
    stacksFailed: stacks.filter((s) => s.error !== undefined).length,
  };
}

/** The plan shown before asking, and in the refusal without `--yes`. */
export function renderPlan(stacks: readonly StackReport[]): string {
  const lines = ['Plan:'];
  for (const s of stacks) {
    lines.push(`  stack ${s.stack}${s.reasons.length > 0 ? ` (${s.reasons.join(', ')})` : ''}${s.error !== undefined ? `: ${s.error}` : ''}`);
    for (const r of s.resources)
      lines.push(`    ${r.action === 'kept' ? 'keep  ' : 'delete'} ${r.kind.padEnd(15)} ${r.name}${r.reason ? `  (${r.reason})` : ''}`);
  }
  return lines.join('\n');
}

/** Text for people: a short table and one final line. */
export function renderTeardown(r: TeardownResult): string {
  if (r.stacks.length === 0) return 'Nothing to delete: no stack matches (or it is already gone).';
  const head = r.dryRun ? 'Dry run, nothing deleted:' : r.cancelled ? 'Cancelled, nothing deleted:' : 'Teardown:';
  const rows = r.stacks.flatMap((s) =>
    (s.error !== undefined ? [`  ${'failed'.padEnd(12)} ${s.stack.padEnd(20)} ${'stack'.padEnd(15)} (${s.error})`] : []).concat(
      s.resources.map((x) => `  ${x.action.padEnd(12)} ${s.stack.padEnd(20)} ${x.kind.padEnd(15)} ${x.name}${x.reason ? `  (${x.reason})` : ''}`),
    ),
  );
  const s = r.summary;
  const done = r.stacks.filter((st) => st.resources.length > 0 && st.resources.every((x) => x.action === 'deleted' || x.action === 'already-gone')).length;
  const tail =
    r.dryRun || r.cancelled
      ? `${counted(s.stacks, 'stack')} (${counted(s.resources, 'resource')}) selected${r.pause ? ' to pause' : ''}`
      : r.pause
        ? `paused ${counted(s.paused ?? 0, 'stack')}, ${s.failed} failed (\`sagectl resume <stack>\` brings one back)`
        : `deleted ${counted(done, 'stack')} (${counted(s.deleted, 'resource')}, ${s.alreadyGone} already gone), ${s.failed} failed${s.kept > 0 ? `, ${s.kept} kept` : ''}${
            s.stacksFailed > 0
              ? `; ${s.stacksFailed} ${s.stacksFailed === 1 ? 'stack' : 'stacks'} could not be read: ${r.stacks
                  .filter((x) => x.error !== undefined)
                  .map((x) => x.stack)
                  .join(', ')}`
              : ''
          }`;
  const kept =
    s.kept > 0 && !r.dryRun && !r.cancelled
      ? [`kept ${s.kept} ${s.kept === 1 ? 'resource' : 'resources'} not managed by sagectl (no sagectl:managed-by tag): pass --force to delete them too`]
      : [];
  return [head, ...rows, tail, ...kept].join('\n');
}
