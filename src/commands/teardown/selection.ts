import { UsageError } from '../../core/errors.js';
import { parseDuration, formatDuration } from '../../core/duration.js';
import { assertStackName } from '../../core/names.js';
import { mayBeIdle } from '../stack/idle.js';
import type { StackSummary } from '../stack/fleet.js';
import type { TeardownFlags } from './cli.js';

/** Which stacks a teardown (or status) picks. Several criteria intersect. */
export interface SelectionCriteria {
  /** Named stacks; when empty, the whole managed fleet is the starting set. */
  stacks: string[];
  all: boolean;
  idleMs?: number;
  olderThanMs?: number;
  tags: Record<string, string>;
}

/** The criteria that select from the managed fleet rather than by name. */
export type SelectionFilters = Omit<SelectionCriteria, 'stacks'>;

/** Reads the selection flags: tags and durations (exit 2 naming the flag when wrong). */
export function parseSelectionFlags(flags: Pick<TeardownFlags, 'all' | 'idle' | 'olderThan' | 'tag'>): SelectionFilters {
  const tags: Record<string, string> = {};
  for (const pair of flags.tag ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--tag: expected KEY=VALUE, found "${pair}"`);
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    all: Boolean(flags.all),
    tags,
    ...(flags.idle !== undefined ? { idleMs: parseDuration(flags.idle, '--idle') } : {}),
    ...(flags.olderThan !== undefined ? { olderThanMs: parseDuration(flags.olderThan, '--older-than') } : {}),
  };
}

/** The named stacks (checked) with the filters; refuses a selection of nothing, and --all beside names (exit 2, before any AWS call). */
export function selectionCriteria(stacks: string[], filters: SelectionFilters): SelectionCriteria {
  for (const stack of stacks) assertStackName(stack);
  const criteria: SelectionCriteria = { stacks: [...new Set(stacks)], ...filters };
  if (criteria.stacks.length === 0 && !isBulk(criteria)) {
    throw new UsageError(
      'name the stacks to tear down, or select them with --all, --idle, --older-than or --tag',
      'e.g. `sagectl teardown churn-xgb` or `sagectl teardown --idle 24h --yes`',
    );
  }
  if (criteria.stacks.length > 0 && criteria.all) throw new UsageError('--all selects every stack: do not also name stacks');
  return criteria;
}

/** Whether the criteria select from the whole fleet (rather than only by name). */
export function isBulk(c: SelectionFilters): boolean {
  return c.all || c.idleMs !== undefined || c.olderThanMs !== undefined || Object.keys(c.tags).length > 0;
}

/** A plain-words record of the criteria, for the report. */
export function describeCriteria(c: SelectionCriteria): Record<string, unknown> {
  return {
    ...(c.stacks.length > 0 ? { stacks: c.stacks } : {}),
    ...(c.all ? { all: true } : {}),
    ...(c.idleMs !== undefined ? { idle: formatDuration(c.idleMs) } : {}),
    ...(c.olderThanMs !== undefined ? { olderThan: formatDuration(c.olderThanMs) } : {}),
    ...(Object.keys(c.tags).length > 0 ? { tags: c.tags } : {}),
  };
}

/**
 * The stacks whose endpoint may be idle: it exists, is not being created or updated, and was
 * created or last updated before the window began (a fresh endpoint has had no chance to be used).
 */
export function idleCandidates(summaries: readonly StackSummary[], idleMs: number, now: Date): StackSummary[] {
  const windowStart = new Date(now.getTime() - idleMs);
  return summaries.filter((s) => s.endpoint !== undefined && mayBeIdle(s.endpoint, windowStart));
}

/** Why a stack was chosen, and (for --idle) its invocations in the window. */
export interface ChosenStack {
  stack: string;
  reasons: string[];
  invocations?: number;
}

/**
 * Applies the criteria to the fleet. Protected stacks are never chosen by bulk criteria; named
 * stacks are the starting set when given (their protection is checked by the caller, which
 * needs `--force`). `invocations` holds the idle query's result per endpoint.
 */
export function chooseStacks(c: SelectionCriteria, fleet: readonly StackSummary[], invocations: ReadonlyMap<string, number>, now: Date): ChosenStack[] {
  const named = new Set(c.stacks);
  const start = c.stacks.length > 0 ? fleet.filter((s) => named.has(s.stack)) : fleet.filter((s) => !s.protected);
  const idle = c.idleMs !== undefined ? new Set(idleCandidates(start, c.idleMs, now).map((s) => s.stack)) : undefined;
  const chosen: ChosenStack[] = [];
  for (const s of start) {
    const reasons: string[] = [];
    if (c.stacks.length > 0) reasons.push('named');
    if (c.all) reasons.push('all');
    if (c.olderThanMs !== undefined) {
      const born = s.endpoint?.createdAt ?? s.newestResourceAt;
      if (!born || born.getTime() > now.getTime() - c.olderThanMs) continue;
      reasons.push(`older than ${formatDuration(c.olderThanMs)}`);
    }
    if (!Object.entries(c.tags).every(([k, v]) => s.tags[k] === v)) continue;
    if (Object.keys(c.tags).length > 0) reasons.push('tags match');
    let count: number | undefined;
    if (c.idleMs !== undefined) {
      count = s.endpoint ? invocations.get(s.endpoint.name) : undefined;
      if (!idle?.has(s.stack) || count === undefined || count > 0) continue;
      reasons.push(`idle for ${formatDuration(c.idleMs)}`);
    }
    chosen.push({ stack: s.stack, reasons, ...(count !== undefined ? { invocations: count } : {}) });
  }
  return chosen;
}
