import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { configFor, stackContext } from '../../../../src/commands/stack/config.js';
import type { Config } from '../../../../src/core/schema.js';
import { testContext } from '../../helpers/context.js';

const web: Config = {
  name: 'web',
  region: 'eu-west-1',
  role: 'arn:aws:iam::123456789012:role/R',
  tags: { team: 'web' },
  model: { image: 'img:web', environment: { MODE: 'web' } },
  endpoint: { instanceType: 'ml.m5.large', dataCapture: { s3Uri: 's3://b/capture/', percent: 50 }, input: { contentType: 'text/csv', features: 3 } },
};
const stackName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

describe('configFor', () => {
  it('gives the sections only to the stack the config names', () => {
    fc.assert(
      fc.property(stackName, stackName, (named, asked) => {
        const found = configFor({ config: { ...web, name: named } }, asked);
        expect(found === undefined).toBe(named !== asked);
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('gives a nameless config to no stack (only --stack applies it)', () => {
    const { name: _name, ...nameless } = web;
    expect(configFor({ config: nameless }, 'web')).toBeUndefined();
  });
});

describe('stackContext', () => {
  it("keeps the caller's context for the config's own stack, and logs nothing", () => {
    const ctx = testContext(web, { configFile: '/x/sagectl.yaml' });
    expect(stackContext(ctx, 'web', ['anything'])).toBe(ctx);
    expect(ctx.log.lines()).toEqual([]);
  });

  it("keeps only the stack's name and the region for another stack, and says which checks were not made", () => {
    const ctx = testContext(web, { configFile: '/x/sagectl.yaml' });
    const other = stackContext(ctx, 'svl', ['the payload against endpoint.input']);
    expect(other.config).toEqual({ name: 'svl', region: 'eu-west-1' });
    ctx.log.expectLog(
      /sagectl\.yaml describes stack web, not svl: none of its settings are used for svl.*not checked: the payload against endpoint\.input/,
      'warn',
    );
    expect(ctx.config).toBe(web);
  });

  it('logs nothing when there is no config file to take from', () => {
    const ctx = testContext({ name: 'web' });
    expect(stackContext(ctx, 'svl').config).toEqual({ name: 'svl' });
    expect(ctx.log.lines()).toEqual([]);
  });
});
