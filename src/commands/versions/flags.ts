import { UsageError } from '../../core/errors.js';
import { assertStackName } from '../../core/names.js';
import { parseVersionRef } from '../model/version.js';
import type { ApprovalFlags, RegisterFlags } from './cli.js';

/** What `sagectl register`'s flags ask for: the model (the image may still come from the config), approval and description. */
export interface RegisterFlagOptions {
  source: { modelData: string; image?: string } | { trainingJob: string };
  approve: boolean;
  description?: string;
}

/**
 * Reads register's flags, refusing contradictions before anything is sent: exactly one of
 * --model-data and --from-training-job; an `s3://` artifact; --image only with --model-data.
 */
export function parseRegisterFlags(flags: RegisterFlags): RegisterFlagOptions {
  if (flags.modelData !== undefined && flags.fromTrainingJob !== undefined)
    throw new UsageError('--model-data and --from-training-job both name the model: pass one');
  const rest = { approve: Boolean(flags.approve), ...(flags.description !== undefined ? { description: flags.description } : {}) };
  if (flags.fromTrainingJob !== undefined) {
    if (flags.image !== undefined) throw new UsageError('--image goes with --model-data; a training job brings its own image');
    return { source: { trainingJob: flags.fromTrainingJob }, ...rest };
  }
  if (flags.modelData === undefined) throw new UsageError('register needs the model: --model-data s3://… (with --image), or --from-training-job name|latest');
  if (!/^s3:\/\/[^/]+\/.+/.test(flags.modelData))
    throw new UsageError(`--model-data: expected an S3 URI of the model artifact (s3://bucket/key/model.tar.gz), found "${flags.modelData}"`);
  return { source: { modelData: flags.modelData, ...(flags.image !== undefined ? { image: flags.image } : {}) }, ...rest };
}

/** What `sagectl approve` and `sagectl reject` are asked: which version, and why. */
export interface ApprovalArgs {
  stack: string;
  version: number;
  reason?: string;
}

/** Reads approve's and reject's arguments and flags: a stack name and a version number. */
export function parseApprovalArgs(stack: string, version: string, flags: ApprovalFlags): ApprovalArgs {
  assertStackName(stack);
  const ref = parseVersionRef(version, 'version');
  if (typeof ref !== 'number') throw new UsageError(`version: expected a version number (1, 2, …), found "${version}"`);
  return { stack, version: ref, ...(flags.reason !== undefined ? { reason: flags.reason } : {}) };
}
