import { UsageError } from '../../core/errors.js';
import { isStackJobName, resourceName, TUNING_JOB_NAME_LIMIT } from '../../core/names.js';
import type { JobsService, JobSummary } from '../../services/jobs.js';

/** The jobs calls resolving a model source needs. */
export type ModelSourceJobs = Pick<JobsService, 'describeTrainingJob' | 'listTrainingJobs' | 'describeTuningJob' | 'listTuningJobs'>;

/** Where a model comes from: `--from-training-job <name|latest>` or `--from-tuning-job <name|latest>`. */
export type ModelSourceRef = { trainingJob: string } | { tuningJob: string };

/** The container image and artifact of a finished training job, for a model to run. */
export interface ModelSource {
  image: string;
  modelDataUrl: string;
  /** The training job the artifact came from (for a tuning job, its best training job). */
  trainingJob: string;
  tuningJob?: string;
}

/** `latest`: the newest Completed job of this stack. */
export const LATEST = 'latest';

/**
 * Resolves a training or tuning job (by name, or `latest` of the stack) to the image and model
 * artifact of its training job (for tuning, of its best training job). Shared by deploy and
 * update-endpoint. A job that is missing or did not complete is a usage error naming it.
 */
export async function resolveModelSource(jobs: ModelSourceJobs, stack: string, ref: ModelSourceRef): Promise<ModelSource> {
  if ('trainingJob' in ref) {
    const name = ref.trainingJob === LATEST ? newest(await jobs.listTrainingJobs(`${stack}-`, 'Completed'), stack) : ref.trainingJob;
    if (name === undefined)
      throw new UsageError(`--from-training-job latest: stack ${stack} has no Completed training job`, 'run `sagectl train` first, or name a job');
    return fromTrainingJob(jobs, name, '--from-training-job');
  }
  const short = resourceName(stack, [], TUNING_JOB_NAME_LIMIT - 15);
  const name = ref.tuningJob === LATEST ? newest(await jobs.listTuningJobs(`${short}-`, 'Completed'), stack, TUNING_JOB_NAME_LIMIT) : ref.tuningJob;
  if (name === undefined)
    throw new UsageError(`--from-tuning-job latest: stack ${stack} has no Completed tuning job`, 'run `sagectl tune` first, or name a job');
  const tuning = await jobs.describeTuningJob(name);
  if (!tuning) throw new UsageError(`--from-tuning-job: no hyperparameter tuning job named ${name}`);
  if (!tuning.best) throw new UsageError(`--from-tuning-job: tuning job ${name} (${tuning.status}) has no best training job yet`);
  return { ...(await fromTrainingJob(jobs, tuning.best.trainingJob, `--from-tuning-job ${name}: best training job`)), tuningJob: name };
}

async function fromTrainingJob(jobs: ModelSourceJobs, name: string, what: string): Promise<ModelSource> {
  const job = await jobs.describeTrainingJob(name);
  if (!job) throw new UsageError(`${what}: no training job named ${name}`);
  if (job.status !== 'Completed' || !job.modelArtifact) {
    throw new UsageError(
      `${what}: training job ${name} is ${job.status}${job.modelArtifact ? '' : ' and has no model artifact'}; only a Completed job gives a model`,
    );
  }
  return { image: job.image, modelDataUrl: job.modelArtifact, trainingJob: name };
}

/** The newest job that sagectl named for this stack (NameContains also matches `S-other-…`). */
function newest(rows: JobSummary[], stack: string, limit?: number): string | undefined {
  const mine = rows.filter((r) => isStackJobName(r.name, stack, limit));
  // Names end in the creation timestamp, so they break ties in CreationTime (one-second clocks).
  mine.sort((a, b) => (a.creationTime?.getTime() ?? 0) - (b.creationTime?.getTime() ?? 0) || a.name.localeCompare(b.name));
  return mine.at(-1)?.name;
}
