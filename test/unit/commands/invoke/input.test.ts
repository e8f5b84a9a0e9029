import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPayload, type Stdin } from '../../../../src/commands/invoke/input.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-input-'));
  writeFileSync(path.join(dir, 'rows.csv'), '1,2,3\n');
  writeFileSync(path.join(dir, 'empty.csv'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pipe = (text: string): Stdin => Readable.from([Buffer.from(text)]);
const terminal: Stdin = Object.assign(Readable.from([]), { isTTY: true });
const text = (b: Uint8Array): string => Buffer.from(b).toString();

describe('readPayload', () => {
  it('reads --data as given', async () => {
    const p = await readPayload({ data: '1,2,3' }, terminal);
    expect([text(p.bytes), p.source]).toEqual(['1,2,3', '--data']);
  });

  it('reads --file and --data @PATH from the file, named as given', async () => {
    const file = path.join(dir, 'rows.csv');
    for (const flags of [{ file }, { data: `@${file}` }]) {
      const p = await readPayload(flags, terminal);
      expect([text(p.bytes), p.source]).toEqual(['1,2,3\n', file]);
    }
  });

  it('reads stdin when it is a pipe', async () => {
    const p = await readPayload({}, pipe('4,5,6\n'));
    expect([text(p.bytes), p.source]).toEqual(['4,5,6\n', 'stdin']);
  });

  it.each([
    [{ data: 'x', file: 'y' }, terminal, '--data and --file both given: pass the payload one way'],
    [{}, terminal, 'no payload: pass --data, --file PATH, or pipe it on stdin'],
    [{}, pipe(''), 'stdin: the payload is empty'],
    [{ data: '' }, terminal, '--data: the payload is empty'],
    [{ file: 'missing.csv' }, terminal, 'missing.csv: cannot read the payload (no such file)'],
  ])('%j refuses with exit 2: %s', async (flags, stdin, message) => {
    await expect(readPayload(flags, stdin)).rejects.toMatchObject({ message, exitCode: 2 });
  });

  it('refuses an empty file and a directory', async () => {
    await expect(readPayload({ file: path.join(dir, 'empty.csv') }, terminal)).rejects.toThrow('the payload is empty');
    await expect(readPayload({ file: dir }, terminal)).rejects.toThrow('is a directory');
  });
});
