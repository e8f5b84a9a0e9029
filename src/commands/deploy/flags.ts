import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import type { ModelSourceRef } from '../model/source.js';
import { parseVersionRef, type VersionRef } from '../model/version.js';
import type { DeployFlags } from './cli.js';

/** What `sagectl deploy`'s flags ask for, every value read and checked. */
export interface DeployFlagOptions {
  wait: boolean;
  timeoutMs: number;
  dryRun: boolean;
  /** true: --protect, false: --unprotect, absent: leave the protection as it is. */
  protect?: boolean;
  /** --from-training-job / --from-tuning-job. */
  modelSource?: ModelSourceRef;
  /** --model-version. */
  modelVersion?: VersionRef;
  allowUnapproved: boolean;
  /** --smoke-test: the payload file, read once the config is known. */
  smokeTest?: string;
}

/** Reads deploy's flags; a bad value is a usage error (exit 2) naming the flag, before any request. */
export function parseDeployFlags(flags: DeployFlags): DeployFlagOptions {
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  if (flags.protect && flags.unprotect) throw new UsageError('--protect and --unprotect contradict each other: pass one');
  if (flags.allowUnapproved && flags.modelVersion === undefined) throw new UsageError('--allow-unapproved goes with --model-version');
  const modelSource: ModelSourceRef | undefined =
    flags.fromTrainingJob !== undefined
      ? { trainingJob: flags.fromTrainingJob }
      : flags.fromTuningJob !== undefined
        ? { tuningJob: flags.fromTuningJob }
        : undefined;
  return {
    wait: flags.wait,
    timeoutMs,
    dryRun: Boolean(flags.dryRun),
    ...(flags.protect ? { protect: true } : flags.unprotect ? { protect: false } : {}),
    ...(modelSource ? { modelSource } : {}),
    ...(flags.modelVersion !== undefined ? { modelVersion: parseVersionRef(flags.modelVersion) } : {}),
    allowUnapproved: Boolean(flags.allowUnapproved),
    ...(flags.smokeTest !== undefined ? { smokeTest: flags.smokeTest } : {}),
  };
}
