import type { ResolvedError } from './envelope.js';

/**
 * The longest wait, in seconds, after which a `Stripe-Should-Retry: true` still makes sense. The
 * Stripe SDKs retry after their own backoff (0.5 s doubling, capped at a few seconds) and ignore
 * `Retry-After`, so a longer wait would only burn the client's retries.
 */
export const STRIPE_SHOULD_RETRY_MAX_WAIT = 5;

/**
 * Whether a Stripe SDK should retry this error by itself (`Stripe-Should-Retry`): only when the
 * catalogue entry is retryable AND the wait is known and short (`Retry-After` <= 5 s). So
 * `idempotency_in_progress` (1 s), `rate_limited` under a per-second window, `store_unavailable`
 * and `service_unavailable` say true; `idempotency_key_reused`, every other 4xx, `internal_error`,
 * `maintenance_mode` (300 s), a minute-long rate window or a monthly quota say false.
 */
export function stripeShouldRetry(error: ResolvedError): boolean {
  return error.entry.retryable && error.retryAfter !== null && error.retryAfter <= STRIPE_SHOULD_RETRY_MAX_WAIT;
}
