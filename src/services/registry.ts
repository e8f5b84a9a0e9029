import {
  SageMakerClient,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteModelPackageCommand,
  DeleteModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  UpdateModelPackageCommand,
  paginateListModelPackages,
  type CreateModelPackageInput,
} from '@aws-sdk/client-sagemaker';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { toTagList, type Tags } from '../core/tags.js';
import { awsCall, awsCallStrict, deleteIfExists } from './call.js';
import { isSageMakerNotFound, type DeleteOutcome } from './sagemaker.js';
import { versionOfArn } from './registry-arn.js';

export { versionOfArn };

/** A version's approval status (ModelApprovalStatus). */
export type ApprovalStatus = 'Approved' | 'Rejected' | 'PendingManualApproval';

/** One row of a group's version listing. */
export interface VersionSummary {
  version: number;
  arn: string;
  approval: ApprovalStatus;
  creationTime?: Date;
}

/** A version as DescribeModelPackage gives it. */
export interface VersionInfo extends VersionSummary {
  group: string;
  image: string;
  modelDataUrl?: string;
  approvalDescription?: string;
  description?: string;
  /** Lineage (training job, hyperparameters, metrics, git commit), see commands/registration.ts. */
  metadata: Record<string, string>;
}

/** What a new version holds. */
export interface NewVersion {
  group: string;
  image: string;
  modelDataUrl: string;
  approval: Exclude<ApprovalStatus, 'Rejected'>;
  description?: string;
  metadata: Record<string, string>;
  tags: Tags;
}

/**
 * The Model Registry says "not found" its own way: DescribeModelPackageGroup answers a
 * ValidationException "ModelPackageGroup arn:… does not exist.", DescribeModelPackage
 * "Model package … not found" (and ResourceNotFound on newer paths). This is the one place that knows it.
 */
export function isRegistryNotFound(error: unknown): boolean {
  if (isSageMakerNotFound(error)) return true;
  return error instanceof Error && error.name === 'ValidationException' && /does not exist|not found/i.test(error.message);
}

/** The content types a version declares; the containers sagectl deploys take CSV and JSON. */
const CONTENT_TYPES = ['text/csv', 'application/json'];

/**
 * SageMaker Model Registry in sagectl's vocabulary: a stack's model package group and its
 * numbered versions (model packages).
 */
export class RegistryService {
  constructor(
    private readonly client: SageMakerClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): RegistryService {
    return new RegistryService(new SageMakerClient(clientConfig(options)), options.logger);
  }

  /** The group's ARN, or undefined when the stack has no group yet. */
  async describeGroup(group: string): Promise<string | undefined> {
    const out = await awsCall(
      this.logger,
      'DescribeModelPackageGroup',
      () => this.client.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group })),
      isRegistryNotFound,
    );
    return out?.ModelPackageGroupArn;
  }

  /** Creates the group on first use (tagged like every stack resource); returns its ARN and whether it was created now. */
  async ensureGroup(group: string, description: string, tags: Tags): Promise<{ arn: string; created: boolean }> {
    const existing = await this.describeGroup(group);
    if (existing !== undefined) return { arn: existing, created: false };
    const out = await awsCallStrict(this.logger, 'CreateModelPackageGroup', () =>
      this.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group, ModelPackageGroupDescription: description, Tags: toTagList(tags) })),
    );
    return { arn: out.ModelPackageGroupArn ?? '', created: true };
  }

  /**
   * Registers a new version. ModelApprovalStatus is always sent: left out, AWS and some SDK
   * paths differ on the default, and a version whose approval is unset cannot be reasoned about.
   */
  async createVersion(spec: NewVersion): Promise<string> {
    const request: CreateModelPackageInput = {
      ModelPackageGroupName: spec.group,
      ModelApprovalStatus: spec.approval,
      InferenceSpecification: {
        Containers: [{ Image: spec.image, ModelDataUrl: spec.modelDataUrl }],
        SupportedContentTypes: CONTENT_TYPES,
        SupportedResponseMIMETypes: CONTENT_TYPES,
      },
      ...(spec.description ? { ModelPackageDescription: spec.description } : {}),
      ...(Object.keys(spec.metadata).length > 0 ? { CustomerMetadataProperties: spec.metadata } : {}),
      Tags: toTagList(spec.tags),
    };
    const out = await awsCallStrict(this.logger, 'CreateModelPackage', () => this.client.send(new CreateModelPackageCommand(request)));
    return out.ModelPackageArn ?? '';
  }

  /** Every version of the group (all pages), newest (highest number) first; none when the group does not exist. */
  async listVersions(group: string): Promise<VersionSummary[]> {
    const rows = await awsCall(
      this.logger,
      'ListModelPackages',
      async () => {
        const found: VersionSummary[] = [];
        const input = { ModelPackageGroupName: group, SortBy: 'CreationTime' as const, SortOrder: 'Descending' as const };
        for await (const page of paginateListModelPackages({ client: this.client }, input)) {
          for (const p of page.ModelPackageSummaryList ?? []) {
            found.push({
              version: p.ModelPackageVersion ?? versionOfArn(p.ModelPackageArn ?? ''),
              arn: p.ModelPackageArn ?? '',
              approval: p.ModelApprovalStatus ?? 'PendingManualApproval',
              ...(p.CreationTime ? { creationTime: p.CreationTime } : {}),
            });
          }
        }
        return found;
      },
      isRegistryNotFound,
    );
    // Creation times tie within a second; the version number is the order SageMaker gave.
    return (rows ?? []).sort((a, b) => b.version - a.version);
  }

  /** One version (by ARN), or undefined when it is gone. */
  async describeVersion(arn: string): Promise<VersionInfo | undefined> {
    const out = await awsCall(
      this.logger,
      'DescribeModelPackage',
      () => this.client.send(new DescribeModelPackageCommand({ ModelPackageName: arn })),
      isRegistryNotFound,
    );
    if (!out) return undefined;
    const container = out.InferenceSpecification?.Containers?.[0];
    return {
      version: out.ModelPackageVersion ?? versionOfArn(out.ModelPackageArn ?? arn),
      arn: out.ModelPackageArn ?? arn,
      group: out.ModelPackageGroupName ?? '',
      approval: out.ModelApprovalStatus ?? 'PendingManualApproval',
      ...(out.CreationTime ? { creationTime: out.CreationTime } : {}),
      image: container?.Image ?? '',
      ...(container?.ModelDataUrl ? { modelDataUrl: container.ModelDataUrl } : {}),
      ...(out.ApprovalDescription ? { approvalDescription: out.ApprovalDescription } : {}),
      ...(out.ModelPackageDescription ? { description: out.ModelPackageDescription } : {}),
      metadata: out.CustomerMetadataProperties ?? {},
    };
  }

  /** Sets a version's approval status, with the reason recorded as its ApprovalDescription. */
  async setApproval(arn: string, approval: ApprovalStatus, description?: string): Promise<void> {
    await awsCallStrict(this.logger, 'UpdateModelPackage', () =>
      this.client.send(
        new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: approval, ...(description ? { ApprovalDescription: description } : {}) }),
      ),
    );
  }

  /** Deletes one version; one already gone counts as success. */
  deleteVersion(arn: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteModelPackage',
      () => this.client.send(new DeleteModelPackageCommand({ ModelPackageName: arn })),
      isRegistryNotFound,
    );
  }

  /** Deletes the (empty) group; one already gone counts as success. */
  deleteGroup(group: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteModelPackageGroup',
      () => this.client.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: group })),
      isRegistryNotFound,
    );
  }
}
