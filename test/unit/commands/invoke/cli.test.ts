import { describe, expect, it } from 'vitest';
import type { InvokeFlags } from '../../../../src/commands/invoke/cli.js';
import { parseInvokeFlags } from '../../../../src/commands/invoke/flags.js';
import { parseArgv } from '../../helpers/argv.js';

describe('invoke: argv → options', () => {
  it.each([
    [['invoke'], [undefined], { payload: {}, validate: true }],
    [['invoke', '--data', '@rows.csv'], [undefined], { payload: { data: '@rows.csv' }, validate: true }],
    [
      ['invoke', 'churn', '--file', 'rows.csv', '--content-type', 'application/json', '--accept', 'text/csv'],
      ['churn'],
      { payload: { file: 'rows.csv' }, validate: true, contentType: 'application/json', accept: 'text/csv' },
    ],
    [
      ['invoke', '--variant', 'Canary', '--custom-attributes', 'a=1', '--no-validate'],
      [undefined],
      { payload: {}, validate: false, variant: 'Canary', customAttributes: 'a=1' },
    ],
  ])('%j', async (argv, args, expected) => {
    const parsed = await parseArgv<InvokeFlags>(argv);
    expect(parsed.args).toEqual(args);
    expect(parseInvokeFlags(parsed.flags)).toEqual(expected);
  });
});
