import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../src/cli/query.js';
import { UsageError } from '../../../src/core/errors.js';

/** The UsageError compiling `expression` throws. */
async function refusal(expression: string): Promise<UsageError> {
  const error: unknown = await compileQuery(expression).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

const STATUS = {
  stacks: [
    { stack: 'churn-xgb', endpoint: { status: 'InService', variants: [{ name: 'AllTraffic', weight: 1 }] }, age: 120 },
    {
      stack: 'churn-exp-7',
      endpoint: {
        status: 'Updating',
        variants: [
          { name: 'blue', weight: 0.9 },
          { name: 'green', weight: 0.1 },
        ],
      },
      age: 30,
    },
  ],
};

describe('--query selects from the JSON document', () => {
  it.each([
    ['stacks[0].stack', 'churn-xgb'],
    ['stacks[].stack', ['churn-xgb', 'churn-exp-7']],
    ["stacks[?endpoint.status=='Updating'].stack | [0]", 'churn-exp-7'],
    ['stacks[].endpoint.variants[*].name', [['AllTraffic'], ['blue', 'green']]],
    ['stacks[].endpoint.variants[].name', ['AllTraffic', 'blue', 'green']],
    ['length(stacks)', 2],
    ['max_by(stacks, &age).stack', 'churn-xgb'],
    ['{names: stacks[].stack, n: length(stacks)}', { names: ['churn-xgb', 'churn-exp-7'], n: 2 }],
    ['missing.key', null],
  ])('%s', async (expression, expected) => {
    expect((await compileQuery(expression)).apply(STATUS)).toEqual(expected);
  });

  it('sees the document as --output json prints it: dates as ISO strings, undefined fields gone', async () => {
    const document = { created: new Date('2026-11-26T04:00:00Z'), arn: undefined, name: 'churn' };
    expect((await compileQuery('created')).apply(document)).toBe('2026-11-26T04:00:00.000Z');
    expect((await compileQuery('keys(@)')).apply(document)).toEqual(['created', 'name']);
    expect((await compileQuery('@')).apply(undefined)).toBeNull();
  });

  // Found by the property below: the library looks keys up through the object's prototype, so
  // `toString` selected a JavaScript function from a document that has no such key.
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('the key %s selects only what the document holds', async (key) => {
    const query = await compileQuery(JSON.stringify(key));
    expect(query.apply({})).toBeNull();
    expect(query.apply(JSON.parse(`{${JSON.stringify(key)}: 7}`))).toBe(7);
  });

  it('a quoted key selects exactly that value, whatever the key and the document (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        // A key the document has, most of the time; any key otherwise.
        fc
          .dictionary(fc.string({ minLength: 1 }), fc.jsonValue())
          .chain((document) => fc.tuple(fc.constant(document), fc.oneof(fc.constantFrom(...Object.keys(document), 'toString'), fc.string({ minLength: 1 })))),
        async ([document, key]) => {
          const query = await compileQuery(JSON.stringify(key));
          const expected: unknown = Object.hasOwn(document, key) ? JSON.parse(JSON.stringify(document[key])) : null;
          expect(query.apply(document)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a bad --query is a usage error naming the expression and where it goes wrong', () => {
  it.each([
    ['a | | b', 'at column 5 ("| b")', 'invalid token (Pipe)'],
    ['foo ^ bar', 'at column 5', ''],
    ['foo | `1` | ^', 'at column 13', ''],
    ['`{bad}` | foo', 'at column 1', 'JSON literal'],
    ["a.'b", 'at column 3', ''],
    ['stacks[0', 'at its end', 'expected Rbracket'],
    ['stacks[?status ==', 'at its end', ''],
  ])('%s → %s', async (expression, where, reason) => {
    const error = await refusal(expression);
    expect(error.message).toContain(`--query ${JSON.stringify(expression)}: not a valid JMESPath expression, ${where}`);
    expect(error.message).toContain(reason);
    expect(error.exitCode).toBe(2);
  });

  it('after a valid start, the column is where the first wrong token is (property)', async () => {
    const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(identifier, { minLength: 1, maxLength: 4 }), fc.constantFrom('| |', '^', '.]', '[?]'), async (path, junk) => {
        const valid = path.join('.');
        const error = await refusal(`${valid} ${junk}`);
        const column = valid.length + 2 + (junk === '| |' ? 2 : junk === '.]' ? 1 : junk === '[?]' ? 2 : 0);
        expect(error.message).toContain(`at column ${column} `);
      }),
      { numRuns: 100 },
    );
  });

  it('a function JMESPath does not have is refused before anything runs, with where it is', async () => {
    const error = await refusal('stacks[].lenght(@)');
    expect(error.message).toContain('JMESPath has no function lenght(), at column 10');
    expect(error.message).toContain('length');
  });

  it('a literal that merely looks like a function call is data, not a call', async () => {
    const query = await compileQuery('`{"type": "Function", "name": "nope", "children": []}`.name');
    expect(query.apply({})).toBe('nope');
  });

  it('an empty expression is refused', async () => {
    expect((await refusal('  ')).message).toBe('--query: expected a JMESPath expression, found an empty one');
  });

  it('a type error found only against the data says the command itself completed', async () => {
    const query = await compileQuery('abs(stacks[0].stack)');
    let error: unknown;
    try {
      query.apply(STATUS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('--query "abs(stacks[0].stack)": ');
    expect((error as UsageError).resolution).toContain('the command itself completed');
  });
});
