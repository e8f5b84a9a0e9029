import { describe, expect, it } from 'vitest';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { TaggingService } from '../../../src/services/tagging.js';
import { AwsRequestError } from '../../../src/core/errors.js';
import { useServiceMock, awsError } from '../helpers/mock-sdk.js';

const { mock, service } = useServiceMock(ResourceGroupsTaggingAPIClient, (c, l) => new TaggingService(c, l));

describe('TaggingService.managedResources', () => {
  it('asks only for resources tagged managed-by sagectl, of the stack kinds, across pages', async () => {
    mock()
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: 'arn:1', Tags: [{ Key: 'sagectl:stack', Value: 'a' }] }], PaginationToken: 'p2' })
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: 'arn:2', Tags: [] }], PaginationToken: '' });
    expect(await service().managedResources()).toEqual([
      { arn: 'arn:1', tags: { 'sagectl:stack': 'a' } },
      { arn: 'arn:2', tags: {} },
    ]);
    expect(mock()).toHaveReceivedNthCommandWith(GetResourcesCommand, 1, {
      TagFilters: [{ Key: 'sagectl:managed-by', Values: ['sagectl'] }],
      ResourceTypeFilters: ['sagemaker:endpoint', 'sagemaker:endpoint-config', 'sagemaker:model'],
    });
    expect(mock()).toHaveReceivedNthCommandWith(GetResourcesCommand, 2, { PaginationToken: 'p2' });
  });

  it('turns a refusal into AwsRequestError', async () => {
    mock().on(GetResourcesCommand).rejects(awsError('AccessDeniedException', 'no tag:GetResources'));
    await expect(service().managedResources()).rejects.toBeInstanceOf(AwsRequestError);
  });
});
