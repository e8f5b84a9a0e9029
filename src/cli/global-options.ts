// The global options' type on its own: the shell's parts (runner, config check, failure reporting)
// and every command's entry take it, and none of them need each other for it.

/** The options every command takes (DESIGN.md "Global options"). */
export interface GlobalOptions {
  config?: string;
  stack?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  requestTimeout?: string;
  output?: string;
  /** A JMESPath expression applied to the `--output json` result. */
  query?: string;
  logLevel?: string;
  logFormat?: string;
  yes?: boolean;
  /** False with `--no-color`. */
  color?: boolean;
}
