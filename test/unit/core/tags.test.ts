import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MANAGED_BY_VALUE, TagKey, fromTagList, gitInfoOnce, isManaged, readGitInfo, stackTags, toTagList } from '../../../src/core/tags.js';
import { VERSION } from '../../../src/core/version.js';

describe('TagKey', () => {
  it('names the keys sagectl owns, all under the sagectl: prefix', () => {
    expect(TagKey).toEqual({
      Stack: 'sagectl:stack',
      ManagedBy: 'sagectl:managed-by',
      Version: 'sagectl:version',
      GitCommit: 'sagectl:git-commit',
      GitDirty: 'sagectl:git-dirty',
      Protect: 'sagectl:protect',
      WentLive: 'sagectl:went-live',
      Paused: 'sagectl:paused',
      Variants: 'sagectl:variants',
    });
    expect(MANAGED_BY_VALUE).toBe('sagectl');
  });
});

describe('stackTags', () => {
  it('carries the stack, managed-by, version and the git commit', () => {
    expect(stackTags('churn', { team: 'ml' }, { commit: 'abc123', dirty: true })).toEqual({
      team: 'ml',
      'sagectl:stack': 'churn',
      'sagectl:managed-by': 'sagectl',
      'sagectl:version': VERSION,
      'sagectl:git-commit': 'abc123',
      'sagectl:git-dirty': 'true',
    });
  });

  it('says git-dirty false for a clean tree', () => {
    expect(stackTags('churn', {}, { commit: 'abc', dirty: false })['sagectl:git-dirty']).toBe('false');
  });

  it("the user's tags can never override sagectl's own", () => {
    const tags = stackTags('churn', { 'sagectl:stack': 'other', 'sagectl:managed-by': 'someone' }, undefined);
    expect(tags['sagectl:stack']).toBe('churn');
    expect(tags['sagectl:managed-by']).toBe('sagectl');
  });
});

describe('readGitInfo', () => {
  let root: string;
  const savedCeiling = process.env.GIT_CEILING_DIRECTORIES;
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync(
      'git',
      ['-c', 'user.name=sagectl test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args],
      { cwd, stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .toString()
      .trim();

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-tags-'));
    // Never let git climb out of the temp dir into a repository that happens to contain it.
    process.env.GIT_CEILING_DIRECTORIES = root;
  });

  afterAll(() => {
    if (savedCeiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
    else process.env.GIT_CEILING_DIRECTORIES = savedCeiling;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is undefined outside a repository', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'plain-'));
    expect(await readGitInfo(dir)).toBeUndefined();
  });

  it('is undefined in a repository with no commit yet', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'empty-'));
    git(dir, 'init', '-q');
    expect(await readGitInfo(dir)).toBeUndefined();
  });

  it('is undefined for a directory that does not exist', async () => {
    expect(await readGitInfo(path.join(root, 'missing'))).toBeUndefined();
  });

  it('gives HEAD and whether tracked files changed; untracked files do not count', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'repo-'));
    git(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'train.py'), 'print(1)\n');
    git(dir, 'add', 'train.py');
    git(dir, 'commit', '-q', '-m', 'first');
    const head = git(dir, 'rev-parse', 'HEAD');
    expect(head).toMatch(/^[0-9a-f]{40}$/);

    expect(await readGitInfo(dir)).toEqual({ commit: head, dirty: false });

    fs.writeFileSync(path.join(dir, 'notes.txt'), 'untracked\n');
    expect(await readGitInfo(dir)).toEqual({ commit: head, dirty: false });

    fs.writeFileSync(path.join(dir, 'train.py'), 'print(2)\n');
    expect(await readGitInfo(dir)).toEqual({ commit: head, dirty: true });

    // From a subdirectory too.
    const sub = path.join(dir, 'src');
    fs.mkdirSync(sub);
    expect(await readGitInfo(sub)).toEqual({ commit: head, dirty: true });

    // The context's getter reads the working directory's git, once.
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    expect(stackTags('churn', {}, await gitInfoOnce()())).toMatchObject({ 'sagectl:git-commit': head, 'sagectl:git-dirty': 'true' });
  });

  it('the context getter leaves the git tags off when the working directory is outside a repository', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'plain-'));
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    expect(stackTags('churn', { team: 'ml' }, await gitInfoOnce()())).toEqual({
      team: 'ml',
      'sagectl:stack': 'churn',
      'sagectl:managed-by': 'sagectl',
      'sagectl:version': VERSION,
    });
  });
});

describe('gitInfoOnce', () => {
  it('reads git lazily, on the first call only, and shares one pending read between concurrent callers', async () => {
    const read = vi.fn(() => Promise.resolve({ commit: 'abc', dirty: false }));
    const git = gitInfoOnce(read);
    expect(read).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([git(), git()]);
    await git();
    expect(read).toHaveBeenCalledTimes(1);
    expect(a).toEqual({ commit: 'abc', dirty: false });
    expect(b).toBe(a);
  });
});

describe('isManaged', () => {
  const managed = { 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' };

  it('is true for a resource sagectl manages, in any stack or the one named', () => {
    expect(isManaged(managed)).toBe(true);
    expect(isManaged(managed, 'churn')).toBe(true);
  });

  it('is false for another stack', () => {
    expect(isManaged(managed, 'other')).toBe(false);
  });

  it('is false without the managed-by tag, even with the stack tag (only --force touches those)', () => {
    expect(isManaged({ 'sagectl:stack': 'churn' }, 'churn')).toBe(false);
    expect(isManaged({ 'sagectl:stack': 'churn' })).toBe(false);
  });

  it('is false when managed-by names someone else', () => {
    expect(isManaged({ ...managed, 'sagectl:managed-by': 'terraform' }, 'churn')).toBe(false);
  });

  it('is false with managed-by but no stack tag', () => {
    expect(isManaged({ 'sagectl:managed-by': 'sagectl' })).toBe(false);
  });

  it('is false for no tags at all', () => {
    expect(isManaged({})).toBe(false);
  });
});

describe('toTagList / fromTagList', () => {
  it("converts a record to AWS's list, in order", () => {
    expect(toTagList({ team: 'ml', 'sagectl:stack': 'churn' })).toEqual([
      { Key: 'team', Value: 'ml' },
      { Key: 'sagectl:stack', Value: 'churn' },
    ]);
    expect(toTagList({})).toEqual([]);
  });

  it("converts AWS's list back to a record", () => {
    expect(
      fromTagList([
        { Key: 'team', Value: 'ml' },
        { Key: 'sagectl:stack', Value: 'churn' },
      ]),
    ).toEqual({ team: 'ml', 'sagectl:stack': 'churn' });
  });

  it('lets the last value of a repeated key win, reads a missing value as empty and skips a missing key', () => {
    expect(fromTagList([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }, { Key: 'b' }, { Value: 'orphan' }])).toEqual({ a: '2', b: '' });
  });

  it('reads an undefined list as no tags', () => {
    expect(fromTagList(undefined)).toEqual({});
  });

  it('round-trips', () => {
    const tags = stackTags('churn', { team: 'ml', cost: 'research' }, { commit: 'abc', dirty: false });
    expect(fromTagList(toTagList(tags))).toEqual(tags);
  });
});
