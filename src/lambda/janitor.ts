/**
 * The janitor function `sagectl janitor install` deploys: on each scheduled event it runs
 * sagectl's own bulk teardown (`teardown --idle <window> [--pause]`, over the regions and
 * accounts the settings name), logs one JSON report line, and fails the invocation when part of
 * the run failed, so the function's Errors alarm tells a person. Bundled with its dependencies
 * by scripts/build-janitor.mjs from this same source: the selection and teardown are not
 * rewritten for Lambda.
 */
import { pino } from 'pino';
import type { CommandContext } from '../core/context.js';
import { systemClock } from '../core/clock.js';
import { parseDuration } from '../core/duration.js';
import { ExitCode, messageOf } from '../core/errors.js';
import { ServiceFactory } from '../services/factory.js';
import { teardown, teardownExitCode, teardownServices, type TeardownOptions } from '../commands/teardown/index.js';
import { fleetTeardown, fleetTeardownExitCode } from '../commands/fleet/teardown.js';
import { settingsOfEvent, targetSpecOf, type JanitorSettings } from '../commands/janitor/settings.js';
import type { ClientOptions } from '../core/clients.js';

/** One run's report: the settings, what was selected and why, what was deleted or paused, what failed. */
export interface JanitorReport {
  sagectlJanitorReport: 1;
  startedAt: string;
  finishedAt: string;
  settings: JanitorSettings;
  exitCode: ExitCode;
  result?: unknown;
  error?: string;
}

/** Where the run's dependencies come from; tests pass the moto endpoint and a recording log. */
export interface JanitorRuntime {
  clientOptions: Omit<ClientOptions, 'logger'>;
  /** One line of output (the function's log group). */
  write(line: string): void;
}

/** A command context for an unattended run: no terminal, no prompt (the schedule is the confirmation). */
function janitorContext(runtime: JanitorRuntime): CommandContext {
  const logger = pino({ level: 'info', base: { component: 'sagectl-janitor' } }, { write: (line: string) => runtime.write(line.trimEnd()) });
  const never = (): never => {
    throw new Error('the janitor asks nobody');
  };
  return {
    config: {},
    cwd: process.cwd(),
    logger,
    clock: systemClock,
    progress: { report: () => undefined, done: () => undefined, pause: () => undefined, resume: () => undefined },
    signal: new AbortController().signal,
    interactive: false,
    confirm: never,
    ask: never,
    clientOptions: { ...runtime.clientOptions, logger },
    terminal: { stdin: false, stdout: false, stderr: false },
    stdin: { isTTY: false, [Symbol.asyncIterator]: async function* () {} },
    color: false,
    logFormat: 'json',
    out: (line) => runtime.write(line),
    err: (line) => runtime.write(line),
    git: () => Promise.resolve(undefined),
  };
}

/** Runs the cleanup the event's settings describe and returns its report (also written as one JSON line). */
export async function runJanitor(event: unknown, runtime: JanitorRuntime): Promise<JanitorReport> {
  const startedAt = new Date().toISOString();
  const settings = settingsOfEvent(event);
  const ctx = janitorContext(runtime);
  const options: TeardownOptions = {
    criteria: { stacks: [], all: false, tags: {}, idleMs: parseDuration(settings.idle, 'settings.idle') },
    yes: true,
    dryRun: settings.dryRun,
    force: false,
    concurrency: 4,
    ...(settings.pause ? { pause: true } : {}),
  };
  const spec = targetSpecOf(settings, runtime.clientOptions.region ?? 'us-east-1');
  let report: JanitorReport;
  try {
    const result = spec
      ? await fleetTeardown(ctx, spec, options)
      : await teardown(ctx, teardownServices(new ServiceFactory(ctx.clientOptions), false), options);
    const exitCode = 'targets' in result ? fleetTeardownExitCode(result) : teardownExitCode(result);
    report = { sagectlJanitorReport: 1, startedAt, finishedAt: new Date().toISOString(), settings, exitCode, result };
  } catch (error) {
    report = { sagectlJanitorReport: 1, startedAt, finishedAt: new Date().toISOString(), settings, exitCode: ExitCode.AwsRefused, error: messageOf(error) };
  }
  runtime.write(JSON.stringify(report));
  return report;
}

/**
 * The Lambda entry point. A run with failures throws after its report is written: the
 * invocation counts as an error, and the `sagectl-janitor-errors` alarm goes off.
 */
export async function handler(event: unknown): Promise<JanitorReport> {
  const report = await runJanitor(event, {
    clientOptions: { ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}) },
    write: (line) => process.stdout.write(`${line}\n`),
  });
  if (report.exitCode !== ExitCode.Ok) throw new Error(`sagectl janitor: part of the run failed (exit ${report.exitCode}); see its report in the log`);
  return report;
}
