import { promisify } from 'node:util';
import { VERSION } from './version.js';

/** The tag keys sagectl owns. A stack is the set of resources carrying `sagectl:stack=<name>`. */
export const TagKey = {
  Stack: 'sagectl:stack',
  ManagedBy: 'sagectl:managed-by',
  Version: 'sagectl:version',
  GitCommit: 'sagectl:git-commit',
  GitDirty: 'sagectl:git-dirty',
  Protect: 'sagectl:protect',
  /** On an endpoint config: when it last went live (ISO time), the record rollback and --keep follow. */
  WentLive: 'sagectl:went-live',
  /** On an endpoint config: the stack is paused (endpoint deleted) and resumes on this config; the value is when (ISO time). */
  Paused: 'sagectl:paused',
  /** On an endpoint config: its variants (model, instance type and count, weight), written with it; fleet status reads them from the tags (services/variant-summary.ts). */
  Variants: 'sagectl:variants',
} as const;

export const MANAGED_BY_VALUE = 'sagectl';

export type Tags = Record<string, string>;

/** Whether a resource's tags say sagectl manages it as part of `stack` (or of any stack). */
export function isManaged(tags: Tags, stack?: string): boolean {
  if (tags[TagKey.ManagedBy] !== MANAGED_BY_VALUE) return false;
  return stack === undefined ? tags[TagKey.Stack] !== undefined : tags[TagKey.Stack] === stack;
}

/** The git commit of the working tree, when there is one (undefined outside a repository or without git). */
export interface GitInfo {
  commit: string;
  dirty: boolean;
}

/**
 * Reads the git commit of `cwd`; silent when git or a repository is missing. Asynchronous, so
 * the two `git` processes never block the event loop (Ctrl-C, live progress).
 */
export async function readGitInfo(cwd: string = process.cwd()): Promise<GitInfo | undefined> {
  // Imported here rather than at the top: loading child_process costs about 3 ms of CPU, which
  // every start (a config error included) would pay, and only commands that tag anything run git.
  const execFileAsync = promisify((await import('node:child_process')).execFile);
  const run = async (args: string[]): Promise<string> => {
    const { stdout } = await execFileAsync('git', args, { cwd, timeout: 2000, encoding: 'utf8' });
    return stdout.trim();
  };
  try {
    const [commit, status] = await Promise.all([run(['rev-parse', 'HEAD']), run(['status', '--porcelain', '--untracked-files=no'])]);
    return { commit, dirty: status.length > 0 };
  } catch {
    // Not a repository, no commits yet, or no git binary: the tag is simply left off.
    return undefined;
  }
}

/** A getter that reads git at most once, on first call (commands that tag nothing never run git). */
export function gitInfoOnce(read: () => Promise<GitInfo | undefined> = () => readGitInfo()): () => Promise<GitInfo | undefined> {
  let pending: Promise<GitInfo | undefined> | undefined;
  return () => (pending ??= read());
}

/**
 * The tags every resource of `stack` carries: sagectl's own, then the user's.
 * The user's tags cannot override sagectl's (the schema refuses `sagectl:` keys).
 * `git` is the context's (`await ctx.git()`), read once per command.
 */
export function stackTags(stack: string, userTags: Tags | undefined, git: GitInfo | undefined): Tags {
  const tags: Tags = { ...userTags, [TagKey.Stack]: stack, [TagKey.ManagedBy]: MANAGED_BY_VALUE, [TagKey.Version]: VERSION };
  if (git) {
    tags[TagKey.GitCommit] = git.commit;
    tags[TagKey.GitDirty] = String(git.dirty);
  }
  return tags;
}

/** AWS's `[{ Key, Value }]` list from a record. */
export function toTagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** A record from AWS's `[{ Key, Value }]` list; the last value of a repeated key wins. */
export function fromTagList(list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Tags {
  const tags: Tags = {};
  for (const { Key, Value } of list ?? []) if (Key !== undefined) tags[Key] = Value ?? '';
  return tags;
}
