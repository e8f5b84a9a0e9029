import {
  IAMClient,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListRoleTags,
} from '@aws-sdk/client-iam';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { fromTagList, isManaged, TagKey, toTagList, type Tags } from '../core/tags.js';
import { awsCall, awsCallStrict, hasErrorName, deleteIfExists } from './call.js';
import type { DeleteOutcome } from './sagemaker.js';

/** IAM says "not found" as NoSuchEntity; this is the one place that knows it. */
export function isIamNotFound(error: unknown): boolean {
  return hasErrorName(error, 'NoSuchEntityException', 'NoSuchEntity');
}

export interface RoleInfo {
  name: string;
  arn: string;
  createdAt?: Date;
}

/** A policy document as IAM takes it (serialised to JSON by the wrapper). */
export type PolicyDocument = Record<string, unknown>;

/**
 * Whether a trust policy lets the service (e.g. sagemaker.amazonaws.com) assume the role: an
 * Allow statement naming it as a service principal for sts:AssumeRole. ListRoles returns the
 * document URL-encoded; one that cannot be read counts as no.
 */
export function trustsService(document: string | undefined, service: string): boolean {
  if (!document) return false;
  let policy: unknown;
  try {
    policy = JSON.parse(decodeURIComponent(document));
  } catch {
    return false;
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  return list((policy as { Statement?: unknown }).Statement).some((raw) => {
    const statement = raw as { Effect?: unknown; Action?: unknown; Principal?: unknown; Condition?: unknown };
    if (statement.Effect !== 'Allow') return false;
    const actions = list(statement.Action);
    if (!actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
    const principal = statement.Principal as { Service?: unknown } | undefined;
    return typeof principal === 'object' && principal !== null && list(principal.Service).includes(service);
  });
}

/** IAM in sagectl's vocabulary: the Lambda's role, its inline policies and tags. */
export class IamService {
  constructor(
    private readonly client: IAMClient,
    private readonly logger: Logger,
  ) {}

  /** Builds the service with a client configured by the one client factory. */
  static create(options: ClientOptions): IamService {
    return new IamService(new IAMClient(clientConfig(options)), options.logger);
  }

  /** The role, or undefined when there is none by that name. */
  async getRole(name: string): Promise<RoleInfo | undefined> {
    const out = await awsCall(this.logger, 'GetRole', () => this.client.send(new GetRoleCommand({ RoleName: name })), isIamNotFound);
    if (!out?.Role) return undefined;
    return { name: out.Role.RoleName ?? name, arn: out.Role.Arn ?? '', ...(out.Role.CreateDate ? { createdAt: out.Role.CreateDate } : {}) };
  }

  /** Creates a role with its trust policy and tags; returns its ARN. */
  async createRole(name: string, trust: PolicyDocument, tags: Tags, description: string): Promise<string> {
    return awsCallStrict(this.logger, 'CreateRole', async () => {
      try {
        const out = await this.client.send(
          new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), Description: description, Tags: toTagList(tags) }),
        );
        return out.Role?.Arn ?? '';
      } catch (error) {
        // A retried create whose first answer was lost: the role holding this stack's tags is this run's.
        if (!hasErrorName(error, 'EntityAlreadyExists') || tags[TagKey.Stack] === undefined) throw error;
        const role = await this.getRole(name);
        if (!role || !isManaged(await this.listRoleTags(name), tags[TagKey.Stack])) throw error;
        this.logger.info({ role: name }, "CreateRole: already exists with this stack's tags (an earlier answer was lost): using it");
        return role.arn;
      }
    });
  }

  /** Replaces the role's trust policy (converging a role made by an older run). */
  async updateTrust(name: string, trust: PolicyDocument): Promise<void> {
    await awsCallStrict(this.logger, 'UpdateAssumeRolePolicy', () =>
      this.client.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: JSON.stringify(trust) })),
    );
  }

  /** Creates or replaces one inline policy. */
  async putRolePolicy(role: string, policyName: string, document: PolicyDocument): Promise<void> {
    await awsCallStrict(this.logger, 'PutRolePolicy', () =>
      this.client.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: policyName, PolicyDocument: JSON.stringify(document) })),
    );
  }

  /** The account's roles that the service may assume (every ListRoles page), by name. */
  async listRolesTrusting(service: string): Promise<RoleInfo[]> {
    const roles: RoleInfo[] = [];
    await awsCallStrict(this.logger, 'ListRoles', async () => {
      for await (const page of paginateListRoles({ client: this.client }, {})) {
        for (const role of page.Roles ?? []) {
          if (role.RoleName && role.Arn && trustsService(role.AssumeRolePolicyDocument, service)) roles.push({ name: role.RoleName, arn: role.Arn });
        }
      }
      return true;
    });
    return roles.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every role of the account (all ListRoles pages): one read that answers for many stacks' roles. */
  async listRoles(): Promise<RoleInfo[]> {
    const roles: RoleInfo[] = [];
    await awsCallStrict(this.logger, 'ListRoles', async () => {
      for await (const page of paginateListRoles({ client: this.client }, {})) {
        for (const role of page.Roles ?? []) {
          if (role.RoleName && role.Arn) roles.push({ name: role.RoleName, arn: role.Arn, ...(role.CreateDate ? { createdAt: role.CreateDate } : {}) });
        }
      }
      return true;
    });
    return roles;
  }

  /** The role's tags (all pages); an empty record when the role is gone. */
  async listRoleTags(role: string): Promise<Tags> {
    const list: { Key?: string; Value?: string }[] = [];
    const found = await awsCall(
      this.logger,
      'ListRoleTags',
      async () => {
        for await (const page of paginateListRoleTags({ client: this.client }, { RoleName: role })) list.push(...(page.Tags ?? []));
        return true;
      },
      isIamNotFound,
    );
    return found ? fromTagList(list) : {};
  }

  /** Adds or overwrites the role's tags. */
  async tagRole(role: string, tags: Tags): Promise<void> {
    await awsCallStrict(this.logger, 'TagRole', () => this.client.send(new TagRoleCommand({ RoleName: role, Tags: toTagList(tags) })));
  }

  /**
   * Deletes the role after its inline policies (IAM refuses to delete a role that still has
   * any); one that is already gone counts as success.
   */
  async deleteRole(role: string): Promise<DeleteOutcome> {
    const policies: string[] = [];
    const found = await awsCall(
      this.logger,
      'ListRolePolicies',
      async () => {
        for await (const page of paginateListRolePolicies({ client: this.client }, { RoleName: role })) policies.push(...(page.PolicyNames ?? []));
        return true;
      },
      isIamNotFound,
    );
    if (!found) return 'absent';
    for (const policy of policies) {
      await awsCall(
        this.logger,
        'DeleteRolePolicy',
        () => this.client.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: policy })),
        isIamNotFound,
      );
    }
    return deleteIfExists(this.logger, 'DeleteRole', () => this.client.send(new DeleteRoleCommand({ RoleName: role })), isIamNotFound);
  }
}
