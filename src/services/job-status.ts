/**
 * The status of a SageMaker job (training, hyperparameter tuning, batch transform): the three
 * share one set, and its meaning lives here rather than as string lists in the commands.
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html#sagemaker-DescribeTrainingJob-response-TrainingJobStatus
 */
export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped' | 'Deleting' | 'DeleteFailed' | (string & {});

export const jobStatus = {
  /** No further change is coming. */
  isFinal: (s: JobStatus): boolean => s === 'Completed' || s === 'Failed' || s === 'Stopped' || s === 'DeleteFailed',
  isCompleted: (s: JobStatus): boolean => s === 'Completed',
  /** Still running, so it can be stopped (and costs money). */
  isRunning: (s: JobStatus): boolean => s === 'InProgress' || s === 'Stopping',
};
