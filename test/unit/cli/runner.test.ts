import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { runCommand, type CommandSpec } from '../../../src/cli/runner.js';
import type { GlobalOptions } from '../../../src/cli/global-options.js';
import { checkConfigFirst } from '../../../src/cli/config-check.js';
import { reportError } from '../../../src/cli/failure.js';
import type { CommandContext } from '../../../src/core/context.js';
import { AwsRequestError, ConfigError, ExitCode, InterruptedError, ResourceFailedError, UsageError, WaitTimeoutError } from '../../../src/core/errors.js';
import { systemClock } from '../../../src/core/clock.js';
import { recordingLogger } from '../helpers/logger.js';
import { memoryStream } from '../helpers/streams.js';

interface Outcome {
  exitCode: number | string | undefined;
  stdout: string;
  stderr: string;
  logs: { level: number; msg: string; [k: string]: unknown }[];
}

const BUG = '(this is a bug in sagectl: please report it with the output of --log-level debug)';

let dir: string;
let savedExitCode: typeof process.exitCode;
const savedTTY = { stdin: process.stdin.isTTY, stderr: process.stderr.isTTY };

beforeEach(() => {
  savedExitCode = process.exitCode;
  process.exitCode = undefined;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagectl-runner-'));
  // loadConfig searches the working directory: make it an empty temp dir.
  vi.spyOn(process, 'cwd').mockReturnValue(dir);
});

afterEach(() => {
  vi.unstubAllEnvs();
  process.exitCode = savedExitCode;
  process.stdin.isTTY = savedTTY.stdin;
  process.stderr.isTTY = savedTTY.stderr;
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs a command as the CLI does and captures stdout, stderr and the JSON log lines
 * (pino's fd-2 destination is swapped for a memory stream). process.exitCode is read and reset.
 */
async function run<R>(globals: GlobalOptions, spec: CommandSpec<R>): Promise<Outcome> {
  const logStream = memoryStream();
  vi.spyOn(pino, 'destination').mockReturnValue(logStream as unknown as ReturnType<typeof pino.destination>);
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    await runCommand({ logFormat: 'json', ...globals }, spec);
    // A failure before the logger starts writes its one JSON log line to stderr itself.
    const stderrLines = stderr.split(/(?<=\n)/);
    const early = stderrLines.filter((l) => l.startsWith('{"level":'));
    return {
      exitCode: process.exitCode,
      stdout,
      stderr: stderrLines.filter((l) => !early.includes(l)).join(''),
      logs: [...early, ...logStream.text().split('\n')].filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Outcome['logs'][number]),
    };
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
    vi.mocked(process.stderr.write).mockRestore();
    process.exitCode = undefined;
  }
}

interface Result {
  stack: string | undefined;
  status: string;
}

function spec(run: (ctx: CommandContext) => Promise<Result>, extra: Partial<CommandSpec<Result>> = {}): CommandSpec<Result> {
  return { needsConfig: false, run, render: (r) => `${r.stack ?? '-'}: ${r.status}`, ...extra };
}

const ok = spec(async (ctx) => ({ stack: ctx.config.name, status: 'InService' }));

describe('runCommand: success', () => {
  it('writes the rendered result to stdout and exits 0', async () => {
    fs.writeFileSync(path.join(dir, 'sagectl.yaml'), 'name: churn\n');
    const outcome = await run({}, ok);
    expect(outcome).toEqual({ exitCode: 0, stdout: 'churn: InService\n', stderr: '', logs: [] });
  });

  it('--output json writes one JSON document of the result', async () => {
    fs.writeFileSync(path.join(dir, 'sagectl.yaml'), 'name: churn\n');
    const outcome = await run({ output: 'json' }, ok);
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual({ stack: 'churn', status: 'InService' });
  });

  it("uses the spec's exit code for a result that is printed but not a full success", async () => {
    const outcome = await run(
      {},
      spec(async () => ({ stack: 'a', status: 'partly deleted' }), { exitCode: () => ExitCode.ResourceFailed }),
    );
    expect(outcome.exitCode).toBe(4);
    expect(outcome.stdout).toBe('a: partly deleted\n');
  });

  it('builds the context from the global options and the config', async () => {
    fs.mkdirSync(path.join(dir, 'configs'));
    fs.writeFileSync(path.join(dir, 'configs', 'dev.yaml'), 'name: churn\nregion: us-east-1\n');
    // --profile must name a profile that exists (core/aws-target.ts).
    fs.writeFileSync(path.join(dir, 'aws-config'), '[profile ci]\nregion = eu-west-1\n');
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'aws-config'));
    let seen: CommandContext | undefined;
    const outcome = await run(
      { config: 'configs/dev.yaml', stack: 'exp-7', region: 'eu-west-1', profile: 'ci', endpointUrl: 'http://127.0.0.1:5000', logLevel: 'debug' },
      spec(async (ctx) => {
        seen = ctx;
        return { stack: ctx.config.name, status: 'ok' };
      }),
    );
    expect(outcome.exitCode).toBe(0);
    expect(seen?.config).toEqual({ name: 'exp-7', region: 'eu-west-1' });
    expect(seen?.configFile).toBe(path.join(dir, 'configs', 'dev.yaml'));
    expect(seen?.clientOptions).toEqual({ logger: seen?.logger, region: 'eu-west-1', profile: 'ci', endpointUrl: 'http://127.0.0.1:5000' });
    expect(seen?.logger.level).toBe('debug');
    expect(seen?.clock).toBe(systemClock);
    expect(seen?.interactive).toBe(false);
    expect(seen?.signal.aborted).toBe(false);
  });

  it('leaves region, profile and endpoint out of the client options when none is given', async () => {
    let seen: CommandContext | undefined;
    await run(
      {},
      spec(async (ctx) => {
        seen = ctx;
        return { stack: undefined, status: 'ok' };
      }),
    );
    expect(seen?.configFile).toBeUndefined();
    expect(Object.keys(seen?.clientOptions ?? {})).toEqual(['logger']);
  });

  it('carries the working directory and the region the environment names (AWS_REGION before AWS_DEFAULT_REGION)', async () => {
    const seen: CommandContext[] = [];
    const capture = spec(async (ctx) => {
      seen.push(ctx);
      return { stack: undefined, status: 'ok' };
    });
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    await run({}, capture);
    vi.stubEnv('AWS_DEFAULT_REGION', 'eu-west-1');
    await run({}, capture);
    vi.stubEnv('AWS_REGION', 'ap-south-1');
    await run({}, capture);
    expect(seen.map((c) => [c.cwd, c.environmentRegion])).toEqual([
      [dir, undefined],
      [dir, 'eu-west-1'],
      [dir, 'ap-south-1'],
    ]);
  });

  it('off a terminal, progress goes to the log, one line per status change', async () => {
    const outcome = await run(
      {},
      spec(async (ctx) => {
        ctx.progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 0 });
        ctx.progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 5000 });
        return { stack: 'a', status: 'ok' };
      }),
    );
    expect(outcome.logs.map((l) => l.msg)).toEqual(['creating endpoint: Creating after 0ms']);
    expect(outcome.stderr).toBe('');
  });

  it('removes its Ctrl-C handler when done', async () => {
    const before = process.listenerCount('SIGINT');
    await run({}, ok);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('runCommand: errors become exit codes', () => {
  it.each([
    ['UsageError', 2, new UsageError('bad payload', 'send 13 features')],
    ['ConfigError', 2, new ConfigError('sagectl.yaml:3:17: endpoint.instanceType: bad')],
    ['AwsRequestError', 3, new AwsRequestError('CreateEndpoint', 'AccessDeniedException', 'no', { resolution: 'grant it' })],
    ['ResourceFailedError', 4, new ResourceFailedError('endpoint churn is Failed', 'see `sagectl logs churn`')],
    ['WaitTimeoutError', 5, new WaitTimeoutError('timed out after 1h', 'run `sagectl teardown churn`')],
    ['InterruptedError', 130, new InterruptedError('interrupted while waiting', 'run `sagectl teardown churn`')],
  ] as const)('%s → exit %d, one error line with the resolution, nothing on stdout', async (_name, code, error) => {
    const outcome = await run(
      {},
      spec(async () => {
        throw error;
      }),
    );
    expect(outcome.exitCode).toBe(code);
    expect(outcome.stdout).toBe('');
    expect(outcome.logs).toHaveLength(1);
    expect(outcome.logs[0]).toMatchObject({
      level: 50,
      exitCode: code,
      msg: error.resolution ? `${error.message}\n  → ${error.resolution}` : error.message,
    });
  });

  it('an error of ours without a resolution is just its message', async () => {
    const outcome = await run(
      {},
      spec(async () => {
        throw new UsageError('no stack: pass --stack');
      }),
    );
    expect(outcome.logs.map((l) => l.msg)).toEqual(['no stack: pass --stack']);
  });

  it.each([
    ['an Error', new TypeError("Cannot read properties of undefined (reading 'x')"), "Cannot read properties of undefined (reading 'x')"],
    ['a thrown string', 'boom', 'boom'],
  ])('%s is a bug: exit 1, one line saying so, no stack trace at info', async (_what, thrown, message) => {
    const outcome = await run(
      {},
      spec(async () => {
        // A thrown non-Error is exactly what this test is about.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw thrown;
      }),
    );
    expect(outcome.exitCode).toBe(1);
    expect(outcome.logs).toHaveLength(1);
    expect(outcome.logs[0]?.msg).toBe(`internal error: ${message} ${BUG}`);
    expect(outcome.logs[0]?.err).toBeUndefined();
  });

  it('a bug at debug level logs the stack trace', async () => {
    const outcome = await run(
      { logLevel: 'debug' },
      spec(async () => {
        throw new Error('boom');
      }),
    );
    expect(outcome.exitCode).toBe(1);
    expect(outcome.logs[0]).toMatchObject({ level: 50, msg: `internal error: boom ${BUG}`, err: { type: 'Error', message: 'boom' } });
    expect((outcome.logs[0]?.err as { stack: string }).stack).toContain('runner.test.ts');
  });

  it('a missing config file, when the command needs one, is exit 2 before anything runs', async () => {
    const runSpy = vi.fn(async () => ({ stack: 'x', status: 'ok' }));
    const outcome = await run({}, spec(runSpy, { needsConfig: true }));
    expect(outcome.exitCode).toBe(2);
    expect(runSpy).not.toHaveBeenCalled();
    expect(outcome.logs[0]?.msg).toBe(
      `no config file: looked for sagectl.yaml, sagectl.yml, sagectl.json in ${dir}\n  → create sagectl.yaml (see examples/) or pass --config PATH`,
    );
  });

  it('an invalid config is exit 2 with file:line:col, before anything runs', async () => {
    fs.writeFileSync(path.join(dir, 'sagectl.yaml'), 'name: churn\nendpoint:\n  instanceType: m5.large\n');
    const runSpy = vi.fn(async () => ({ stack: 'x', status: 'ok' }));
    const outcome = await run({}, spec(runSpy));
    expect(outcome.exitCode).toBe(2);
    expect(runSpy).not.toHaveBeenCalled();
    expect(outcome.logs[0]?.msg).toBe(
      'sagectl.yaml:3:17: endpoint.instanceType: expected a SageMaker instance type for endpoints (did you mean ml.m5.large?), found "m5.large"',
    );
  });

  it('an invalid --stack is exit 2', async () => {
    const outcome = await run({ stack: 'bad_stack' }, ok);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.logs[0]?.msg).toMatch(/^--stack "bad_stack" may hold only/);
  });

  it('a failure before the command runs writes its JSON log line without starting the logger', async () => {
    const outcome = await run({ output: 'yaml' }, ok);
    expect(pino.destination).not.toHaveBeenCalled();
    expect(outcome.logs).toEqual([{ level: 50, time: expect.any(String) as unknown, exitCode: 2, msg: '--output: expected text or json, found "yaml"' }]);
    expect(outcome.stderr).toBe('');
  });

  it.each(['fatal', 'silent'])('a failure before the command runs writes nothing at --log-level %s', async (logLevel) => {
    const outcome = await run({ output: 'yaml', logLevel }, ok);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.logs).toEqual([]);
    expect(outcome.stderr).toBe('');
  });

  it('an invalid --output is exit 2', async () => {
    const outcome = await run({ output: 'yaml' }, ok);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.logs[0]?.msg).toBe('--output: expected text or json, found "yaml"');
  });

  it('an invalid --log-level is exit 2, written plainly to stderr (there is no logger yet)', async () => {
    const runSpy = vi.fn(async () => ({ stack: 'x', status: 'ok' }));
    const outcome = await run({ logLevel: 'verbose' }, spec(runSpy));
    expect(outcome.exitCode).toBe(2);
    expect(runSpy).not.toHaveBeenCalled();
    expect(outcome.stderr).toBe('error: --log-level: expected one of fatal, error, warn, info, debug, trace, silent, found "verbose"\n');
    expect(outcome.logs).toEqual([]);
  });

  it('an invalid --log-format is exit 2, written plainly to stderr', async () => {
    const outcome = await run({ logFormat: 'xml' }, ok);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toBe('error: --log-format: expected pretty or json, found "xml"\n');
  });

  it('a failing exitCode() or render() is a bug, exit 1', async () => {
    const outcome = await run(
      {},
      spec(async () => ({ stack: 'a', status: 'ok' }), {
        render: () => {
          throw new Error('render broke');
        },
      }),
    );
    expect(outcome.exitCode).toBe(1);
    expect(outcome.logs[0]?.msg).toBe(`internal error: render broke ${BUG}`);
  });

  it('removes its Ctrl-C handler after a failure too', async () => {
    const before = process.listenerCount('SIGINT');
    await run(
      {},
      spec(async () => {
        throw new Error('x');
      }),
    );
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('checkConfigFirst (the shell, before a workflow loads)', () => {
  /** What a call writes and the exit code it leaves, log times blanked. */
  async function captured(call: () => Promise<unknown>): Promise<{ returned: unknown; exitCode: unknown; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
    try {
      const returned = await call();
      const blank = (text: string): string => text.replace(/"time":"[^"]*"/g, '"time":"-"');
      return { returned, exitCode: process.exitCode, stdout: blank(stdout), stderr: blank(stderr) };
    } finally {
      vi.mocked(process.stdout.write).mockRestore();
      vi.mocked(process.stderr.write).mockRestore();
      process.exitCode = undefined;
    }
  }

  const INVALID = 'name: churn\nendpoint:\n  instanceType: m5.large\n';
  it.each<[string, GlobalOptions, string | undefined]>([
    ['an invalid config', {}, INVALID],
    ['an invalid config, --output json', { output: 'json' }, INVALID],
    ['YAML that does not parse', {}, 'name: [churn\n'],
    ['--config naming no file', { config: 'missing.yaml' }, undefined],
    ['a bad --stack beside a good config', { stack: 'bad_stack' }, 'name: churn\n'],
    ['a bad --region beside a good config', { region: 'moon-1' }, 'name: churn\n'],
    ['a bad --log-level before an invalid config', { logLevel: 'verbose' }, INVALID],
    ['a bad --output before an invalid config', { output: 'yaml' }, INVALID],
    ['an invalid config at --log-level silent', { logLevel: 'silent' }, INVALID],
  ])('%s: reports exactly what runCommand reports, and the workflow does not run', async (_name, flags, file) => {
    if (file !== undefined) fs.writeFileSync(path.join(dir, 'sagectl.yaml'), file);
    const globals: GlobalOptions = { logFormat: 'json', ...flags };
    const first = await captured(() => checkConfigFirst(globals));
    const runSpy = vi.fn(async () => ({ stack: 'x', status: 'ok' }));
    const whole = await captured(() => runCommand(globals, spec(runSpy)));
    expect(first.returned).toBe(false);
    expect(first.exitCode).toBe(2);
    expect({ ...first, returned: undefined }).toEqual({ ...whole, returned: undefined });
    expect(runSpy).not.toHaveBeenCalled();
  });

  it('a good config passes, writes nothing, and is the one the command then runs with (read once)', async () => {
    const file = path.join(dir, 'sagectl.yaml');
    fs.writeFileSync(file, 'name: churn\n');
    const first = await captured(() => checkConfigFirst({ logFormat: 'json' }));
    expect(first).toEqual({ returned: true, exitCode: undefined, stdout: '', stderr: '' });
    // Changed after the check: the command still sees what was checked, so the file was not read twice.
    fs.writeFileSync(file, 'name: other\n');
    expect((await run({}, ok)).stdout).toBe('churn: InService\n');
    // Once only: the next command reads the file again.
    expect((await run({}, ok)).stdout).toBe('other: InService\n');
  });

  it('with no file it decides nothing: a command that needs one still says so first, even beside a bad --stack', async () => {
    expect(await captured(() => checkConfigFirst({ logFormat: 'json', stack: 'bad_stack' }))).toEqual({
      returned: true,
      exitCode: undefined,
      stdout: '',
      stderr: '',
    });
    const outcome = await run({ stack: 'bad_stack' }, spec(vi.fn(), { needsConfig: true }));
    expect(outcome.exitCode).toBe(2);
    expect(outcome.logs[0]?.msg).toMatch(/^no config file/);
  });

  it('leaves --query to runCommand, whose own check comes first', async () => {
    fs.writeFileSync(path.join(dir, 'sagectl.yaml'), INVALID);
    expect((await captured(() => checkConfigFirst({ logFormat: 'json', query: 'a' }))).returned).toBe(true);
    const outcome = await run({ query: 'a' }, ok);
    expect(outcome.logs[0]?.msg).toBe('--query selects from the JSON result: add --output json');
  });
});

describe('runCommand on a terminal', () => {
  it('shows a live line on stderr and clears it even when the command fails', async () => {
    process.stderr.isTTY = true;
    const outcome = await run(
      { logFormat: 'pretty', logLevel: 'silent' },
      spec(async (ctx) => {
        ctx.progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 5000 });
        throw new WaitTimeoutError('timed out');
      }),
    );
    expect(outcome.exitCode).toBe(5);
    expect(outcome.stderr).toBe('\r\x1b[2Kcreating endpoint · Creating · 5s\r\x1b[2K');
  });

  it('--log-format json on a terminal logs progress instead of a live line', async () => {
    process.stderr.isTTY = true;
    const outcome = await run(
      { logFormat: 'json' },
      spec(async (ctx) => {
        ctx.progress.report({ phase: 'creating endpoint', status: 'Creating', elapsedMs: 0 });
        return { stack: 'a', status: 'ok' };
      }),
    );
    expect(outcome.stderr).toBe('');
    expect(outcome.logs.map((l) => l.msg)).toEqual(['creating endpoint: Creating after 0ms']);
  });

  it('is interactive only when stdin and stderr are both terminals', async () => {
    const seen: boolean[] = [];
    const record = spec(async (ctx) => {
      seen.push(ctx.interactive);
      return { stack: 'a', status: 'ok' };
    });
    process.stdin.isTTY = true;
    process.stderr.isTTY = true;
    await run({ logLevel: 'silent' }, record);
    process.stdin.isTTY = false;
    await run({ logLevel: 'silent' }, record);
    expect(seen).toEqual([true, false]);
  });
});

describe('runCommand: the streams on the context', () => {
  it('ctx.out writes result lines to stdout; ctx.err writes lines to stderr, clearing the live line on a terminal', async () => {
    process.stderr.isTTY = true;
    const outcome = await run(
      { logFormat: 'pretty', logLevel: 'silent' },
      spec(
        async (ctx) => {
          expect(ctx.logFormat).toBe('pretty');
          expect(ctx.terminal.stderr).toBe(true);
          ctx.out('line one');
          ctx.err('[algo-1] epoch 1');
          return { stack: 'a', status: 'ok' };
        },
        { render: () => '' },
      ),
    );
    expect(outcome.stdout).toBe('line one\n');
    expect(outcome.stderr).toBe('\r\x1b[2K[algo-1] epoch 1\n');
  });

  it('off a terminal, ctx.err writes plain lines and the log format is JSON', async () => {
    process.stderr.isTTY = false;
    const seen: string[] = [];
    const outcome = await run(
      {},
      spec(async (ctx) => {
        seen.push(ctx.logFormat, String(ctx.color));
        ctx.err('plain');
        return { stack: 'a', status: 'ok' };
      }),
    );
    expect(seen).toEqual(['json', 'false']);
    expect(outcome.stderr).toBe('plain\n');
  });
});

describe('runCommand: Ctrl-C', () => {
  it('the first Ctrl-C aborts the signal so waits stop; the second leaves at once with 130', async () => {
    const before = process.listeners('SIGINT');
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit);
    const outcome = await run(
      {},
      spec(async (ctx) => {
        const handler = process.listeners('SIGINT').find((l) => !before.includes(l));
        expect(handler).toBeDefined();
        handler?.('SIGINT');
        expect(ctx.signal.aborted).toBe(true);
        expect((ctx.signal.reason as Error).message).toBe('interrupted');
        expect(exit).not.toHaveBeenCalled();
        handler?.('SIGINT');
        expect(exit).toHaveBeenCalledWith(130);
        throw new InterruptedError('interrupted while waiting for endpoint churn', 'run `sagectl teardown churn`');
      }),
    );
    expect(outcome.exitCode).toBe(130);
  });
});

describe('reportError', () => {
  it('logs our errors at error level with the exit code and the resolution', () => {
    const log = recordingLogger();
    reportError(new WaitTimeoutError('timed out after 1h', 'run `sagectl status churn`'), log.logger, 'info');
    expect(log.lines()).toEqual([expect.objectContaining({ level: 50, exitCode: 5, msg: 'timed out after 1h\n  → run `sagectl status churn`' })]);
  });

  it('without a logger writes to stderr', () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
    reportError(new UsageError('bad flag', 'see --help'), undefined, undefined);
    reportError(new UsageError('no resolution'), undefined, undefined);
    reportError(new Error('boom'), undefined, 'info');
    expect(stderr).toBe(`error: bad flag\n  → see --help\nerror: no resolution\nerror: internal error: boom ${BUG}\n`);
  });

  it.each(['debug', 'trace'])('without a logger at %s, a bug prints its stack', (level) => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
    const error = new Error('boom');
    reportError(error, undefined, level);
    expect(stderr).toBe(`error: internal error: boom ${BUG}\n${error.stack}\n`);
  });

  it('scrubs secrets from the message it logs', () => {
    const log = recordingLogger();
    reportError(new AwsRequestError('GetCallerIdentity', 'InvalidClientTokenId', 'key AKIAIOSFODNN7EXAMPLE is invalid'), log.logger, 'info');
    expect(log.text()).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(log.lines()[0]?.msg).toBe('GetCallerIdentity was refused (InvalidClientTokenId): key AKIA[redacted] is invalid');
  });
});

describe('runCommand --output json on failure: exactly one JSON document', () => {
  it.each([
    [new UsageError('--timeout: expected a duration, found "soon"', 'e.g. 30m'), 'usage', 2, 'e.g. 30m'],
    [new AwsRequestError('CreateEndpoint', 'ResourceLimitExceeded', 'too many'), 'aws-refused', 3, null],
    [new ResourceFailedError('endpoint churn Failed'), 'resource-failed', 4, null],
    [new WaitTimeoutError('timed out after 1h', 'run `sagectl status churn`'), 'timed-out', 5, 'run `sagectl status churn`'],
    [new InterruptedError('interrupted'), 'interrupted', 130, null],
  ])('%s → an error document on stdout with the same exit code', async (error, code, exitCode, resolution) => {
    const outcome = await run(
      { output: 'json' },
      spec(async () => {
        throw error;
      }),
    );
    expect(outcome.exitCode).toBe(exitCode);
    expect(JSON.parse(outcome.stdout)).toEqual({ error: { code, exitCode, message: error.message, resolution } });
  });

  it('a bug is an error document too (exit 1), and a failing exitCode() never leaves two documents', async () => {
    const outcome = await run(
      { output: 'json' },
      spec(async () => ({ stack: 'a', status: 'ok' }), {
        exitCode: () => {
          throw new TypeError('boom');
        },
      }),
    );
    expect(outcome.exitCode).toBe(1);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ error: { code: 'internal', exitCode: 1, message: 'internal error: boom' } });
  });

  it('a config error before the command runs is an error document too', async () => {
    const outcome = await run(
      { output: 'json', config: path.join(dir, 'missing.yaml') },
      { ...spec(async () => ({ stack: 'a', status: 'ok' })), needsConfig: true },
    );
    expect(outcome.exitCode).toBe(2);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ error: { code: 'usage', exitCode: 2 } });
  });

  it('text output on failure writes nothing to stdout', async () => {
    const outcome = await run(
      {},
      spec(async () => {
        throw new UsageError('bad');
      }),
    );
    expect(outcome.stdout).toBe('');
  });
});
