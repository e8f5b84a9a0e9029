import { describe, expect, it } from 'vitest';
import {
  SageMakerClient,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackagesCommand,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { awsError, useServiceMock } from '../helpers/mock-sdk.js';
import { isRegistryNotFound, RegistryService, versionOfArn } from '../../../src/services/registry.js';
import { AwsRequestError } from '../../../src/core/errors.js';

const { mock, service } = useServiceMock(SageMakerClient, (client, logger) => new RegistryService(client, logger));
const GROUP_ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn';
const V = (n: number): string => `arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/${n}`;

describe('RegistryService', () => {
  it('creates the group on first use, tagged, and not again', async () => {
    mock()
      .on(DescribeModelPackageGroupCommand)
      .rejectsOnce(awsError('ValidationException', `ModelPackageGroup ${GROUP_ARN} does not exist.`))
      .resolves({ ModelPackageGroupArn: GROUP_ARN });
    mock().on(CreateModelPackageGroupCommand).resolves({ ModelPackageGroupArn: GROUP_ARN });
    expect(await service().ensureGroup('churn', 'd', { 'sagectl:stack': 'churn' })).toEqual({ arn: GROUP_ARN, created: true });
    expect(mock()).toHaveReceivedCommandWith(CreateModelPackageGroupCommand, {
      ModelPackageGroupName: 'churn',
      ModelPackageGroupDescription: 'd',
      Tags: [{ Key: 'sagectl:stack', Value: 'churn' }],
    });
    expect(await service().ensureGroup('churn', 'd', {})).toEqual({ arn: GROUP_ARN, created: false });
    expect(mock()).toHaveReceivedCommandTimes(CreateModelPackageGroupCommand, 1);
  });

  it('registers a version with an explicit approval status, its container, metadata and tags', async () => {
    mock()
      .on(CreateModelPackageCommand)
      .resolves({ ModelPackageArn: V(3) });
    const arn = await service().createVersion({
      group: 'churn',
      image: 'img:1',
      modelDataUrl: 's3://b/model.tar.gz',
      approval: 'PendingManualApproval',
      metadata: { 'sagectl:training-job': 'churn-20261125100000' },
      tags: { 'sagectl:stack': 'churn' },
    });
    expect(arn).toBe(V(3));
    expect(mock()).toHaveReceivedCommandWith(CreateModelPackageCommand, {
      ModelPackageGroupName: 'churn',
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [{ Image: 'img:1', ModelDataUrl: 's3://b/model.tar.gz' }],
        SupportedContentTypes: ['text/csv', 'application/json'],
        SupportedResponseMIMETypes: ['text/csv', 'application/json'],
      },
      CustomerMetadataProperties: { 'sagectl:training-job': 'churn-20261125100000' },
      Tags: [{ Key: 'sagectl:stack', Value: 'churn' }],
    });
  });

  it('lists every page of versions, highest number first', async () => {
    mock()
      .on(ListModelPackagesCommand)
      .resolvesOnce({
        ModelPackageSummaryList: [
          {
            ModelPackageArn: V(1),
            ModelPackageVersion: 1,
            ModelApprovalStatus: 'Approved',
            ModelPackageName: 'churn',
            CreationTime: new Date(1),
            ModelPackageStatus: 'Completed',
          },
        ],
        NextToken: 't',
      })
      .resolvesOnce({
        ModelPackageSummaryList: [
          { ModelPackageArn: V(3), ModelPackageName: 'churn', CreationTime: new Date(1), ModelPackageStatus: 'Completed' },
          {
            ModelPackageArn: V(2),
            ModelPackageVersion: 2,
            ModelApprovalStatus: 'Rejected',
            ModelPackageName: 'churn',
            CreationTime: new Date(1),
            ModelPackageStatus: 'Completed',
          },
        ],
      });
    const rows = await service().listVersions('churn');
    expect(rows.map((r) => [r.version, r.approval])).toEqual([
      [3, 'PendingManualApproval'],
      [2, 'Rejected'],
      [1, 'Approved'],
    ]);
    expect(mock()).toHaveReceivedNthCommandWith(ListModelPackagesCommand, 2, { ModelPackageGroupName: 'churn', NextToken: 't' });
  });

  it('a missing group lists no versions; a missing version describes as undefined', async () => {
    mock()
      .on(ListModelPackagesCommand)
      .rejects(awsError('ValidationException', `ModelPackageGroup ${GROUP_ARN} does not exist.`));
    mock()
      .on(DescribeModelPackageCommand)
      .rejects(awsError('ValidationException', `Model package ${V(9)} not found`));
    expect(await service().listVersions('churn')).toEqual([]);
    expect(await service().describeVersion(V(9))).toBeUndefined();
  });

  it('describes a version: container, approval and its reason, metadata', async () => {
    mock()
      .on(DescribeModelPackageCommand)
      .resolves({
        ModelPackageArn: V(2),
        ModelPackageVersion: 2,
        ModelPackageGroupName: 'churn',
        ModelApprovalStatus: 'Rejected',
        ApprovalDescription: 'worse AUC',
        InferenceSpecification: {
          Containers: [{ Image: 'img:2', ModelDataUrl: 's3://b/2.tar.gz' }],
          SupportedContentTypes: [],
          SupportedResponseMIMETypes: [],
        },
        CustomerMetadataProperties: { 'metric:auc': '0.9' },
        ModelPackageName: 'churn',
        CreationTime: new Date(5),
        ModelPackageStatus: 'Completed',
      });
    expect(await service().describeVersion(V(2))).toEqual({
      version: 2,
      arn: V(2),
      group: 'churn',
      approval: 'Rejected',
      approvalDescription: 'worse AUC',
      creationTime: new Date(5),
      image: 'img:2',
      modelDataUrl: 's3://b/2.tar.gz',
      metadata: { 'metric:auc': '0.9' },
    });
  });

  it('sets the approval with the reason as ApprovalDescription', async () => {
    mock()
      .on(UpdateModelPackageCommand)
      .resolves({ ModelPackageArn: V(2) });
    await service().setApproval(V(2), 'Rejected', 'worse AUC');
    expect(mock()).toHaveReceivedCommandWith(UpdateModelPackageCommand, {
      ModelPackageArn: V(2),
      ModelApprovalStatus: 'Rejected',
      ApprovalDescription: 'worse AUC',
    });
  });

  it('maps a refusal to AwsRequestError and a missing group on delete to absent', async () => {
    mock().on(UpdateModelPackageCommand).rejects(awsError('AccessDeniedException', 'no'));
    await expect(service().setApproval(V(1), 'Approved')).rejects.toBeInstanceOf(AwsRequestError);
    mock().on(DeleteModelPackageGroupCommand).rejects(awsError('ValidationException', 'ModelPackageGroup churn does not exist.'));
    expect(await service().deleteGroup('churn')).toBe('absent');
  });

  it('knows the registry\'s "not found" and nothing else', () => {
    expect(isRegistryNotFound(awsError('ValidationException', 'ModelPackageGroup x does not exist.'))).toBe(true);
    expect(isRegistryNotFound(awsError('ValidationException', 'Model package x not found'))).toBe(true);
    expect(isRegistryNotFound(awsError('ValidationException', 'ModelApprovalStatus is invalid'))).toBe(false);
    expect(versionOfArn(V(12))).toBe(12);
  });
});
