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
  paginateListRoleTags,
} from '@aws-sdk/client-iam';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { fromTagList, toTagList, type Tags } from '../core/tags.js';
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
    const out = await awsCallStrict(this.logger, 'CreateRole', () =>
      this.client.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), Description: description, Tags: toTagList(tags) }),
      ),
    );
    return out.Role?.Arn ?? '';
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
