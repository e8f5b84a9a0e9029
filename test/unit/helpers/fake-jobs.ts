import type { CreateHyperParameterTuningJobRequest, CreateTrainingJobRequest, CreateTransformJobRequest } from '@aws-sdk/client-sagemaker';
import type { JobsService, JobSummary, TrainingJobInfo, TransformJobInfo, TuningJobInfo } from '../../../src/services/jobs.js';

type Api = Pick<
  JobsService,
  | 'createTrainingJob'
  | 'describeTrainingJob'
  | 'stopTrainingJob'
  | 'listTrainingJobs'
  | 'createTuningJob'
  | 'describeTuningJob'
  | 'listTuningJobs'
  | 'createTransformJob'
  | 'describeTransformJob'
>;

const arn = (kind: string, name: string): string => `arn:aws:sagemaker:us-east-1:123456789012:${kind}/${name.toLowerCase()}`;

/**
 * SageMaker jobs that move through scripted states, one per describe (the last one sticks), with
 * a hook run on each describe (to write log lines as the job goes). Every call is recorded.
 */
export class FakeJobs implements Api {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly training = new Map<string, TrainingJobInfo>();
  readonly tuning = new Map<string, TuningJobInfo>();
  readonly transforms = new Map<string, TransformJobInfo>();
  /** What the describes of a new training job return, in turn. */
  trainingScript: Partial<TrainingJobInfo>[] = [
    { status: 'InProgress', secondaryStatus: 'Starting' },
    { status: 'InProgress', secondaryStatus: 'Training' },
    {
      status: 'Completed',
      secondaryStatus: 'Completed',
      modelArtifact: 's3://b/out/model.tar.gz',
      trainingSeconds: 400,
      billableSeconds: 400,
      finalMetrics: { 'validation:auc': 0.93 },
    },
  ];
  tuningScript: Partial<TuningJobInfo>[] = [
    { status: 'InProgress', counters: { completed: 1, inProgress: 2, failed: 0, stopped: 0 } },
    {
      status: 'Completed',
      counters: { completed: 3, inProgress: 0, failed: 0, stopped: 0 },
      best: { trainingJob: 'best-job', hyperparameters: { eta: '0.2' }, objective: { metric: 'validation:auc', value: 0.95 } },
    },
  ];
  transformScript: Partial<TransformJobInfo>[] = [{ status: 'InProgress' }, { status: 'Completed' }];
  onDescribe?: (name: string, count: number) => void;
  private readonly describes = new Map<string, number>();
  readonly failing = new Map<string, Error>();

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.failing.get(method);
    if (error) throw error;
  }

  methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  private step<T>(name: string, script: Partial<T>[], target: T): T {
    const n = (this.describes.get(name) ?? 0) + 1;
    this.describes.set(name, n);
    this.onDescribe?.(name, n);
    return Object.assign(target as object, script[Math.min(n, script.length) - 1] ?? {}) as T;
  }

  /** Seeds a finished training job (for deploy --from-training-job). */
  seedTraining(name: string, info: Partial<TrainingJobInfo>): void {
    this.training.set(name, {
      name,
      arn: arn('training-job', name),
      status: 'Completed',
      secondaryStatus: 'Completed',
      image: 'img:train',
      instanceCount: 1,
      spot: false,
      hyperparameters: {},
      finalMetrics: {},
      ...info,
    });
    this.describes.set(name, Number.MAX_SAFE_INTEGER);
  }

  async createTrainingJob(request: CreateTrainingJobRequest): Promise<string> {
    this.record('createTrainingJob', request);
    const name = request.TrainingJobName!;
    this.training.set(name, {
      name,
      arn: arn('training-job', name),
      status: 'InProgress',
      secondaryStatus: 'Starting',
      image: request.AlgorithmSpecification?.TrainingImage ?? '',
      instanceCount: request.ResourceConfig?.InstanceCount ?? 1,
      spot: request.EnableManagedSpotTraining ?? false,
      hyperparameters: request.HyperParameters ?? {},
      finalMetrics: {},
    });
    return arn('training-job', name);
  }

  async describeTrainingJob(name: string): Promise<TrainingJobInfo | undefined> {
    this.record('describeTrainingJob', name);
    const job = this.training.get(name);
    if (!job) return undefined;
    if (this.describes.get(name) === Number.MAX_SAFE_INTEGER) return { ...job };
    return { ...this.step(name, this.trainingScript, job) };
  }

  async stopTrainingJob(name: string): Promise<void> {
    this.record('stopTrainingJob', name);
    const job = this.training.get(name);
    if (job) job.status = 'Stopping';
  }

  async listTrainingJobs(nameContains: string, status?: string): Promise<JobSummary[]> {
    this.record('listTrainingJobs', nameContains, status);
    return [...this.training.values()]
      .filter((j) => j.name.includes(nameContains) && (status === undefined || j.status === status))
      .map((j) => ({ name: j.name, status: j.status, ...(j.creationTime ? { creationTime: j.creationTime } : {}) }));
  }

  async createTuningJob(request: CreateHyperParameterTuningJobRequest): Promise<string> {
    this.record('createTuningJob', request);
    const name = request.HyperParameterTuningJobName!;
    this.tuning.set(name, {
      name,
      arn: arn('hyper-parameter-tuning-job', name),
      status: 'InProgress',
      counters: { completed: 0, inProgress: 0, failed: 0, stopped: 0 },
    });
    return arn('hyper-parameter-tuning-job', name);
  }

  async describeTuningJob(name: string): Promise<TuningJobInfo | undefined> {
    this.record('describeTuningJob', name);
    const job = this.tuning.get(name);
    if (!job) return undefined;
    if (this.describes.get(name) === Number.MAX_SAFE_INTEGER) return { ...job };
    return { ...this.step(name, this.tuningScript, job) };
  }

  /** Seeds a finished tuning job. */
  seedTuning(name: string, info: Partial<TuningJobInfo>): void {
    this.tuning.set(name, {
      name,
      arn: arn('hyper-parameter-tuning-job', name),
      status: 'Completed',
      counters: { completed: 1, inProgress: 0, failed: 0, stopped: 0 },
      ...info,
    });
    this.describes.set(name, Number.MAX_SAFE_INTEGER);
  }

  async listTuningJobs(nameContains: string, status?: string): Promise<JobSummary[]> {
    this.record('listTuningJobs', nameContains, status);
    return [...this.tuning.values()]
      .filter((j) => j.name.includes(nameContains) && (status === undefined || j.status === status))
      .map((j) => ({ name: j.name, status: j.status }));
  }

  async createTransformJob(request: CreateTransformJobRequest): Promise<string> {
    this.record('createTransformJob', request);
    const name = request.TransformJobName!;
    this.transforms.set(name, {
      name,
      arn: arn('transform-job', name),
      status: 'InProgress',
      modelName: request.ModelName ?? '',
      outputPath: request.TransformOutput?.S3OutputPath ?? '',
    });
    return arn('transform-job', name);
  }

  async describeTransformJob(name: string): Promise<TransformJobInfo | undefined> {
    this.record('describeTransformJob', name);
    const job = this.transforms.get(name);
    return job ? { ...this.step(name, this.transformScript, job) } : undefined;
  }
}
