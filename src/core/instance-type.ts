import { NOTEBOOK_INSTANCE_TYPES, PRODUCTION_VARIANT_INSTANCE_TYPES, TRAINING_INSTANCE_TYPES, TRANSFORM_INSTANCE_TYPES } from './instance-types.js';

/** What an instance type is for: each SageMaker API accepts its own list. */
export type InstanceUse = 'endpoint' | 'training' | 'transform' | 'notebook';

const LISTS: Record<InstanceUse, readonly string[]> = {
  endpoint: PRODUCTION_VARIANT_INSTANCE_TYPES,
  training: TRAINING_INSTANCE_TYPES,
  transform: TRANSFORM_INSTANCE_TYPES,
  notebook: NOTEBOOK_INSTANCE_TYPES,
};
const SETS: Record<InstanceUse, ReadonlySet<string>> = {
  endpoint: new Set(LISTS.endpoint),
  training: new Set(LISTS.training),
  transform: new Set(LISTS.transform),
  notebook: new Set(LISTS.notebook),
};
const WHAT: Record<InstanceUse, string> = { endpoint: 'endpoints', training: 'training jobs', transform: 'batch transform', notebook: 'notebook instances' };

/**
 * Why `value` is not an instance type SageMaker accepts for `use` (the list its SDK ships), as an
 * "expected …" phrase with the nearest name when the difference looks like a typo; undefined when
 * it is one. The caller adds what was found.
 */
export function instanceTypeProblem(value: string, use: InstanceUse): string | undefined {
  if (SETS[use].has(value)) return undefined;
  const elsewhere = (Object.keys(SETS) as InstanceUse[]).filter((u) => u !== use && SETS[u].has(value));
  if (elsewhere.length > 0)
    return `expected a SageMaker instance type for ${WHAT[use]} (${value} is offered only for ${elsewhere.map((u) => WHAT[u]).join(' and ')})`;
  // A missing `ml.` prefix is the commonest slip (the EC2 name of the same machine).
  const near = SETS[use].has(`ml.${value}`) ? `ml.${value}` : nearest(value, LISTS[use]);
  return near
    ? `expected a SageMaker instance type for ${WHAT[use]} (did you mean ${near}?)`
    : `expected a SageMaker instance type for ${WHAT[use]} such as ml.m5.large`;
}

/** The closest name within a small edit distance (a typo, not another family), if any. */
function nearest(value: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const d = editDistance(value.toLowerCase(), name);
    if (d <= MAX_TYPO && (!best || d < best.distance)) best = { name, distance: d };
  }
  return best?.name;
}

const MAX_TYPO = 2;

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
