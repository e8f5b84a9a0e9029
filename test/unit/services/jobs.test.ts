import { describe, expect, it } from 'vitest';
import {
  CreateTrainingJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  ListTrainingJobsCommand,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { AwsRequestError } from '../../../src/core/errors.js';
import { useJobsMock, awsError } from '../helpers/mock-sdk.js';

const { mock, service } = useJobsMock();

describe('JobsService', () => {
  it('sends CreateTrainingJob as built and returns the ARN', async () => {
    mock().on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn:j' });
    const request = {
      TrainingJobName: 'j',
      RoleArn: 'r',
      AlgorithmSpecification: { TrainingImage: 'i', TrainingInputMode: 'File' as const },
      OutputDataConfig: { S3OutputPath: 's3://b/' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge' as const, InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 60 },
    };
    expect(await service().createTrainingJob(request)).toBe('arn:j');
    expect(mock()).toHaveReceivedCommandWith(CreateTrainingJobCommand, request);
  });

  it('describes a training job in sagectl terms', async () => {
    mock()
      .on(DescribeTrainingJobCommand, { TrainingJobName: 'j' })
      .resolves({
        TrainingJobName: 'j',
        TrainingJobArn: 'arn:j',
        TrainingJobStatus: 'Completed',
        SecondaryStatus: 'Completed',
        AlgorithmSpecification: { TrainingImage: 'img', TrainingInputMode: 'File' },
        ModelArtifacts: { S3ModelArtifacts: 's3://b/j/output/model.tar.gz' },
        ResourceConfig: { InstanceCount: 2, VolumeSizeInGB: 30 },
        TrainingTimeInSeconds: 100,
        BillableTimeInSeconds: 40,
        EnableManagedSpotTraining: true,
        HyperParameters: { eta: '0.2' },
        FinalMetricDataList: [{ MetricName: 'validation:auc', Value: 0.9 }],
        CreationTime: new Date(0),
      } as never);
    expect(await service().describeTrainingJob('j')).toEqual({
      name: 'j',
      arn: 'arn:j',
      status: 'Completed',
      secondaryStatus: 'Completed',
      image: 'img',
      modelArtifact: 's3://b/j/output/model.tar.gz',
      instanceCount: 2,
      trainingSeconds: 100,
      billableSeconds: 40,
      spot: true,
      hyperparameters: { eta: '0.2' },
      finalMetrics: { 'validation:auc': 0.9 },
      creationTime: new Date(0),
    });
  });

  it("a missing job is undefined (SageMaker's ValidationException 'Could not find')", async () => {
    mock().on(DescribeTrainingJobCommand).rejects(awsError('ValidationException', 'Requested resource not found.'));
    expect(await service().describeTrainingJob('j')).toBeUndefined();
  });

  it('stop and list map errors and pages', async () => {
    mock().on(StopTrainingJobCommand).rejects(awsError('ValidationException', 'The request was rejected because the training job is in status Completed.'));
    await expect(service().stopTrainingJob('j')).rejects.toBeInstanceOf(AwsRequestError);
    mock()
      .on(ListTrainingJobsCommand)
      .resolvesOnce({
        TrainingJobSummaries: [{ TrainingJobName: 'a', TrainingJobStatus: 'Completed', TrainingJobArn: 'x', CreationTime: new Date(0) }],
        NextToken: 't',
      })
      .resolvesOnce({ TrainingJobSummaries: [{ TrainingJobName: 'b', TrainingJobStatus: 'Completed', TrainingJobArn: 'y', CreationTime: new Date(1) }] });
    expect((await service().listTrainingJobs('churn-', 'Completed')).map((r) => r.name)).toEqual(['a', 'b']);
    expect(mock()).toHaveReceivedCommandWith(ListTrainingJobsCommand, { NameContains: 'churn-', StatusEquals: 'Completed' });
  });

  it('describes a tuning job: counters summed, best job and objective', async () => {
    mock()
      .on(DescribeHyperParameterTuningJobCommand)
      .resolves({
        HyperParameterTuningJobName: 't',
        HyperParameterTuningJobStatus: 'InProgress',
        TrainingJobStatusCounters: { Completed: 2, InProgress: 1, RetryableError: 1, NonRetryableError: 1, Stopped: 0 },
        BestTrainingJob: {
          TrainingJobName: 'b',
          TunedHyperParameters: { eta: '0.1' },
          FinalHyperParameterTuningJobObjectiveMetric: { MetricName: 'auc', Value: 0.8 },
        },
      } as never);
    expect(await service().describeTuningJob('t')).toMatchObject({
      status: 'InProgress',
      counters: { completed: 2, inProgress: 1, failed: 2, stopped: 0 },
      best: { trainingJob: 'b', hyperparameters: { eta: '0.1' }, objective: { metric: 'auc', value: 0.8 } },
    });
  });
});
