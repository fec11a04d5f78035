import { describe, expect, it } from '@jest/globals';
import { parseList, serializeList, type Item } from 'structured-headers';
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

  it('writes the same bytes as the structured-headers serializer, on the fast path and off it', () => {
    const names = ['second', 'per-key:minute', 'a"b\\c', 'é', ''];
    const numbers = [0, 1, 59, 3600, 999_999_999_999_999, 1_000_000_000_000_000, 1.5, -0];
    for (const name of names) {
      for (const a of numbers) {
        for (const b of numbers) {
          let expected: string | Error;
          try {
            expected = serializeList([[name, new Map([['r', a], ['t', b]])] as Item, ['hour', new Map([['r', 1], ['t', 2]])] as Item]);
          } catch (error) {
            expected = error as Error;
          }
          const actual = (): string => formatRateLimit([{ name, remaining: a, resetSeconds: b }, { name: 'hour', remaining: 1, resetSeconds: 2 }]);
          if (expected instanceof Error) expect(actual).toThrow();
          else expect(actual()).toBe(expected);
          let expectedPolicy: string | Error;
          try {
            expectedPolicy = serializeList([[name, new Map([['q', a], ['w', b]])] as Item]);
          } catch (error) {
            expectedPolicy = error as Error;
          }
          const policy = (): string => formatRateLimitPolicy([{ name, quota: a, windowSeconds: b }]);
          if (expectedPolicy instanceof Error) expect(policy).toThrow();
          else expect(policy()).toBe(expectedPolicy);
        }
      }
    }
  });
});
