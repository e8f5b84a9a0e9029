// Types of moto.mjs (which stays plain JavaScript so scripts/demo.mjs can use it without a build).
/** One AWS request the launcher saw. */
export interface RecordedRequest {
  /** X-Amz-Target ("SageMaker.CreateModel"), else the Action parameter ("CreateRole"), else "METHOD /path". */
  target: string;
  /** The signing service from the request's credential scope ("sagemaker", "iam", …), or "". */
  service: string;
  /** InvokeEndpoint only: the X-Amzn-SageMaker-Target-Variant header, when sent. */
  targetVariant?: string;
}
export interface RequestLog {
  count: number;
  requests: RecordedRequest[];
}
export interface MotoServer {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  /** Stops the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
  /** AWS requests received since start or the last reset. */
  requestCount(): Promise<number>;
  resetRequests(): Promise<void>;
}
/**
 * Makes `<root>/.venv` hold the moto pinned in test/e2e/requirements.txt and returns the
 * path of its Python. Creates the venv with `python3 -m venv` when missing; runs pip only
 * when the installed moto is not the pinned version or requirements.txt changed since the
 * last install, so a ready venv costs one `import moto`.
 */
export declare function ensureVenv(root?: string): Promise<string>;
/** The AWS requests a launcher at `endpoint` has counted. */
export declare function readRequestLog(endpoint: string): Promise<RequestLog>;
export declare function resetRequestLog(endpoint: string): Promise<void>;
/** Starts the patched moto server on a free 127.0.0.1 port (creating the venv if needed). */
/** The repository root. */
export declare const PROJECT_ROOT: string;
export declare function startMoto(opts?: { root?: string; port?: number }): Promise<MotoServer>;
/**
 * The environment for spawning sagectl against moto: every AWS_* variable of `base` is
 * dropped (profiles, session tokens, per-service endpoint overrides), then the endpoint,
 * region and fake credentials are set, and the shared config/credentials files point at
 * paths that do not exist, so ~/.aws is never read and no real account is reachable.
 */
export declare function e2eEnv(endpoint: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
