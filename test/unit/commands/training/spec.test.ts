import { describe, expect, it } from 'vitest';
import { trainingRequest, tuningRequest, transformRequest } from '../../../../src/commands/training/spec.js';
import { configSchema, type Config } from '../../../../src/core/schema.js';
import { ConfigError } from '../../../../src/core/errors.js';

const ROLE = 'arn:aws:iam::123456789012:role/R';
const TAGS = { 'sagectl:stack': 'churn' };
const base: Config = {
  name: 'churn',
  role: ROLE,
  training: {
    image: 'img:train',
    instanceType: 'ml.m5.xlarge',
    outputPath: 's3://b/out/',
    hyperparameters: { max_depth: 5, eta: 0.2, objective: 'binary:logistic', early: true },
    inputs: { train: 's3://b/train/', validation: { s3Uri: 's3://b/val/', contentType: 'text/csv', distribution: 'ShardedByS3Key', inputMode: 'Pipe' } },
    maxRuntime: '1h',
  },
};

describe('trainingRequest', () => {
  it('builds CreateTrainingJob: hyperparameters as strings, durations in seconds, channels, defaults, no spot fields without spot', () => {
    expect(trainingRequest(base, 'churn-1', TAGS)).toEqual({
      TrainingJobName: 'churn-1',
      AlgorithmSpecification: { TrainingImage: 'img:train', TrainingInputMode: 'File' },
      RoleArn: ROLE,
      HyperParameters: { max_depth: '5', eta: '0.2', objective: 'binary:logistic', early: 'true' },
      InputDataConfig: [
        { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/train/', S3DataDistributionType: 'FullyReplicated' } } },
        {
          ChannelName: 'validation',
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/val/', S3DataDistributionType: 'ShardedByS3Key' } },
          ContentType: 'text/csv',
          InputMode: 'Pipe',
        },
      ],
      OutputDataConfig: { S3OutputPath: 's3://b/out/' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      Tags: [{ Key: 'sagectl:stack', Value: 'churn' }],
    });
  });

  it('managed spot: MaxWaitTimeInSeconds, EnableManagedSpotTraining and the checkpoint; plus environment and metric definitions', () => {
    const config: Config = {
      ...base,
      training: {
        ...base.training,
        spot: { maxWait: '2h', checkpointS3Uri: 's3://b/ckpt/' },
        environment: { A: '1' },
        metricDefinitions: [{ name: 'auc', regex: 'auc=(\\S+)' }],
        instanceCount: 2,
        volumeSizeGB: 50,
      },
    };
    const r = trainingRequest(config, 'churn-1', TAGS);
    expect(r.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 });
    expect(r.EnableManagedSpotTraining).toBe(true);
    expect(r.CheckpointConfig).toEqual({ S3Uri: 's3://b/ckpt/' });
    expect(r.Environment).toEqual({ A: '1' });
    expect(r.AlgorithmSpecification?.MetricDefinitions).toEqual([{ Name: 'auc', Regex: 'auc=(\\S+)' }]);
    expect(r.ResourceConfig).toEqual({ InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 50 });
  });

  it('defaults maxRuntime to one day; training.role overrides role', () => {
    const r = trainingRequest({ ...base, training: { ...base.training, maxRuntime: undefined, role: 'arn:aws:iam::123456789012:role/Train' } }, 'j', {});
    expect(r.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 86400 });
    expect(r.RoleArn).toBe('arn:aws:iam::123456789012:role/Train');
  });

  it.each([
    [{ ...base, training: undefined }, /training: no training section/],
    [{ ...base, role: undefined }, /role: expected the execution role/],
    [{ ...base, training: { ...base.training, instanceType: undefined } }, /training.instanceType: expected an instance type/],
    [{ ...base, training: { ...base.training, outputPath: undefined } }, /training.outputPath: expected the S3 URI/],
  ] as [Config, RegExp][])('a missing field is a ConfigError naming it (%#)', (config, message) => {
    expect(() => trainingRequest(config, 'j', {}, 'sagectl.yaml')).toThrow(ConfigError);
    expect(() => trainingRequest(config, 'j', {}, 'sagectl.yaml')).toThrow(message);
  });
});

describe('the schema of the job sections', () => {
  const issues = (raw: unknown): string[] => {
    const r = configSchema.safeParse(raw);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('refuses a bad duration, spot.maxWait below maxRuntime, unknown keys, and bad ranges', () => {
    expect(issues({ training: { maxRuntime: '90' } })).toEqual(['training.maxRuntime: expected a duration such as 90s, 30m or 1h, found "90"']);
    expect(issues({ training: { maxRuntime: '2h', spot: { maxWait: '1h' } } })).toEqual([
      'training.spot.maxWait: expected spot.maxWait at least maxRuntime (2h), found 1h',
    ]);
    expect(issues({ training: { hyperparameters: { a: null } } })).toHaveLength(1);
    expect(issues({ tuning: { objective: { metric: 'm', type: 'Maximize' }, ranges: { eta: { min: 1, max: 0.5 } } } })).toEqual([
      'tuning.ranges.eta.max: expected max greater than min (1), found 0.5',
    ]);
    expect(issues({ tuning: { objective: { metric: 'm', type: 'Maximize' }, strategy: 'Grid', ranges: { eta: { min: 0, max: 1 } } } })).toEqual([
      'tuning.ranges.eta: expected only categorical ranges (values: [...]) with the Grid strategy',
    ]);
    expect(issues({ transform: { splitType: 'Lines' } })[0]).toMatch(/^transform.splitType/);
  });
});

describe('tuningRequest', () => {
  const config: Config = {
    ...base,
    tuning: {
      objective: { metric: 'validation:auc', type: 'Maximize' },
      strategy: 'Bayesian',
      maxJobs: 20,
      maxParallelJobs: 3,
      earlyStopping: 'Auto',
      ranges: {
        eta: { min: 0.05, max: 0.5, scaling: 'Logarithmic' },
        max_depth: { min: 3, max: 10, type: 'integer' },
        objective: { values: ['binary:logistic', 'reg:squarederror'] },
      },
    },
  };

  it('builds the tuning config, the ranges by kind and the training definition with the static hyperparameters', () => {
    const r = tuningRequest(config, 'churn-t', TAGS);
    expect(r.HyperParameterTuningJobConfig).toEqual({
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 3 },
      ParameterRanges: {
        ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.05', MaxValue: '0.5', ScalingType: 'Logarithmic' }],
        IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '3', MaxValue: '10', ScalingType: 'Auto' }],
        CategoricalParameterRanges: [{ Name: 'objective', Values: ['binary:logistic', 'reg:squarederror'] }],
      },
      TrainingJobEarlyStoppingType: 'Auto',
    });
    expect(r.TrainingJobDefinition?.StaticHyperParameters).toEqual({ early: 'true' });
    expect(r.TrainingJobDefinition?.AlgorithmSpecification?.TrainingImage).toBe('img:train');
    expect(r.TrainingJobDefinition?.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(r).not.toHaveProperty('TrainingJobDefinition.HyperParameters');
    expect(r.Tags).toEqual([{ Key: 'sagectl:stack', Value: 'churn' }]);
  });

  it('Grid leaves MaxNumberOfTrainingJobs out unless given', () => {
    const grid: Config = {
      ...config,
      tuning: { objective: { metric: 'm', type: 'Minimize' }, strategy: 'Grid', ranges: { objective: { values: ['a', 'b'] } } },
    };
    expect(tuningRequest(grid, 't', {}).HyperParameterTuningJobConfig?.ResourceLimits).toEqual({ MaxParallelTrainingJobs: 1 });
  });

  it('needs a tuning section', () => {
    expect(() => tuningRequest(base, 't', {})).toThrow(/tuning: no tuning section/);
  });
});

describe('transformRequest', () => {
  it('builds CreateTransformJob from the transform section', () => {
    const config: Config = {
      ...base,
      transform: {
        input: 's3://b/batch/',
        output: 's3://b/batch-out/',
        contentType: 'text/csv',
        splitType: 'Line',
        instanceType: 'ml.m5.large',
        instanceCount: 2,
        maxPayloadMB: 6,
      },
    };
    expect(transformRequest(config, 'churn-x', 'churn-model', TAGS)).toEqual({
      TransformJobName: 'churn-x',
      ModelName: 'churn-model',
      MaxPayloadInMB: 6,
      TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/batch/' } }, ContentType: 'text/csv', SplitType: 'Line' },
      TransformOutput: { S3OutputPath: 's3://b/batch-out/', AssembleWith: 'Line' },
      TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 2 },
      Tags: [{ Key: 'sagectl:stack', Value: 'churn' }],
    });
  });

  it('names a missing field', () => {
    expect(() => transformRequest({ ...base, transform: { input: 's3://b/in/' } }, 'x', 'm', {})).toThrow(
      'config: transform.output: expected the S3 URI where SageMaker writes the results, found nothing',
    );
  });
});

describe('examples/train-and-deploy.yaml', () => {
  it('loads and gives a training, a tuning and a transform request', async () => {
    const { loadConfig } = await import('../../../../src/core/config.js');
    const path = await import('node:path');
    const { config } = loadConfig({ configPath: path.resolve(import.meta.dirname, '../../../../examples/train-and-deploy.yaml'), env: {} });
    expect(trainingRequest(config, 'j', {}).EnableManagedSpotTraining).toBe(true);
    expect(tuningRequest(config, 't', {}).TrainingJobDefinition?.StaticHyperParameters).toEqual({
      objective: 'binary:logistic',
      num_round: '100',
      eval_metric: 'auc',
    });
    expect(transformRequest(config, 'x', 'm', {}).TransformOutput).toEqual({ S3OutputPath: 's3://my-ml-bucket/churn/batch-out/', AssembleWith: 'Line' });
  });
});
