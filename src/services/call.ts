import type { Logger } from 'pino';
import { translateAwsError } from '../core/aws-errors.js';

/**
 * Runs one SDK call and translates its errors (core/aws-errors.ts). With `isNotFound`, the
 * service's own way of saying "not found" yields `undefined` instead: each service wrapper
 * passes its one named helper (isIamNotFound, isLambdaNotFound, …).
 */
export async function awsCall<T>(logger: Logger, operation: string, send: () => Promise<T>, isNotFound?: (error: unknown) => boolean): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    if (isNotFound?.(error)) {
      logger.debug({ operation }, `${operation}: not found`);
      return undefined;
    }
    throw translateAwsError(operation, error);
  }
}

/** Like {@link awsCall} for calls whose "not found" is an error like any other. */
export async function awsCallStrict<T>(logger: Logger, operation: string, send: () => Promise<T>): Promise<T> {
  return (await awsCall(logger, operation, send)) as T;
}

/** Whether an SDK error carries this name. */
export function hasErrorName(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

/** Runs a Delete call: `deleted`, or `absent` when the service says the resource is not there. */
export async function deleteIfExists(
  logger: Logger,
  operation: string,
  send: () => Promise<unknown>,
  isNotFound: (error: unknown) => boolean,
): Promise<'deleted' | 'absent'> {
  const done = await awsCall(
    logger,
    operation,
    async () => {
      await send();
      return true;
    },
    isNotFound,
  );
  return done ? 'deleted' : 'absent';
}
