import { describe, expect, it } from '@jest/globals';
import { parseList } from 'structured-headers';
import { formatRateLimit, formatRateLimitPolicy } from '../../../lib/throttling/rate-limit-headers.js';

describe('RateLimit / RateLimit-Policy serialization', () => {
  it('writes the draft-08+ form: a list of quoted policy names with parameters', () => {
    expect(formatRateLimitPolicy([{ name: 'hour', quota: 1000, windowSeconds: 3600 }])).toBe('"hour";q=1000;w=3600');
    expect(
      formatRateLimit([
        { name: 'second', remaining: 9, resetSeconds: 1 },
        { name: 'hour', remaining: 999, resetSeconds: 3500 },
      ]),
    ).toBe('"second";r=9;t=1, "hour";r=999;t=3500');
  });

  it('produces valid structured fields that parse back to the same values', () => {
    const parsed = parseList(formatRateLimitPolicy([{ name: 'per-key:minute', quota: 60, windowSeconds: 60 }]));
    expect(parsed).toEqual([['per-key:minute', new Map([['q', 60], ['w', 60]])]]);
  });

  it('escapes what a structured string must escape', () => {
    expect(formatRateLimit([{ name: 'a"b\\c', remaining: 0, resetSeconds: 5 }])).toBe('"a\\"b\\\\c";r=0;t=5');
  });
});
