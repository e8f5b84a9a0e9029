// The config check that runs before a command's workflow loads (issue 16). The build makes this
// module its own CommonJS file, dist/config-check.cjs, which the shell (dist/cli.cjs) requires:
// a config error then answers without starting Node's ES module loader. It holds what that check
// and its report need (yaml, zod, the schema, the error line) and nothing of the workflows; the
// command's run (runner.ts) reports failures and takes the config it checked with its own copy
// of failure.ts and checked-config.ts, which load neither yaml nor zod.
import type { LoggerOptions } from '../core/logger.js';
import { findConfigFile, loadConfig } from '../core/config.js';
import { parseOutputFormat } from '../core/output.js';
import { detectTerminal } from './terminal.js';
import type { GlobalOptions } from './global-options.js';
import { configRequestOf, keepCheckedConfig } from './checked-config.js';
import { logOptionsOf, reportFailure } from './failure.js';

/**
 * Checks the config file before the command's workflow is loaded, for the shell (src/cli.ts) to
 * call first: a config error then costs the runner, yaml and zod, not the workflow's modules too
 * (about 17 ms of deploy's start, issue 16). It runs what runCommand (runner.ts) runs before the
 * config, in the same order, so the first error found is the one runCommand would report, and
 * reports it the same way (exit code in `process.exitCode`); it returns false then, and the
 * command must not run. A file found and valid is kept for runCommand, which does not read it
 * again. With no file it decides nothing (whether one is needed is the command's to say; a bad
 * `--stack` is then the command's to report too), nor with `--query`, whose own checks come first
 * and load their library.
 */
export async function checkConfigFirst(globals: GlobalOptions): Promise<boolean> {
  if (globals.query !== undefined) return true;
  let loggerOptions: LoggerOptions | undefined;
  try {
    const terminal = detectTerminal(process, globals.color === false);
    loggerOptions = logOptionsOf(globals, terminal, (write) => write()).options;
    parseOutputFormat(globals.output);
    // No file: whether one is needed, and so which error comes first, is the command's to say.
    if (findConfigFile(process.cwd(), globals.config) === undefined) return true;
    keepCheckedConfig(globals, loadConfig(configRequestOf(globals, false)));
    return true;
  } catch (error) {
    await reportFailure(error, undefined, loggerOptions, globals);
    return false;
  }
}
