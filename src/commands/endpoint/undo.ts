import { SagectlError, messageOf } from '../../core/errors.js';
import type { CommandContext } from '../../core/context.js';
import type { SageMakerService } from '../../services/sagemaker.js';

/** A model or endpoint config a run created (or adopted), as its plan names it. */
export interface CreatedStep {
  kind: string;
  name: string;
}

/**
 * After AWS refused a step half-way through a deploy or an update (CreateEndpointConfig,
 * CreateEndpoint, UpdateEndpoint), removes what this run created before it (best effort, newest
 * first), so a refusal leaves nothing behind unmentioned. Only what never served comes here: a run
 * creates (or adopts, endpoint/adopt.ts) configs without a `sagectl:went-live` record, and the
 * endpoint never ran them.
 * Returns the error to throw: the same exit code, its message saying what was removed, and what
 * could not be, with the command that removes it.
 */
/**
 * When the endpoint may be taking what this run created (a create or update refused as a
 * duplicate because the first attempt went through and only its answer was lost): removes
 * nothing, and returns the error naming what was kept and the commands that remove it once the
 * endpoint runs something else.
 */
export function keepCreated(created: readonly CreatedStep[], error: unknown, why: string): unknown {
  if (!(error instanceof SagectlError) || created.length === 0) return error;
  const kept = created.map((s) => `${s.kind} ${s.name}`).join(', ');
  const commands = created.map(removeCommand).join('` and `');
  return new SagectlError(
    `${error.message} (${why}: kept what this run created, ${kept})`,
    error.exitCode,
    [error.resolution, `if \`sagectl status\` shows the endpoint does not run them, remove them with \`${commands}\``].filter(Boolean).join('; '),
    { cause: error },
  );
}

/** The AWS CLI command that removes a model or endpoint config. */
function removeCommand(s: CreatedStep): string {
  return s.kind === 'model' ? `aws sagemaker delete-model --model-name ${s.name}` : `aws sagemaker delete-endpoint-config --endpoint-config-name ${s.name}`;
}

/**
 * After a refused create or switch: removes what this run created (newest first) and returns the
 * error to throw, which says what was removed, what still serves, and the command for anything left.
 */
export async function undoCreated(
  ctx: CommandContext,
  sagemaker: Pick<SageMakerService, 'deleteModel' | 'deleteEndpointConfig'>,
  created: readonly CreatedStep[],
  error: unknown,
  /** What still serves, said first in the message (an update's refusal leaves the endpoint as it was). */
  still?: string,
): Promise<unknown> {
  if (created.length === 0 && still === undefined) return error;
  const removed: string[] = [];
  const left: CreatedStep[] = [];
  for (const step of [...created].reverse()) {
    try {
      if (step.kind === 'model') await sagemaker.deleteModel(step.name);
      else if (step.kind === 'endpoint-config') await sagemaker.deleteEndpointConfig(step.name);
      else throw new Error(`no undo for ${step.kind}`);
      removed.push(`${step.kind} ${step.name}`);
    } catch (undoError) {
      ctx.logger.warn(`could not remove ${step.kind} ${step.name} created by this run: ${messageOf(undoError)}`);
      left.push(step);
    }
  }
  const notes = [
    ...(still !== undefined ? [still] : []),
    ...(removed.length > 0 ? [`removed what this run had created: ${removed.join(', ')}`] : []),
    ...(left.length > 0 ? [`left what this run created: ${left.map((s) => `${s.kind} ${s.name}`).join(', ')}`] : []),
  ];
  const removeLeft = left.map(removeCommand);
  if (!(error instanceof SagectlError)) {
    ctx.logger.warn(notes.join('; '));
    return error;
  }
  const resolution = [error.resolution, removeLeft.length > 0 ? `remove what was left with \`${removeLeft.join('` and `')}\`` : undefined]
    .filter(Boolean)
    .join('; ');
  return new SagectlError(`${error.message} (${notes.join('; ')})`, error.exitCode, resolution || undefined, { cause: error });
}
