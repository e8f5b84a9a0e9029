import {
  SageMakerClient,
  CreateHyperParameterTuningJobCommand,
  CreateTrainingJobCommand,
  CreateTransformJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  StopTrainingJobCommand,
  paginateListHyperParameterTuningJobs,
  paginateListTrainingJobs,
  type CreateHyperParameterTuningJobRequest,
  type CreateTrainingJobRequest,
  type CreateTransformJobRequest,
} from '@aws-sdk/client-sagemaker';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { awsCall } from './call.js';
import { isSageMakerNotFound } from './sagemaker.js';
import type { JobStatus } from './job-status.js';

/** A training job as sagectl reads it. */
export interface TrainingJobInfo {
  name: string;
  arn: string;
  status: JobStatus;
  /** Starting, Downloading, Training, Uploading, Completed, … */
  secondaryStatus: string;
  failureReason?: string;
  image: string;
  modelArtifact?: string;
  instanceCount: number;
  trainingSeconds?: number;
  billableSeconds?: number;
  spot: boolean;
  hyperparameters: Record<string, string>;
  /** The last value of each metric SageMaker recorded. */
  finalMetrics: Record<string, number>;
  creationTime?: Date;
}

/** A hyperparameter tuning job's progress and its best training job so far. */
export interface TuningJobInfo {
  name: string;
  arn: string;
  status: JobStatus;
  failureReason?: string;
  counters: { completed: number; inProgress: number; failed: number; stopped: number };
  best?: { trainingJob: string; hyperparameters: Record<string, string>; objective?: { metric: string; value: number } };
}

export interface TransformJobInfo {
  name: string;
  arn: string;
  status: JobStatus;
  failureReason?: string;
  modelName: string;
  outputPath: string;
}

/** One row of a List* call for jobs. */
export interface JobSummary {
  name: string;
  status: string;
  creationTime?: Date;
}

/**
 * SageMaker's jobs (training, hyperparameter tuning, batch transform) in sagectl's vocabulary.
 * Kept apart from {@link SageMakerService} (endpoints, models) so each file stays small.
 */
export class JobsService {
  constructor(
    private readonly client: SageMakerClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): JobsService {
    return new JobsService(new SageMakerClient(clientConfig(options)), options.logger);
  }

  /** Starts a training job; returns its ARN. */
  async createTrainingJob(request: CreateTrainingJobRequest): Promise<string> {
    const out = await this.call('CreateTrainingJob', () => this.client.send(new CreateTrainingJobCommand(request)));
    return out.TrainingJobArn ?? '';
  }

  /** The training job, or undefined when there is none by that name. */
  async describeTrainingJob(name: string): Promise<TrainingJobInfo | undefined> {
    const out = await this.call('DescribeTrainingJob', () => this.client.send(new DescribeTrainingJobCommand({ TrainingJobName: name })), true);
    if (!out) return undefined;
    const finalMetrics: Record<string, number> = {};
    for (const m of out.FinalMetricDataList ?? []) if (m.MetricName !== undefined && m.Value !== undefined) finalMetrics[m.MetricName] = m.Value;
    return {
      name: out.TrainingJobName ?? name,
      arn: out.TrainingJobArn ?? '',
      status: out.TrainingJobStatus ?? 'InProgress',
      secondaryStatus: out.SecondaryStatus ?? '',
      ...(out.FailureReason ? { failureReason: out.FailureReason } : {}),
      image: out.AlgorithmSpecification?.TrainingImage ?? '',
      ...(out.ModelArtifacts?.S3ModelArtifacts ? { modelArtifact: out.ModelArtifacts.S3ModelArtifacts } : {}),
      instanceCount: out.ResourceConfig?.InstanceCount ?? 1,
      ...(out.TrainingTimeInSeconds !== undefined ? { trainingSeconds: out.TrainingTimeInSeconds } : {}),
      ...(out.BillableTimeInSeconds !== undefined ? { billableSeconds: out.BillableTimeInSeconds } : {}),
      spot: out.EnableManagedSpotTraining ?? false,
      hyperparameters: out.HyperParameters ?? {},
      finalMetrics,
      ...(out.CreationTime ? { creationTime: out.CreationTime } : {}),
    };
  }

  /** Asks SageMaker to stop a training job (it goes Stopping, then Stopped). */
  async stopTrainingJob(name: string): Promise<void> {
    await this.call('StopTrainingJob', () => this.client.send(new StopTrainingJobCommand({ TrainingJobName: name })));
  }

  /** Every training job (all pages) whose name contains `nameContains`, optionally only those in `status`. */
  listTrainingJobs(nameContains: string, status?: 'Completed' | 'InProgress' | 'Failed' | 'Stopped'): Promise<JobSummary[]> {
    return this.call('ListTrainingJobs', async () => {
      const rows: JobSummary[] = [];
      const input = { NameContains: nameContains, ...(status ? { StatusEquals: status } : {}) };
      for await (const page of paginateListTrainingJobs({ client: this.client }, input)) {
        for (const j of page.TrainingJobSummaries ?? []) {
          rows.push({ name: j.TrainingJobName ?? '', status: j.TrainingJobStatus ?? '', ...(j.CreationTime ? { creationTime: j.CreationTime } : {}) });
        }
      }
      return rows;
    });
  }

  /** Starts a hyperparameter tuning job; returns its ARN. */
  async createTuningJob(request: CreateHyperParameterTuningJobRequest): Promise<string> {
    const out = await this.call('CreateHyperParameterTuningJob', () => this.client.send(new CreateHyperParameterTuningJobCommand(request)));
    return out.HyperParameterTuningJobArn ?? '';
  }

  /** The tuning job, or undefined when there is none by that name. */
  async describeTuningJob(name: string): Promise<TuningJobInfo | undefined> {
    const out = await this.call(
      'DescribeHyperParameterTuningJob',
      () => this.client.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
      true,
    );
    if (!out) return undefined;
    const c = out.TrainingJobStatusCounters;
    const best = out.BestTrainingJob;
    const objective = best?.FinalHyperParameterTuningJobObjectiveMetric;
    return {
      name: out.HyperParameterTuningJobName ?? name,
      arn: out.HyperParameterTuningJobArn ?? '',
      status: out.HyperParameterTuningJobStatus ?? 'InProgress',
      ...(out.FailureReason ? { failureReason: out.FailureReason } : {}),
      counters: {
        completed: c?.Completed ?? 0,
        inProgress: c?.InProgress ?? 0,
        failed: (c?.RetryableError ?? 0) + (c?.NonRetryableError ?? 0),
        stopped: c?.Stopped ?? 0,
      },
      ...(best?.TrainingJobName
        ? {
            best: {
              trainingJob: best.TrainingJobName,
              hyperparameters: best.TunedHyperParameters ?? {},
              ...(objective?.MetricName !== undefined && objective.Value !== undefined
                ? { objective: { metric: objective.MetricName, value: objective.Value } }
                : {}),
            },
          }
        : {}),
    };
  }

  /** Every tuning job (all pages) whose name contains `nameContains`, optionally only those in `status`. */
  listTuningJobs(nameContains: string, status?: 'Completed' | 'InProgress' | 'Failed' | 'Stopped'): Promise<JobSummary[]> {
    return this.call('ListHyperParameterTuningJobs', async () => {
      const rows: JobSummary[] = [];
      const input = { NameContains: nameContains, ...(status ? { StatusEquals: status } : {}) };
      for await (const page of paginateListHyperParameterTuningJobs({ client: this.client }, input)) {
        for (const j of page.HyperParameterTuningJobSummaries ?? []) {
          rows.push({
            name: j.HyperParameterTuningJobName ?? '',
            status: j.HyperParameterTuningJobStatus ?? '',
            ...(j.CreationTime ? { creationTime: j.CreationTime } : {}),
          });
        }
      }
      return rows;
    });
  }

  /** Starts a batch transform job; returns its ARN. */
  async createTransformJob(request: CreateTransformJobRequest): Promise<string> {
    const out = await this.call('CreateTransformJob', () => this.client.send(new CreateTransformJobCommand(request)));
    return out.TransformJobArn ?? '';
  }

  /** The transform job, or undefined when there is none by that name. */
  async describeTransformJob(name: string): Promise<TransformJobInfo | undefined> {
    const out = await this.call('DescribeTransformJob', () => this.client.send(new DescribeTransformJobCommand({ TransformJobName: name })), true);
    if (!out) return undefined;
    return {
      name: out.TransformJobName ?? name,
      arn: out.TransformJobArn ?? '',
      status: out.TransformJobStatus ?? 'InProgress',
      ...(out.FailureReason ? { failureReason: out.FailureReason } : {}),
      modelName: out.ModelName ?? '',
      outputPath: out.TransformOutput?.S3OutputPath ?? '',
    };
  }

  /** Runs one SDK call, translating its errors; with `notFoundIsUndefined`, "not found" yields undefined. */
  private call<T>(operation: string, send: () => Promise<T>): Promise<T>;
  private call<T>(operation: string, send: () => Promise<T>, notFoundIsUndefined: true): Promise<T | undefined>;
  private call<T>(operation: string, send: () => Promise<T>, notFoundIsUndefined = false): Promise<T | undefined> {
    return awsCall(this.logger, operation, send, notFoundIsUndefined ? isSageMakerNotFound : undefined);
  }
}
