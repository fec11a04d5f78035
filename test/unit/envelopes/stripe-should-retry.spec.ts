import { describe, expect, it } from '@jest/globals';
import { builtInCatalogue, stripeEnvelope, stripeShouldRetry, type BuiltInErrorKey, type ResolvedError } from '../../../lib/index.js';

// What the filter resolves for an entry: the thrower's Retry-After, else the entry's default.
const resolved = (key: BuiltInErrorKey, retryAfter?: number): ResolvedError => {
  const entry = builtInCatalogue.get(key);
  return {
    entry,
    message: entry.message,
    details: [],
    extra: {},
    param: null,
    requestId: 'req_12345678',
    docsUrl: null,
    instance: '/v1/x',
    retryAfter: retryAfter ?? entry.retryAfter ?? null,
  };
};

describe('Stripe-Should-Retry', () => {
  it.each([
    ['idempotency_in_progress', undefined, true],
    ['rate_limited', undefined, true],
    ['store_unavailable', undefined, true],
    ['service_unavailable', undefined, true],
    ['dependency_not_ready', undefined, true],
    ['rate_limited', 60, false],
    ['too_many_attempts', undefined, false],
    ['maintenance_mode', undefined, false],
    ['quota_exceeded', 86_400, false],
    ['upstream_unavailable', undefined, false],
    ['idempotency_key_reused', undefined, false],
    ['internal_error', undefined, false],
    ['validation_failed', undefined, false],
    ['insufficient_balance', undefined, false],
  ] as Array<[BuiltInErrorKey, number | undefined, boolean]>)('%s (Retry-After %s) → %s', (key, retryAfter, expected) => {
    const error = resolved(key, retryAfter);
    expect(stripeShouldRetry(error)).toBe(expected);
    expect(stripeEnvelope(error).headers).toEqual({ 'Stripe-Should-Retry': String(expected) });
  });

  it('is true only up to a 5 second wait', () => {
    expect([4, 5, 6].map((s) => stripeShouldRetry(resolved('rate_limited', s)))).toEqual([true, true, false]);
  });
});
