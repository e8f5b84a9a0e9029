import { describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { LOG_LEVELS, createLogger, scrubSecrets } from '../../../src/core/logger.js';
import { UsageError } from '../../../src/core/errors.js';
import { memoryStream, type MemoryStream } from '../helpers/streams.js';

interface Line {
  level: number;
  msg: string;
  time: string;
  [field: string]: unknown;
}

function logTo(level?: string): { logger: ReturnType<typeof createLogger>; stream: MemoryStream; lines: () => Line[] } {
  const stream = memoryStream();
  const logger = createLogger({ ...(level !== undefined ? { level } : {}), format: 'json', destination: stream });
  const lines = (): Line[] =>
    stream
      .text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  return { logger, stream, lines };
}

// Well-known fake keys from the AWS documentation.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const TEMP_KEY = 'ASIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';

describe('createLogger', () => {
  it('writes JSON lines with an ISO time, a numeric level and no pid/hostname', () => {
    const { logger, lines } = logTo();
    logger.info({ stack: 'churn' }, 'deploying');
    const [line] = lines();
    expect(line).toEqual({ level: 30, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown, stack: 'churn', msg: 'deploying' });
  });

  it('defaults to info: debug is dropped, info and above kept', () => {
    const { logger, lines } = logTo();
    logger.debug('hidden');
    logger.info('shown');
    logger.warn('warned');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      [30, 'shown'],
      [40, 'warned'],
    ]);
  });

  it.each([
    ['trace', ['trace', 'debug', 'info', 'warn', 'error', 'fatal']],
    ['debug', ['debug', 'info', 'warn', 'error', 'fatal']],
    ['warn', ['warn', 'error', 'fatal']],
    ['error', ['error', 'fatal']],
    ['fatal', ['fatal']],
    ['silent', []],
  ] as const)('at level %s logs exactly %j', (level, expected) => {
    const { logger, lines } = logTo(level);
    for (const method of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) logger[method](method);
    expect(lines().map((l) => l.msg)).toEqual(expected);
  });

  it.each(['verbose', 'INFO', '', 'warning'])('refuses level %j with a usage error listing the levels', (level) => {
    expect(() => createLogger({ level, destination: memoryStream() })).toThrow(UsageError);
    expect(() => createLogger({ level, destination: memoryStream() })).toThrow(
      `--log-level: expected one of fatal, error, warn, info, debug, trace, silent, found "${level}"`,
    );
  });

  it('knows the levels of --log-level', () => {
    expect(LOG_LEVELS).toEqual(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
  });

  describe('format', () => {
    /** The stream a logger writes to (pino.symbols is pino's public way to reach it). */
    const streamOf = (logger: ReturnType<typeof createLogger>): { fd?: unknown } =>
      (logger as unknown as Record<symbol, { fd?: unknown }>)[pino.symbols.streamSym] ?? {};

    it('writes JSON straight to stderr (fd 2, synchronously) when stderr is not a terminal', () => {
      const destination = vi.spyOn(pino, 'destination');
      const logger = createLogger({ isTTY: false });
      expect(destination).toHaveBeenCalledTimes(1);
      expect(destination).toHaveBeenCalledWith(expect.objectContaining({ fd: 2, sync: true }));
      expect(streamOf(logger).fd).toBe(2);
    });

    it('--log-format json wins over a terminal', () => {
      const destination = vi.spyOn(pino, 'destination');
      const logger = createLogger({ isTTY: true, format: 'json' });
      expect(destination).toHaveBeenCalledWith(expect.objectContaining({ fd: 2, sync: true }));
      expect(streamOf(logger).fd).toBe(2);
    });

    it('is pretty (not raw JSON to fd 2) on a terminal', () => {
      const destination = vi.spyOn(pino, 'destination');
      const logger = createLogger({ isTTY: true, level: 'silent' });
      expect(destination).not.toHaveBeenCalled();
      expect(streamOf(logger).fd).toBeUndefined();
    });

    it('--log-format pretty off a terminal is pretty too', () => {
      const destination = vi.spyOn(pino, 'destination');
      createLogger({ isTTY: false, format: 'pretty', level: 'silent' });
      expect(destination).not.toHaveBeenCalled();
    });

    it('a destination given by the caller wins over both', () => {
      const destination = vi.spyOn(pino, 'destination');
      const stream = memoryStream();
      createLogger({ isTTY: true, destination: stream }).info('to the stream');
      expect(destination).not.toHaveBeenCalled();
      expect(stream.text()).toContain('"msg":"to the stream"');
    });
  });
});

describe('redaction of fields', () => {
  it.each([
    ['secretAccessKey', { secretAccessKey: SECRET }, ['secretAccessKey']],
    ['sessionToken', { sessionToken: TOKEN }, ['sessionToken']],
    ['accessKeyId', { accessKeyId: ACCESS_KEY }, ['accessKeyId']],
    ['apiKey', { apiKey: 'k3y-value-123' }, ['apiKey']],
    ['credentials', { credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } }, ['credentials']],
    ['nested credentials', { client: { credentials: { secretAccessKey: SECRET } } }, ['client', 'credentials']],
    ['deeply nested credentials', { sdk: { config: { credentials: { sessionToken: TOKEN } } } }, ['sdk', 'config', 'credentials']],
    ['nested secretAccessKey', { creds: { secretAccessKey: SECRET } }, ['creds', 'secretAccessKey']],
    ['nested sessionToken', { creds: { sessionToken: TOKEN } }, ['creds', 'sessionToken']],
    ['nested accessKeyId', { creds: { accessKeyId: ACCESS_KEY } }, ['creds', 'accessKeyId']],
    ['nested apiKey', { api: { apiKey: 'k3y-value-123' } }, ['api', 'apiKey']],
    ['doubly nested secretAccessKey', { a: { b: { secretAccessKey: SECRET } } }, ['a', 'b', 'secretAccessKey']],
    ['doubly nested credentials', { a: { b: { credentials: 'anything' } } }, ['a', 'b', 'credentials']],
    ['doubly nested sessionToken', { a: { b: { sessionToken: TOKEN } } }, ['a', 'b', 'sessionToken']],
    ['authorization header', { headers: { authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/x` } }, ['headers', 'authorization']],
    ['nested authorization header', { request: { headers: { authorization: 'Bearer abc.def' } } }, ['request', 'headers', 'authorization']],
    ['security token header', { request: { headers: { 'x-amz-security-token': TOKEN } } }, ['request', 'headers', 'x-amz-security-token']],
    ['API key header', { request: { headers: { 'x-api-key': 'k3y-value-123' } } }, ['request', 'headers', 'x-api-key']],
    [
      'an API key value in an SDK output',
      { sdk: [{ commandName: 'CreateApiKeyCommand', output: { id: 'k1', value: 'k3y-value-123' } }] },
      ['sdk', '0', 'output', 'value'],
    ],
  ])('censors %s', (_what, fields, censoredPath) => {
    const { logger, stream, lines } = logTo();
    logger.info(fields, 'calling AWS');
    let value: unknown = lines()[0];
    for (const key of censoredPath) value = (value as Record<string, unknown>)[key];
    expect(value).toBe('[redacted]');
    for (const secret of [SECRET, TOKEN, ACCESS_KEY, 'k3y-value-123', 'abc.def']) expect(stream.text()).not.toContain(secret);
  });

  it('keeps fields that are not secret', () => {
    const { logger, lines } = logTo();
    logger.info({ region: 'us-east-1', endpoint: 'churn', headers: { 'content-type': 'application/json' } }, 'x');
    expect(lines()[0]).toMatchObject({ region: 'us-east-1', endpoint: 'churn', headers: { 'content-type': 'application/json' } });
  });
});

describe('redaction inside message strings', () => {
  it.each([
    [`using key ${ACCESS_KEY} for the call`, 'using key AKIA[redacted] for the call'],
    [`temporary key ${TEMP_KEY}`, 'temporary key ASIA[redacted]'],
    [`aws_secret_access_key = ${SECRET}`, 'aws_secret_access_key = [redacted]'],
    [`AWS_SECRET_ACCESS_KEY=${SECRET} next`, 'AWS_SECRET_ACCESS_KEY=[redacted] next'],
    [`aws_session_token: ${TOKEN}`, 'aws_session_token: [redacted]'],
    [`{"SecretAccessKey":"${SECRET}","Region":"us-east-1"}`, '{"SecretAccessKey":"[redacted]","Region":"us-east-1"}'],
    [`{ secretAccessKey: '${SECRET}', sessionToken: '${TOKEN}' }`, "{ secretAccessKey: '[redacted]', sessionToken: '[redacted]' }"],
    [`x-api-key: k3y-value-123`, 'x-api-key: [redacted]'],
    [
      `https://b.s3.amazonaws.com/k?X-Amz-Credential=${ACCESS_KEY}%2F20260101&X-Amz-Signature=abcdef0123&x-amz-security-token=${TOKEN}&ok=1`,
      'https://b.s3.amazonaws.com/k?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&x-amz-security-token=[redacted]&ok=1',
    ],
  ])('scrubSecrets(%j)', (text, scrubbed) => {
    expect(scrubSecrets(text)).toBe(scrubbed);
  });

  it('leaves ordinary text alone, including words that merely look like keys', () => {
    const text = 'endpoint churn-xgb is InService (AKIA is a prefix; AKIASHORT is not a key)';
    expect(scrubSecrets(text)).toBe(text);
  });

  it('the logger scrubs the message and format arguments', () => {
    const { logger, stream, lines } = logTo();
    logger.error(`UnrecognizedClientException: key ${ACCESS_KEY} with sessionToken=${TOKEN}`);
    logger.warn({ stack: 'churn' }, 'retrying with %s', `aws_secret_access_key=${SECRET}`);
    expect(lines().map((l) => l.msg)).toEqual([
      'UnrecognizedClientException: key AKIA[redacted] with sessionToken=[redacted]',
      'retrying with aws_secret_access_key=[redacted]',
    ]);
    for (const secret of [ACCESS_KEY, SECRET, TOKEN]) expect(stream.text()).not.toContain(secret);
  });

  it('child loggers redact too', () => {
    const { logger, stream } = logTo();
    logger.child({ component: 'aws-sdk' }).info({ credentials: { secretAccessKey: SECRET } }, `key ${ACCESS_KEY}`);
    expect(stream.text()).not.toContain(SECRET);
    expect(stream.text()).not.toContain(ACCESS_KEY);
    expect(stream.text()).toContain('"component":"aws-sdk"');
  });
});

describe('createLogger aroundLine (the live progress line steps aside)', () => {
  it('wraps each enabled log line, so the shell can erase the live line before it and redraw after', () => {
    const destination = memoryStream();
    const logger = createLogger({
      format: 'json',
      destination,
      aroundLine: (write) => {
        destination.write('<erase>');
        write();
        destination.write('<redraw>');
      },
    });
    logger.info('removing endpoint churn');
    logger.debug('not at this level');
    const text = destination.text();
    expect(text.startsWith('<erase>{')).toBe(true);
    expect(text.endsWith('}\n<redraw>')).toBe(true);
    expect(text.match(/<erase>/g)).toHaveLength(1);
  });
});
