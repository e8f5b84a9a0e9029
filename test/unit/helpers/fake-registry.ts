import type { ApprovalStatus, NewVersion, RegistryService, VersionInfo, VersionSummary } from '../../../src/services/registry.js';
import type { Tags } from '../../../src/core/tags.js';

type Api = Pick<
  RegistryService,
  'describeGroup' | 'ensureGroup' | 'createVersion' | 'listVersions' | 'describeVersion' | 'setApproval' | 'deleteVersion' | 'deleteGroup'
>;

const arnOf = (group: string, version?: number): string =>
  `arn:aws:sagemaker:us-east-1:123456789012:model-package${version === undefined ? '-group' : ''}/${group.toLowerCase()}${version === undefined ? '' : `/${version}`}`;

/** A small stateful Model Registry: groups, numbered versions with approval and metadata; every call recorded. */
export class FakeRegistry implements Api {
  readonly groups = new Map<string, Tags>();
  readonly versions: (VersionInfo & { tags: Tags })[] = [];
  readonly calls: { method: string; args: unknown[] }[] = [];

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  /** Seeds a version as a previous `register` would leave it. */
  seed(group: string, approval: ApprovalStatus, metadata: Record<string, string> = {}): VersionInfo {
    if (!this.groups.has(group)) this.groups.set(group, {});
    const version = this.versions.filter((v) => v.group === group).length + 1;
    const info = {
      version,
      arn: arnOf(group, version),
      group,
      approval,
      image: `img:${version}`,
      modelDataUrl: `s3://b/v${version}/model.tar.gz`,
      metadata,
      tags: {},
      creationTime: new Date(Date.UTC(2026, 10, version)),
    };
    this.versions.push(info);
    return info;
  }

  async describeGroup(group: string): Promise<string | undefined> {
    this.record('describeGroup', group);
    return this.groups.has(group) ? arnOf(group) : undefined;
  }

  async ensureGroup(group: string, description: string, tags: Tags): Promise<{ arn: string; created: boolean }> {
    this.record('ensureGroup', group, description, tags);
    const created = !this.groups.has(group);
    if (created) this.groups.set(group, tags);
    return { arn: arnOf(group), created };
  }

  async createVersion(spec: NewVersion): Promise<string> {
    this.record('createVersion', spec);
    if (!this.groups.has(spec.group)) throw new Error(`no group ${spec.group}`);
    const version = this.versions.filter((v) => v.group === spec.group).length + 1;
    const arn = arnOf(spec.group, version);
    this.versions.push({
      version,
      arn,
      group: spec.group,
      approval: spec.approval,
      image: spec.image,
      modelDataUrl: spec.modelDataUrl,
      metadata: spec.metadata,
      tags: spec.tags,
    });
    return arn;
  }

  async listVersions(group: string): Promise<VersionSummary[]> {
    this.record('listVersions', group);
    return this.versions
      .filter((v) => v.group === group)
      .map(({ version, arn, approval, creationTime }) => ({ version, arn, approval, ...(creationTime ? { creationTime } : {}) }))
      .sort((a, b) => b.version - a.version);
  }

  async describeVersion(arn: string): Promise<VersionInfo | undefined> {
    this.record('describeVersion', arn);
    const found = this.versions.find((v) => v.arn === arn);
    if (!found) return undefined;
    const { tags: _tags, ...info } = found;
    return info;
  }

  async setApproval(arn: string, approval: ApprovalStatus, description?: string): Promise<void> {
    this.record('setApproval', arn, approval, description);
    const found = this.versions.find((v) => v.arn === arn);
    if (!found) throw new Error(`no version ${arn}`);
    found.approval = approval;
    if (description) found.approvalDescription = description;
  }

  async deleteVersion(arn: string): Promise<'deleted' | 'absent'> {
    this.record('deleteVersion', arn);
    const i = this.versions.findIndex((v) => v.arn === arn);
    if (i < 0) return 'absent';
    this.versions.splice(i, 1);
    return 'deleted';
  }

  async deleteGroup(group: string): Promise<'deleted' | 'absent'> {
    this.record('deleteGroup', group);
    return this.groups.delete(group) ? 'deleted' : 'absent';
  }
}
