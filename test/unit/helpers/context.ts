import { vi } from 'vitest';
import type { CommandContext } from '../../../src/core/context.js';
import type { Config } from '../../../src/core/schema.js';
import type { PollProgress } from '../../../src/core/poller.js';
import { fakeClock, type FakeClock } from './clock.js';
import { recordingLogger, type RecordingLogger } from './logger.js';

export interface TestContext extends CommandContext {
  clock: FakeClock;
  log: RecordingLogger;
  progressReports: PollProgress[];
  abort(): void;
  confirm: ReturnType<typeof vi.fn<(question: string) => Promise<boolean>>>;
}

/** A command context with a fake clock, a recording logger and no terminal. */
export function testContext(config: Config = {}, overrides: Partial<Pick<CommandContext, 'interactive' | 'configFile'>> = {}): TestContext {
  const log = recordingLogger();
  const controller = new AbortController();
  const progressReports: PollProgress[] = [];
  return {
    config,
    logger: log.logger,
    log,
    clock: fakeClock(),
    progressReports,
    progress: { report: (p) => progressReports.push(p), done: () => undefined },
    signal: controller.signal,
    abort: () => controller.abort(new Error('interrupted')),
    interactive: false,
    confirm: vi.fn<(question: string) => Promise<boolean>>().mockResolvedValue(false),
    clientOptions: { logger: log.logger, region: 'us-east-1' },
    ...overrides,
  };
}
