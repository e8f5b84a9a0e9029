import { describe, expect, it } from 'vitest';
import { notebook, type NotebookApi } from '../../../../src/commands/notebook/index.js';
import { autoStopScript } from '../../../../src/commands/notebook/lifecycle.js';
import { NotebookResourceFinder } from '../../../../src/commands/teardown/finders/notebook.js';
import type { NotebookInfo } from '../../../../src/services/notebooks.js';
import type { Config } from '../../../../src/core/schema.js';
import { testContext } from '../../helpers/context.js';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
const CONFIG: Config = {
  name: 'churn',
  role: ROLE,
  notebook: { instanceType: 'ml.t3.large', volumeSizeGB: 10, repository: 'https://github.com/org/churn.git', autoStopIdle: '1h' },
};

/** A stateful notebook service: an instance moves Pending → InService and Stopping → Stopped on the next describe, as AWS does over minutes. */
class FakeNotebooks implements NotebookApi {
  readonly calls: string[] = [];
  instance: (NotebookInfo & { tags: Record<string, string>; input?: unknown }) | undefined;
  lifecycle: { arn: string; script: string; tags: Record<string, string> } | undefined;

  describe = (name: string): Promise<NotebookInfo | undefined> => {
    const i = this.instance;
    if (!i || i.name !== name) return Promise.resolve(undefined);
    const shown = { ...i };
    if (i.status === 'Pending') i.status = 'InService';
    if (i.status === 'Stopping') i.status = 'Stopped';
    return Promise.resolve(shown);
  };
  create = (input: Parameters<NotebookApi['create']>[0]): Promise<string> => {
    this.calls.push('create');
    const tags = Object.fromEntries((input.Tags ?? []).map((t): [string, string] => [t.Key ?? '', t.Value ?? '']));
    this.instance = { name: input.NotebookInstanceName!, arn: `arn:nb/${input.NotebookInstanceName}`, status: 'Pending', tags, input };
    return Promise.resolve(this.instance.arn);
  };
  start = (): Promise<void> => {
    this.calls.push('start');
    this.instance!.status = 'Pending';
    return Promise.resolve();
  };
  stop = (): Promise<void> => {
    this.calls.push('stop');
    this.instance!.status = 'Stopping';
    return Promise.resolve();
  };
  delete = (): Promise<'deleted' | 'absent'> => {
    this.calls.push('delete');
    if (this.instance && this.instance.status !== 'Stopped') return Promise.reject(new Error('ValidationException: not Stopped'));
    const had = this.instance !== undefined;
    this.instance = undefined;
    return Promise.resolve(had ? 'deleted' : 'absent');
  };
  presignedUrl = (name: string): Promise<string> => Promise.resolve(`https://${name}.notebook.us-east-1.sagemaker.aws?authToken=t`);
  describeLifecycleConfig = (): Promise<string | undefined> => Promise.resolve(this.lifecycle?.arn);
  createLifecycleConfig = (name: string, script: string, tags: Record<string, string>): Promise<string> => {
    this.calls.push(`createLifecycleConfig ${name}`);
    this.lifecycle = { arn: `arn:lc/${name}`, script, tags };
    return Promise.resolve(this.lifecycle.arn);
  };
  deleteLifecycleConfig = (): Promise<'deleted' | 'absent'> => {
    this.calls.push('deleteLifecycleConfig');
    const had = this.lifecycle !== undefined;
    this.lifecycle = undefined;
    return Promise.resolve(had ? 'deleted' : 'absent');
  };
  listTags = (arn: string): Promise<Record<string, string>> =>
    Promise.resolve(arn === this.instance?.arn ? this.instance.tags : arn === this.lifecycle?.arn ? this.lifecycle.tags : {});
}

describe('sagectl notebook', () => {
  it('up creates the lifecycle config and the instance with the repository, tagged, and waits for InService; again, changes nothing', async () => {
    const api = new FakeNotebooks();
    const ctx = testContext(CONFIG);
    const first = await notebook(ctx, api, api, 'churn', 'up');
    expect(first).toMatchObject({ outcome: 'created', status: 'InService', lifecycleConfig: 'churn-autostop', repository: 'https://github.com/org/churn.git' });
    expect(api.instance!.input).toMatchObject({
      NotebookInstanceName: 'churn',
      InstanceType: 'ml.t3.large',
      RoleArn: ROLE,
      VolumeSizeInGB: 10,
      DefaultCodeRepository: 'https://github.com/org/churn.git',
      LifecycleConfigName: 'churn-autostop',
    });
    expect(api.instance!.tags).toMatchObject({ 'sagectl:stack': 'churn', 'sagectl:managed-by': 'sagectl' });
    expect(api.lifecycle!.script).toBe(autoStopScript(3600));
    expect(api.lifecycle!.tags).toMatchObject({ 'sagectl:stack': 'churn' });
    expect(await notebook(ctx, api, api, 'churn', 'up')).toMatchObject({ outcome: 'unchanged' });
    expect(api.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('url, stop, start and down', async () => {
    const api = new FakeNotebooks();
    const ctx = testContext(CONFIG);
    await notebook(ctx, api, api, 'churn', 'up');
    expect((await notebook(ctx, api, api, 'churn', 'url')).url).toMatch(/^https:\/\/churn\.notebook\./);
    expect(await notebook(ctx, api, api, 'churn', 'stop')).toMatchObject({ outcome: 'stopped', status: 'Stopped' });
    expect(await notebook(ctx, api, api, 'churn', 'up')).toMatchObject({ outcome: 'started', status: 'InService' });
    expect(await notebook(ctx, api, api, 'churn', 'down')).toMatchObject({ outcome: 'deleted', lifecycleConfig: 'churn-autostop' });
    expect(api.calls.slice(-3)).toEqual(['stop', 'delete', 'deleteLifecycleConfig']);
    expect(api.instance).toBeUndefined();
    expect(api.lifecycle).toBeUndefined();
    expect(await notebook(ctx, api, api, 'churn', 'down')).toMatchObject({ outcome: 'absent' });
  });

  it('refuses up without a notebook section or a role, and url of a notebook that is not there, before creating anything', async () => {
    const api = new FakeNotebooks();
    await expect(notebook(testContext({ name: 'churn' }), api, api, 'churn', 'up')).rejects.toThrow("notebook: is not set in churn's config");
    await expect(notebook(testContext({ ...CONFIG, role: undefined }), api, api, 'churn', 'up')).rejects.toThrow('no role for the notebook');
    await expect(notebook(testContext(CONFIG), api, api, 'churn', 'url')).rejects.toThrow('there is no notebook instance churn');
    expect(api.calls).toEqual([]);
  });

  it("teardown's finder stops a running instance, waits until it is Stopped, then deletes it and its lifecycle config", async () => {
    const api = new FakeNotebooks();
    await notebook(testContext(CONFIG), api, api, 'churn', 'up');
    const sleeps: number[] = [];
    const finder = new NotebookResourceFinder(api, api, (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    });
    const found = await finder.find('churn');
    expect(found.map((r) => [r.kind, r.name, r.managed])).toEqual([
      ['notebook-instance', 'churn', true],
      ['notebook-lifecycle-config', 'churn-autostop', true],
    ]);
    expect(await finder.find('other')).toEqual([]);
    for (const r of found) expect(await finder.delete(r)).toBe('deleted');
    expect(api.calls.slice(-3)).toEqual(['stop', 'delete', 'deleteLifecycleConfig']);
    expect(sleeps.length).toBeGreaterThan(0);
  });
});
