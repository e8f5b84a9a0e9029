import type { CommandContext } from '../../core/context.js';
import { TagKey } from '../../core/tags.js';
import type { SageMakerService } from '../../services/sagemaker.js';
import { isVersionArn, versionOfArn } from '../../services/registry-arn.js';
import { SageMakerResourceFinder, type SageMakerResourceApi, type StackResource } from '../stack/resources.js';

/**
 * What the endpoint served, recorded in AWS: each endpoint config of the stack carries the tag
 * `sagectl:went-live` with the time it last went live. Rollback, `--keep` and cleanup follow that
 * order, never creation order: after deploy C1 → update C2 → rollback (C1) → update C3, the
 * config that served before C3 is C1, not the newer C2 that was rolled away from.
 *
 * Why tags on the configs rather than one list on the endpoint: a tag value holds 256 characters,
 * about four config names of 63; a config's own tag carries its own time, goes away with the
 * config (no stale names to prune), and survives the endpoint's deletion (pause/resume). The
 * times only need to be ordered, so each new one is later than every recorded one, whatever the
 * clock of the machine that runs sagectl.
 */

export type HistorySageMaker = SageMakerResourceApi & Pick<SageMakerService, 'addTags'>;

/** One endpoint config of the stack in the history. */
export interface HistoryEntry {
  name: string;
  arn: string;
  /** When it last went live, as recorded; absent for a config from an older sagectl or one that never served. */
  wentLive?: Date;
  createdAt?: Date;
}

/** The stack's endpoint configs in the order they served, and its models. */
export interface EndpointHistory {
  stack: string;
  /** The config the endpoint runs. */
  live: string;
  /** Managed configs other than the live one, most recently served first; those with no record follow, newest created first. */
  before: HistoryEntry[];
  /** Whether some config in `before` has no record of serving (an endpoint deployed by an older sagectl). */
  unrecorded: boolean;
  /** The live config as found (absent when it is gone or not the stack's). */
  liveEntry?: HistoryEntry;
  /** The newest recorded time, live config included: the next record must come after it. */
  latest?: Date;
  /** The stack's managed models. */
  models: StackResource[];
  /** Configs of the stack that sagectl does not manage: never deleted, and their models are kept. */
  unmanaged: StackResource[];
}

/** Reads the stack's configs and models (by tag, as teardown finds them) and orders the configs by when they served. */
export async function readHistory(sagemaker: SageMakerResourceApi, stack: string, live: string): Promise<EndpointHistory> {
  const found = await new SageMakerResourceFinder(sagemaker).find(stack);
  const configs = found.filter((r) => r.kind === 'endpoint-config');
  const entry = (r: StackResource): HistoryEntry => {
    const recorded = r.tags[TagKey.WentLive];
    const at = recorded !== undefined ? new Date(recorded) : undefined;
    return { name: r.name, arn: r.arn, ...(at && !Number.isNaN(at.getTime()) ? { wentLive: at } : {}), ...(r.createdAt ? { createdAt: r.createdAt } : {}) };
  };
  const entries = configs.filter((c) => c.managed).map(entry);
  const liveEntry = entries.find((e) => e.name === live);
  const before = entries.filter((e) => e.name !== live).sort(servedFirst);
  const times = entries.map((e) => e.wentLive?.getTime()).filter((t): t is number => t !== undefined);
  return {
    stack,
    live,
    before,
    unrecorded: before.some((e) => e.wentLive === undefined),
    ...(liveEntry ? { liveEntry } : {}),
    ...(times.length > 0 ? { latest: new Date(Math.max(...times)) } : {}),
    models: found.filter((r) => r.kind === 'model' && r.managed),
    unmanaged: configs.filter((c) => !c.managed && c.name !== live),
  };
}

/** Recorded ones by time (latest first), then unrecorded ones by creation (newest first), then name. */
function servedFirst(a: HistoryEntry, b: HistoryEntry): number {
  if (a.wentLive && b.wentLive) return b.wentLive.getTime() - a.wentLive.getTime() || b.name.localeCompare(a.name);
  if (a.wentLive || b.wentLive) return a.wentLive ? -1 : 1;
  return (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || b.name.localeCompare(a.name);
}

/** A time later than every recorded one: the clock, or a millisecond after the newest record when the clock is behind. */
export function nextRecordTime(now: Date, latest: Date | undefined): Date {
  return latest && latest.getTime() >= now.getTime() ? new Date(latest.getTime() + 1) : now;
}

/**
 * Records that `config` went live now (after a confirmed switch, or a create that came InService).
 * `history` is what was read before the switch; the new time comes after everything in it.
 * A config sagectl does not manage is left untouched.
 */
export async function recordWentLive(
  ctx: CommandContext,
  sagemaker: Pick<SageMakerService, 'addTags'>,
  history: Pick<EndpointHistory, 'latest'> | undefined,
  config: { name: string; arn: string },
): Promise<Date> {
  const at = nextRecordTime(ctx.clock.now(), history?.latest);
  await sagemaker.addTags(config.arn, { [TagKey.WentLive]: at.toISOString() });
  ctx.logger.debug(`recorded ${config.name} as live from ${at.toISOString()}`);
  return at;
}

/**
 * Before a switch: the config live now is the most recent to have served, even when nothing
 * says so (a `--no-wait` update, an older sagectl, a change made outside sagectl). Records it,
 * so the config the switch replaces is the first kept and the first `--rollback` returns to.
 * Returns the history with that record.
 */
export async function markLiveAsLatest(ctx: CommandContext, sagemaker: Pick<SageMakerService, 'addTags'>, history: EndpointHistory): Promise<EndpointHistory> {
  const live = history.liveEntry;
  if (!live) return history;
  const isLatest = live.wentLive !== undefined && history.latest !== undefined && live.wentLive.getTime() === history.latest.getTime();
  if (isLatest) return history;
  const at = await recordWentLive(ctx, sagemaker, history, live);
  return { ...history, liveEntry: { ...live, wentLive: at }, latest: at };
}

/** Warns once that the order of some configs is a guess from creation times. */
export function warnIfUnrecorded(ctx: CommandContext, history: EndpointHistory, used: readonly HistoryEntry[]): void {
  if (used.some((e) => e.wentLive === undefined)) {
    ctx.logger.warn(
      `some endpoint configs of ${history.stack} carry no record of when they served (made by an older sagectl): ordering those by creation time`,
    );
  }
}

/** One config of the history, for people and for JSON. */
export interface HistoryItem {
  config: string;
  live: boolean;
  /** ISO time it last went live, when recorded. */
  wentLive?: string;
  variants: { name: string; model: string; artifact?: string; image?: string; version?: number }[];
}

/** The history as shown by `status` and `update-endpoint --rollback --dry-run`: live first, then what served before it. */
export async function describeHistory(
  sagemaker: Pick<SageMakerService, 'describeEndpointConfig' | 'describeModel'>,
  history: EndpointHistory,
): Promise<HistoryItem[]> {
  const entries = [...(history.liveEntry ? [history.liveEntry] : [{ name: history.live, arn: '' }]), ...history.before];
  const items: HistoryItem[] = [];
  for (const e of entries) {
    const config = await sagemaker.describeEndpointConfig(e.name);
    const variants: HistoryItem['variants'] = [];
    for (const v of config?.variants ?? []) {
      const model = await sagemaker.describeModel(v.modelName);
      const version = model?.modelPackageArn && isVersionArn(model.modelPackageArn) ? versionOfArn(model.modelPackageArn) : undefined;
      variants.push({
        name: v.variantName,
        model: v.modelName,
        ...(model?.modelDataUrl ? { artifact: model.modelDataUrl } : {}),
        ...(model?.image ? { image: model.image } : {}),
        ...(version !== undefined ? { version } : {}),
      });
    }
    items.push({ config: e.name, live: e.name === history.live, ...(e.wentLive ? { wentLive: e.wentLive.toISOString() } : {}), variants });
  }
  return items;
}

/** Text lines of a history: `live  <config>  <when>  <variant>: <artifact or version>`. */
export function renderHistory(items: readonly HistoryItem[], indent = '  '): string[] {
  return items.map((h) => {
    const what = h.variants.map((v) => `${v.name}: ${v.version !== undefined ? `v${v.version}` : (v.artifact ?? v.image ?? v.model)}`).join(', ');
    return `${indent}${h.live ? 'live  ' : '      '}${h.config}  ${h.wentLive ?? 'went live: not recorded'}  ${what}`;
  });
}
