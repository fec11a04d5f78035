import { defineEnvelope } from './define-envelope.js';
import type { Envelope } from './envelope.js';
import { STRIPE_ENVELOPE_SCHEMA } from './schemas/stripe.schema.js';
import { stripeShouldRetry } from './stripe-should-retry.js';

/** The response header Stripe sends the request id in. */
export const STRIPE_REQUEST_ID_HEADER = 'Request-Id';

/**
 * Stripe's error object, as the Stripe SDKs parse it:
 * `{ "error": { "type", "code", "message", "param"?, "doc_url"? } }`.
 *
 * - `type` is the entry's category; `param` and `doc_url` are present only when known (Stripe
 *   omits them too); extra data sits inside `error` (as Stripe's `decline_code` does), and details
 *   as `error.details` when there are some;
 * - the request id travels in the `Request-Id` header (unless `requestId.header` says otherwise),
 *   where the SDKs read `requestId` from;
 * - `Stripe-Should-Retry: true|false` tells the SDKs' automatic retries what to do (see
 *   {@link stripeShouldRetry}: true only for retryable entries with a short, known wait).
 *
 * Stripe's SDKs choose the error class from the status: 400/404 → `StripeInvalidRequestError`
 * (`StripeIdempotencyError` when `type` is `idempotency_error`), 401 → `StripeAuthenticationError`,
 * 402 → `StripeCardError`, 403 → `StripePermissionError`, 429 → `StripeRateLimitError`, anything
 * else (409, 422, 5xx) → `StripeAPIError`.
 */
export const stripeEnvelope: Envelope = defineEnvelope(
  (e) => ({
    status: e.entry.status,
    headers: { 'Stripe-Should-Retry': stripeShouldRetry(e) ? 'true' : 'false' },
    // Extra data first, so it can never overwrite a field the contract defines.
    body: {
      error: {
        ...e.extra,
        type: e.entry.type,
        code: e.entry.code,
        message: e.message,
        ...(e.param === null ? {} : { param: e.param }),
        ...(e.docsUrl === null ? {} : { doc_url: e.docsUrl }),
        ...(e.details.length > 0 ? { details: e.details } : {}),
      },
    },
  }),
  { schema: STRIPE_ENVELOPE_SCHEMA, requestIdHeader: STRIPE_REQUEST_ID_HEADER },
);
