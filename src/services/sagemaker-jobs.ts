import {
  SageMakerClient,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  ListHyperParameterTuningJobsCommand,
  ListTrainingJobsCommand,
} from '@aws-sdk/client-sagemaker';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { translateAwsError } from '../core/aws-errors.js';
import { isSageMakerNotFound } from './sagemaker.js';

/** What a finished training job leaves for a model: its artifact, and the image it trained with. */
export interface TrainingArtifact {
  jobName: string;
  status: string;
  modelDataUrl?: string;
  trainingImage?: string;
}

/**
 * Reads training and tuning jobs for `update-endpoint --from-training-job / --from-tuning-job`:
 * the model artifact of a job, or of a tuning job's best training job, and the newest completed
 * job whose name contains a prefix.
 */
export class SageMakerJobs {
  constructor(
    private readonly client: SageMakerClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): SageMakerJobs {
    return new SageMakerJobs(new SageMakerClient(clientConfig(options)), options.logger);
  }

  /** The training job's artifact, or undefined when there is no such job. */
  async trainingArtifact(jobName: string): Promise<TrainingArtifact | undefined> {
    const out = await this.call('DescribeTrainingJob', () => this.client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName })));
    if (!out) return undefined;
    return {
      jobName,
      status: out.TrainingJobStatus ?? 'Unknown',
      ...(out.ModelArtifacts?.S3ModelArtifacts ? { modelDataUrl: out.ModelArtifacts.S3ModelArtifacts } : {}),
      ...(out.AlgorithmSpecification?.TrainingImage ? { trainingImage: out.AlgorithmSpecification.TrainingImage } : {}),
    };
  }

  /** The name of the tuning job's best training job; undefined when there is no such tuning job, '' when it has no best job yet. */
  async bestTrainingJob(tuningJobName: string): Promise<string | undefined> {
    const out = await this.call('DescribeHyperParameterTuningJob', () =>
      this.client.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: tuningJobName })),
    );
    if (!out) return undefined;
    return out.BestTrainingJob?.TrainingJobName ?? '';
  }

  /** The newest Completed training job whose name starts with `prefix`. */
  async latestTrainingJob(prefix: string): Promise<string | undefined> {
    const out = await this.call('ListTrainingJobs', () =>
      this.client.send(new ListTrainingJobsCommand({ NameContains: prefix, StatusEquals: 'Completed', SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 })),
    );
    return out?.TrainingJobSummaries?.map((j) => j.TrainingJobName ?? '').find((n) => n.startsWith(prefix));
  }

  /** The newest Completed tuning job whose name starts with `prefix`. */
  async latestTuningJob(prefix: string): Promise<string | undefined> {
    const out = await this.call('ListHyperParameterTuningJobs', () =>
      this.client.send(new ListHyperParameterTuningJobsCommand({ NameContains: prefix, StatusEquals: 'Completed', SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 })),
    );
    return out?.HyperParameterTuningJobSummaries?.map((j) => j.HyperParameterTuningJobName ?? '').find((n) => n.startsWith(prefix));
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T | undefined> {
    try {
      return await send();
    } catch (error) {
      if (isSageMakerNotFound(error)) {
        this.logger.debug({ operation }, `${operation}: not found`);
        return undefined;
      }
      throw translateAwsError(operation, error);
    }
  }
}
