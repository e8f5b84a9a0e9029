import { describe, expect, it } from 'vitest';
import {
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { AwsRequestError } from '../../../src/core/errors.js';
import { awsError, useAutoScalingMock } from '../helpers/mock-sdk.js';

const { mock, service } = useAutoScalingMock();
const target = {
  ServiceNamespace: 'sagemaker',
  ResourceId: 'endpoint/churn/variant/green',
  ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
} as const;

describe('AutoScalingService', () => {
  it('registers a variant and puts a target-tracking policy on invocations per instance', async () => {
    mock().on(RegisterScalableTargetCommand).resolves({}).on(PutScalingPolicyCommand).resolves({});
    await service().register('churn', 'green', { min: 1, max: 4, invocationsPerInstance: 200 });
    expect(mock()).toHaveReceivedCommandWith(RegisterScalableTargetCommand, { ...target, MinCapacity: 1, MaxCapacity: 4 });
    expect(mock()).toHaveReceivedCommandWith(PutScalingPolicyCommand, {
      ...target,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 200,
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      },
    });
  });

  it('reads an endpoint’s scaling by variant: limits from its targets, the invocations target from its policy', async () => {
    mock()
      .on(DescribeScalableTargetsCommand)
      .resolves({
        ScalableTargets: [
          { ...target, MinCapacity: 1, MaxCapacity: 4, RoleARN: 'r', CreationTime: new Date() },
          { ...target, ResourceId: 'endpoint/churn/variant/blue', MinCapacity: 2, MaxCapacity: 3, RoleARN: 'r', CreationTime: new Date() },
          { ...target, ResourceId: 'endpoint/churn-b/variant/green', MinCapacity: 9, MaxCapacity: 9, RoleARN: 'r', CreationTime: new Date() },
        ],
      })
      .on(DescribeScalingPoliciesCommand, { ResourceId: 'endpoint/churn/variant/green' })
      .resolves({
        ScalingPolicies: [
          {
            ...target,
            PolicyName: 'churn-green-invocations',
            PolicyARN: 'p',
            PolicyType: 'TargetTrackingScaling',
            CreationTime: new Date(),
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: 750,
              PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
            },
          },
        ],
      })
      .on(DescribeScalingPoliciesCommand, { ResourceId: 'endpoint/churn/variant/blue' })
      .resolves({ ScalingPolicies: [] });
    expect(await service().scalingOf('churn')).toEqual(
      new Map([
        ['green', { min: 1, max: 4, invocationsPerInstance: 750 }],
        ['blue', { min: 2, max: 3 }],
      ]),
    );
    expect(mock()).toHaveReceivedCommandTimes(DescribeScalingPoliciesCommand, 2);
    expect(mock()).toHaveReceivedCommandWith(DescribeScalingPoliciesCommand, { ...target });
  });

  it('restores a target without a policy when none was recorded, and with sagectl’s policy when one was', async () => {
    mock().on(RegisterScalableTargetCommand).resolves({}).on(PutScalingPolicyCommand).resolves({});
    await service().restore('churn', 'green', { min: 2, max: 3 });
    expect(mock()).toHaveReceivedCommandWith(RegisterScalableTargetCommand, { ...target, MinCapacity: 2, MaxCapacity: 3 });
    expect(mock()).not.toHaveReceivedCommand(PutScalingPolicyCommand);
    await service().restore('churn', 'green', { min: 1, max: 4, invocationsPerInstance: 70.5 });
    expect(mock()).toHaveReceivedCommandWith(PutScalingPolicyCommand, {
      ...target,
      PolicyName: 'churn-green-invocations',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 70.5,
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      },
    });
  });

  it('tells the targets sagectl registered (its policy on that very variant) from others, in one paged read', async () => {
    const policy = (PolicyName: string, ResourceId: string) => ({
      PolicyName,
      ResourceId,
      PolicyARN: `arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:resource/sagemaker/${ResourceId}:policyName/${PolicyName}`,
      ServiceNamespace: 'sagemaker' as const,
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
      PolicyType: 'TargetTrackingScaling' as const,
      CreationTime: new Date(0),
    });
    mock()
      .on(DescribeScalingPoliciesCommand)
      .resolvesOnce({ ScalingPolicies: [policy('churn-green-invocations', 'endpoint/churn/variant/green')], NextToken: 't' })
      .resolvesOnce({
        ScalingPolicies: [
          // The same name on another endpoint's variant, and a policy of the user's own on blue: neither is sagectl's here.
          policy('churn-blue-invocations', 'endpoint/other/variant/blue'),
          policy('my-own-policy', 'endpoint/churn/variant/blue'),
        ],
      });
    expect(await service().registeredBySagectl('churn', ['blue', 'green'])).toEqual(['green']);
    expect(mock()).toHaveReceivedCommandTimes(DescribeScalingPoliciesCommand, 2);
    expect(mock()).toHaveReceivedNthCommandWith(DescribeScalingPoliciesCommand, 1, {
      ServiceNamespace: 'sagemaker',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      PolicyNames: ['churn-blue-invocations', 'churn-green-invocations'],
    });
  });

  it('asks nothing when no variant is registered', async () => {
    expect(await service().registeredBySagectl('churn', [])).toEqual([]);
    expect(mock()).toHaveReceivedCommandTimes(DescribeScalingPoliciesCommand, 0);
  });

  it('deregisters, counting a target that is not registered as absent', async () => {
    mock().on(DeregisterScalableTargetCommand).resolvesOnce({}).rejectsOnce(awsError('ObjectNotFoundException', 'No scalable target registered'));
    expect(await service().deregister('churn', 'green')).toBe('deleted');
    expect(await service().deregister('churn', 'green')).toBe('absent');
    expect(mock()).toHaveReceivedCommandWith(DeregisterScalableTargetCommand, target);
  });

  it('translates other errors', async () => {
    mock().on(DeregisterScalableTargetCommand).rejects(awsError('AccessDeniedException', 'no'));
    await expect(service().deregister('churn', 'green')).rejects.toBeInstanceOf(AwsRequestError);
  });

  it("lists the endpoint's registered variants over every page", async () => {
    mock()
      .on(DescribeScalableTargetsCommand)
      .resolvesOnce({
        ScalableTargets: [{ ...target, ResourceId: 'endpoint/churn/variant/blue', MinCapacity: 1, MaxCapacity: 2, RoleARN: 'r', CreationTime: new Date() }],
        NextToken: 't',
      })
      .resolvesOnce({
        ScalableTargets: [
          { ...target, ResourceId: 'endpoint/other/variant/x', MinCapacity: 1, MaxCapacity: 2, RoleARN: 'r', CreationTime: new Date() },
          { ...target, MinCapacity: 1, MaxCapacity: 2, RoleARN: 'r', CreationTime: new Date() },
        ],
      });
    expect(await service().registeredVariants('churn')).toEqual(['blue', 'green']);
  });

  it("reads the endpoint's registered variants with their limits", async () => {
    mock()
      .on(DescribeScalableTargetsCommand)
      .resolves({
        ScalableTargets: [
          { ...target, ResourceId: 'endpoint/churn/variant/blue', MinCapacity: 1, MaxCapacity: 4, RoleARN: 'r', CreationTime: new Date() },
          { ...target, ResourceId: 'endpoint/other/variant/x', MinCapacity: 1, MaxCapacity: 2, RoleARN: 'r', CreationTime: new Date() },
        ],
      });
    expect([...(await service().registeredTargets('churn')).entries()]).toEqual([['blue', { min: 1, max: 4 }]]);
  });
});
