import { describe, expect, it } from 'vitest';
import { OutputWriter, parseOutputFormat } from '../../../src/core/output.js';
import { UsageError } from '../../../src/core/errors.js';
import { memoryStream } from '../helpers/streams.js';

interface Result {
  stack: string;
  status: string;
  createdAt: Date;
}

const result: Result = { stack: 'churn', status: 'InService', createdAt: new Date('2026-03-07T09:05:02Z') };
const render = (r: Result): string => `stack ${r.stack}: ${r.status}`;

describe('parseOutputFormat', () => {
  it('defaults to text', () => {
    expect(parseOutputFormat(undefined)).toBe('text');
  });

  it.each(['text', 'json'] as const)('accepts %s', (format) => {
    expect(parseOutputFormat(format)).toBe(format);
  });

  it.each(['JSON', 'yaml', '', ' json'])('refuses %j with a usage error', (value) => {
    expect(() => parseOutputFormat(value)).toThrow(UsageError);
    expect(() => parseOutputFormat(value)).toThrow(`--output: expected text or json, found "${value}"`);
  });
});

describe('OutputWriter', () => {
  it('text: writes what render returns, with one trailing newline', () => {
    const stdout = memoryStream();
    new OutputWriter('text', stdout).result(result, render);
    expect(stdout.text()).toBe('stack churn: InService\n');
  });

  it('text: does not double a newline the renderer already wrote', () => {
    const stdout = memoryStream();
    new OutputWriter('text', stdout).result(result, (r) => `${render(r)}\n`);
    expect(stdout.text()).toBe('stack churn: InService\n');
  });

  it('text: writes nothing at all for an empty rendering', () => {
    const stdout = memoryStream();
    new OutputWriter('text', stdout).result(result, () => '');
    expect(stdout.text()).toBe('');
  });

  it('json: writes exactly one JSON document of the result, not the rendering', () => {
    const stdout = memoryStream();
    let rendered = false;
    new OutputWriter('json', stdout).result(result, (r) => {
      rendered = true;
      return render(r);
    });
    expect(rendered).toBe(false);
    const text = stdout.text();
    expect(text).toBe(`${JSON.stringify(result, null, 2)}\n`);
    expect(JSON.parse(text)).toEqual({ stack: 'churn', status: 'InService', createdAt: '2026-03-07T09:05:02.000Z' });
  });

  it('json: an empty list and an empty object are still documents', () => {
    const list = memoryStream();
    new OutputWriter('json', list).result([], () => '');
    expect(list.text()).toBe('[]\n');
    const object = memoryStream();
    new OutputWriter('json', object).result({}, () => '');
    expect(object.text()).toBe('{}\n');
  });

  it('json: a void result is the document null (not a crash)', () => {
    const stdout = memoryStream();
    new OutputWriter('json', stdout).result(undefined, () => '');
    expect(stdout.text()).toBe('null\n');
    expect(JSON.parse(stdout.text())).toBeNull();
  });

  it.each(['text', 'json'] as const)('%s: a second result throws and writes nothing more', (format) => {
    const stdout = memoryStream();
    const writer = new OutputWriter(format, stdout);
    writer.result(result, render);
    const first = stdout.text();
    expect(() => writer.result(result, render)).toThrow('OutputWriter.result called twice: stdout must hold one document');
    expect(stdout.text()).toBe(first);
  });

  it('exposes its format', () => {
    expect(new OutputWriter('json', memoryStream()).format).toBe('json');
  });
});

describe('OutputWriter.bytes', () => {
  it('writes data exactly, adding no newline off a terminal', () => {
    const stdout = memoryStream();
    new OutputWriter('text', stdout).bytes(new TextEncoder().encode('0.93'));
    expect(stdout.text()).toBe('0.93');
  });

  it('on a terminal, ends with a newline when the data does not', () => {
    const stdout = memoryStream();
    new OutputWriter('text', stdout, true).bytes(new TextEncoder().encode('0.93'));
    expect(stdout.text()).toBe('0.93\n');
    const again = memoryStream();
    new OutputWriter('text', again, true).bytes(new TextEncoder().encode('0.93\n'));
    expect(again.text()).toBe('0.93\n');
  });

  it('writes once: stdout holds one document', () => {
    const writer = new OutputWriter('text', memoryStream());
    writer.bytes(new Uint8Array([1]));
    expect(() => writer.bytes(new Uint8Array([2]))).toThrow(/once|one document/);
  });
});
