import { describe, expect, it } from 'vitest';
import { checkSize, MAX_PAYLOAD_BYTES } from '../../../src/payload/size.js';

describe('checkSize', () => {
  it('accepts exactly 6 MB on a real-time endpoint and 4 MB on a serverless one', () => {
    expect(() => checkSize(6_291_456, 'realtime', 'x')).not.toThrow();
    expect(() => checkSize(4_194_304, 'serverless', 'x')).not.toThrow();
  });

  it('refuses one byte more, saying the size found and the limit', () => {
    expect(() => checkSize(MAX_PAYLOAD_BYTES.realtime + 1, 'realtime', 'big.csv')).toThrow(
      'big.csv: 6.00 MB (6291457 bytes) is over the 6 MB a real-time endpoint accepts',
    );
    expect(() => checkSize(5_000_000, 'serverless', 'stdin')).toThrow('stdin: 4.77 MB (5000000 bytes) is over the 4 MB a serverless endpoint accepts');
  });
});
