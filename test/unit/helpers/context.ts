import { vi } from 'vitest';
import type { CommandContext } from '../../../src/core/context.js';
import type { Config } from '../../../src/core/schema.js';
import type { PollProgress } from '../../../src/core/poller.js';
import { fakeClock, type FakeClock } from './clock.js';
import { recordingLogger, type RecordingLogger } from './logger.js';
import { gitInfoOnce } from '../../../src/core/tags.js';

export interface TestContext extends CommandContext {
  clock: FakeClock;
  log: RecordingLogger;
  progressReports: PollProgress[];
  abort(): void;
  confirm: ReturnType<typeof vi.fn<(question: string) => Promise<boolean>>>;
  ask: ReturnType<typeof vi.fn<(question: string, suggestion?: string) => Promise<string>>>;
  /** What the command wrote with `ctx.out` (stdout) and `ctx.err` (stderr), one entry per line. */
  stdoutLines: string[];
  stderrLines: string[];
  /** How many times git was read (the context reads it at most once). */
  gitReads(): number;
}

type Overridable = 'interactive' | 'configFile' | 'git' | 'logFormat' | 'terminal' | 'color' | 'stdin' | 'cwd' | 'environmentRegion';

/** A command context with a fake clock, a recording logger, no terminal, no git, and captured output lines. */
export function testContext(config: Config = {}, overrides: Partial<Pick<CommandContext, Overridable>> = {}): TestContext {
  const log = recordingLogger();
  const controller = new AbortController();
  const progressReports: PollProgress[] = [];
  const stdoutLines: string[] = [];
  const stderrLines: string[] = [];
  let gitReads = 0;
  const git = gitInfoOnce(() => {
    gitReads++;
    return Promise.resolve(undefined);
  });
  return {
    config,
    cwd: '/project',
    logger: log.logger,
    log,
    clock: fakeClock(),
    progressReports,
    progress: { report: (p) => progressReports.push(p), done: () => undefined, pause: () => undefined, resume: () => undefined },
    signal: controller.signal,
    abort: () => controller.abort(new Error('interrupted')),
    interactive: false,
    confirm: vi.fn<(question: string) => Promise<boolean>>().mockResolvedValue(false),
    ask: vi.fn<(question: string, suggestion?: string) => Promise<string>>().mockImplementation((_q, suggestion) => Promise.resolve(suggestion ?? '')),
    clientOptions: { logger: log.logger, region: 'us-east-1' },
    terminal: { stdin: false, stdout: false, stderr: false },
    stdin: { isTTY: false, [Symbol.asyncIterator]: async function* () {} },
    color: false,
    logFormat: 'json',
    stdoutLines,
    stderrLines,
    out: (line) => void stdoutLines.push(line),
    err: (line) => void stderrLines.push(line),
    git,
    gitReads: () => gitReads,
    ...overrides,
  };
}
