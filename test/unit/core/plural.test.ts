import { describe, expect, it } from 'vitest';
import { counted } from '../../../src/core/plural.js';

describe('counted', () => {
  it.each([
    [0, 'instances'],
    [1, 'instance'],
    [2, 'instances'],
  ])('%i → %s', (n, word) => {
    expect(counted(n, 'instance')).toBe(`${n} ${word}`);
  });

  it('takes an irregular plural', () => {
    expect(counted(3, 'activity', 'activities')).toBe('3 activities');
  });
});
