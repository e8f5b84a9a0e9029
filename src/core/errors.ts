/**
 * Typed errors. Commands throw these; only the CLI shell turns them into exit codes
 * (see DESIGN.md "Exit codes"), so a workflow never calls `process.exit`.
 */

/** Exit codes of DESIGN.md, in one place. */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  Usage: 2,
  AwsRefused: 3,
  ResourceFailed: 4,
  TimedOut: 5,
  Network: 6,
  /** `sagectl drift` found drift: a finding, not a failure, told apart so cron can act on it. */
  Drift: 7,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can act on: it carries an exit code and, where we know one, a resolution. */
export class SagectlError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** What the user can do about it, e.g. "run `sagectl teardown churn` to remove what was created". */
    readonly resolution?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flag, bad config or bad payload. Thrown before anything is sent to AWS. Exit 2. */
export class UsageError extends SagectlError {
  constructor(message: string, resolution?: string) {
    super(message, ExitCode.Usage, resolution);
  }
}

/** The config file failed to load or validate. Exit 2. */
export class ConfigError extends UsageError {}

/** AWS refused a request after retries (access denied, validation, limits). Exit 3. */
export class AwsRequestError extends SagectlError {
  constructor(
    /** The API operation, e.g. `CreateEndpoint`. */
    readonly operation: string,
    /** The SDK's error name, e.g. `AccessDeniedException`. */
    readonly awsCode: string,
    message: string,
    options?: { cause?: unknown; resolution?: string },
  ) {
    super(`${operation} was refused (${awsCode}): ${message}`, ExitCode.AwsRefused, options?.resolution, options);
  }
}

/** AWS refused a request as throttled, and the SDK's own retries did not get it through. */
export function isThrottling(error: unknown): error is AwsRequestError {
  return error instanceof AwsRequestError && /Throttl|TooManyRequests|RateExceeded/i.test(error.awsCode);
}

/**
 * AWS never answered, or something else answered in its place: no answer in time, connection
 * refused or reset, a name that does not resolve, an HTML page from a proxy. Exit 6, apart from
 * 3 because nothing was refused: the same command may well work once the network, the region or
 * `--endpoint-url` is fixed, and a cron job can tell "retry later" from "AWS said no". Whether a
 * request that changes something took effect is unknown, so re-running (which converges) is the fix.
 */
export class NetworkError extends SagectlError {
  constructor(
    /** The API operation, e.g. `ListEndpoints`. */
    readonly operation: string,
    message: string,
    options?: { cause?: unknown; resolution?: string },
  ) {
    super(message, ExitCode.Network, options?.resolution, options);
  }
}

/** The resource itself failed: endpoint `Failed`, update rolled back. Exit 4. */
export class ResourceFailedError extends SagectlError {
  constructor(message: string, resolution?: string) {
    super(message, ExitCode.ResourceFailed, resolution);
  }
}

/** Waiting ran out of time; the resource goes on in AWS. Exit 5. */
export class WaitTimeoutError extends SagectlError {
  constructor(message: string, resolution?: string) {
    super(message, ExitCode.TimedOut, resolution);
  }
}

/** The user pressed Ctrl-C. Exit 130. */
export class InterruptedError extends SagectlError {
  constructor(message: string, resolution?: string) {
    super(message, ExitCode.Interrupted, resolution);
  }
}

/** The exit code for any thrown value: ours carry one, anything else is a bug (1). */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof SagectlError ? error.exitCode : ExitCode.Internal;
}

/**
 * A state sagectl's own code should never reach: a bug, not something the user can act on. Not a
 * {@link SagectlError}, so the shell reports it as one (exit 1, "please report it").
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
