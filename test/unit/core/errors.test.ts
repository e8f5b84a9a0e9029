import { describe, expect, it } from 'vitest';
import {
  AwsRequestError,
  ConfigError,
  ExitCode,
  InterruptedError,
  ResourceFailedError,
  SagectlError,
  UsageError,
  WaitTimeoutError,
  InternalError,
  exitCodeOf,
  messageOf,
} from '../../../src/core/errors.js';

describe('ExitCode', () => {
  it('holds the codes of DESIGN.md "Exit codes" (7: drift found, README "Exit codes")', () => {
    expect(ExitCode).toEqual({ Ok: 0, Internal: 1, Usage: 2, AwsRefused: 3, ResourceFailed: 4, TimedOut: 5, Network: 6, Drift: 7, Interrupted: 130 });
  });
});

describe('error classes', () => {
  it.each([
    ['UsageError', new UsageError('bad flag', 'fix it'), ExitCode.Usage],
    ['ConfigError', new ConfigError('bad config', 'fix it'), ExitCode.Usage],
    ['ResourceFailedError', new ResourceFailedError('endpoint Failed', 'fix it'), ExitCode.ResourceFailed],
    ['WaitTimeoutError', new WaitTimeoutError('timed out', 'fix it'), ExitCode.TimedOut],
    ['InterruptedError', new InterruptedError('interrupted', 'fix it'), ExitCode.Interrupted],
  ] as const)('%s carries its exit code, its own name and the resolution', (name, error, code) => {
    expect(error).toBeInstanceOf(SagectlError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.exitCode).toBe(code);
    expect(error.resolution).toBe('fix it');
    expect(exitCodeOf(error)).toBe(code);
  });

  it('ConfigError is a UsageError (exit 2)', () => {
    const error = new ConfigError('sagectl.yaml:1:1: broken');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('sagectl.yaml:1:1: broken');
    expect(error.resolution).toBeUndefined();
  });

  it('AwsRequestError names the operation and the AWS code, keeps the cause and exits 3', () => {
    const cause = new Error('User is not authorized');
    const error = new AwsRequestError('CreateEndpoint', 'AccessDeniedException', 'User is not authorized', {
      cause,
      resolution: 'grant sagemaker:CreateEndpoint',
    });
    expect(error.message).toBe('CreateEndpoint was refused (AccessDeniedException): User is not authorized');
    expect(error.operation).toBe('CreateEndpoint');
    expect(error.awsCode).toBe('AccessDeniedException');
    expect(error.cause).toBe(cause);
    expect(error.resolution).toBe('grant sagemaker:CreateEndpoint');
    expect(error.exitCode).toBe(3);
    expect(error.name).toBe('AwsRequestError');
  });

  it('AwsRequestError without options has no resolution and no cause', () => {
    const error = new AwsRequestError('DescribeEndpoint', 'ValidationException', 'bad');
    expect(error.resolution).toBeUndefined();
    expect(error.cause).toBeUndefined();
  });

  it('a subclass declared outside errors.ts still gets its own name', () => {
    class CustomError extends UsageError {}
    expect(new CustomError('x').name).toBe('CustomError');
  });
});

describe('exitCodeOf', () => {
  it.each([
    ['a plain Error', new Error('bug')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['an object that looks like ours', { exitCode: 2, message: 'fake' }],
  ])('is 1 (internal) for %s', (_what, thrown) => {
    expect(exitCodeOf(thrown)).toBe(1);
  });
});

describe('InternalError', () => {
  it('is a bug: exit 1, named, not one of the errors the user can act on', () => {
    const error = new InternalError('unreachable');
    expect(exitCodeOf(error)).toBe(1);
    expect(error).not.toBeInstanceOf(SagectlError);
    expect(error.name).toBe('InternalError');
  });
});

describe('messageOf', () => {
  it.each([
    [new Error('boom'), 'boom'],
    [new UsageError('bad flag'), 'bad flag'],
    ['a string', 'a string'],
    [42, '42'],
    [undefined, 'undefined'],
    [{ message: 'looks like one' }, '[object Object]'],
  ])('%s → %j', (thrown, expected) => {
    expect(messageOf(thrown)).toBe(expected);
  });
});
