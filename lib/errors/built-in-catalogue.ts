import type { CatalogueEntryInput } from './catalogue-entry.js';

// Why this file is long: it is one table, the built-in entries, one row a key.

const authn = 'authentication_error';
const authz = 'authorization_error';
const invalid = 'invalid_request_error';

/**
 * Every error this module's own guards, interceptors and filter raise, plus the common generic
 * codes of the seed contracts. Keys are meanings; an app renames the wire code, changes status,
 * type and message, or folds several meanings into one code with `as` (see `defineCatalogue`).
 *
 * The defaults follow the most common public practice (Stripe, RFC 9110): 401 when the caller is
 * not identified, 403 when identified but refused, 404 for anything the caller may not see.
 */
export const BUILT_IN_CATALOGUE = {
  // Request shape
  bad_request: { status: 400, type: invalid, message: 'The request is invalid.' },
  validation_failed: {
    status: 400,
    type: invalid,
    message: 'The request failed validation. See details for each field.',
  },
  invalid_json: { status: 400, type: invalid, message: 'The request body is not valid JSON.' },
  invalid_request_id: { status: 400, type: invalid, message: 'The request id header is malformed.' },
  payload_too_large: { status: 413, type: invalid, message: 'The request body is too large.' },
  headers_too_large: { status: 431, type: invalid, message: 'The request headers are too large.' },
  // Node's own early answers, in the envelope (ClientErrorResponder): a request that did not
  // arrive in time, and an `Expect` header other than 100-continue.
  request_timeout: {
    status: 408,
    type: invalid,
    message: 'The request did not arrive in time. Retry it.',
    retryable: true,
  },
  expectation_failed: { status: 417, type: invalid, message: 'The Expect header cannot be met. Send only Expect: 100-continue.' },
  unsupported_media_type: {
    status: 415,
    type: invalid,
    message: 'The request body has an unsupported content type or encoding.',
  },
  not_found: { status: 404, type: 'not_found_error', message: 'The resource does not exist.' },
  method_not_allowed: {
    status: 405,
    type: invalid,
    message: 'The method is not allowed on this resource.',
  },
  conflict: { status: 409, type: 'conflict_error', message: 'The request conflicts with the current state.' },
  unprocessable: {
    status: 422,
    type: invalid,
    message: 'The request is well formed but cannot be processed.',
  },

  // Who is calling
  missing_credentials: { status: 401, type: authn, message: 'No credentials were supplied.' },
  missing_api_key: { status: 401, type: authn, message: 'No API key was supplied.' },
  ambiguous_api_key: {
    status: 401,
    type: authn,
    message: 'Several different API keys were supplied. Send exactly one.',
  },
  invalid_api_key: { status: 401, type: authn, message: 'The API key is invalid.' },
  api_key_inactive: { status: 401, type: authn, message: 'The API key is disabled.' },
  api_key_revoked: { status: 401, type: authn, message: 'The API key has been revoked.' },
  api_key_expired: { status: 401, type: authn, message: 'The API key has expired.' },
  api_key_deleted: { status: 401, type: authn, message: 'The API key has been deleted.' },
  account_inactive: { status: 401, type: authn, message: 'The account is suspended or inactive.' },
  invalid_token: { status: 401, type: authn, message: 'The bearer token is invalid.' },
  token_expired: { status: 401, type: authn, message: 'The bearer token has expired.' },
  invalid_credentials: { status: 401, type: authn, message: 'The username or password is wrong.' },
  too_many_attempts: {
    status: 429,
    type: 'rate_limit_error',
    message: 'Too many failed attempts. Try again later.',
    retryable: true,
    retryAfter: 60,
  },
  signature_missing: { status: 401, type: authn, message: 'The request signature is missing.' },
  signature_required: {
    status: 401,
    type: authn,
    message: 'This API key requires signed requests, but the signature headers are missing.',
  },
  signature_malformed: { status: 401, type: authn, message: 'The request signature header is malformed.' },
  signature_invalid: { status: 401, type: authn, message: 'The request signature is invalid.' },
  signature_expired: {
    status: 401,
    type: authn,
    message: 'The request signature timestamp is outside the allowed window.',
  },
  signature_replayed: { status: 401, type: authn, message: 'This signed request was already received.' },
  ip_not_allowed: { status: 403, type: authz, message: 'The client IP address is not allowed.' },

  // What the caller may do
  forbidden: { status: 403, type: authz, message: 'You are not allowed to perform this action.' },
  insufficient_scope: {
    status: 403,
    type: authz,
    message: 'The API key does not hold the scope required for this endpoint.',
  },
  scope_level_invalid: {
    status: 403,
    type: authz,
    message: "The API key's scope level does not permit this resource.",
  },
  resource_not_accessible: {
    status: 403,
    type: authz,
    message: 'The API key is bound to other resources and cannot access this one.',
  },

  // Where: workspace / team context
  invalid_workspace_header: { status: 400, type: invalid, message: 'The workspace header is malformed.' },
  workspace_not_found: {
    status: 404,
    type: 'not_found_error',
    message: 'The workspace does not exist or you are not a member.',
  },
  cross_tenant_workspace: {
    status: 403,
    type: authz,
    message: 'The workspace belongs to another account.',
  },
  workspace_not_available: { status: 403, type: authz, message: 'The workspace has been deleted.' },
  no_main_workspace: { status: 403, type: authz, message: 'The account has no usable main workspace.' },
  team_key_required: {
    status: 403,
    type: authz,
    message: 'A personal API key cannot be used with a team context. Use a team key.',
  },
  team_key_not_allowed: {
    status: 403,
    type: authz,
    message: 'A team API key cannot be used on this personal-only route. Use a personal key.',
  },
  workspace_access_denied: {
    status: 403,
    type: authz,
    message: 'Your role in this workspace does not allow this action.',
  },

  // How much: plans, quotas, balance
  subscription_inactive: {
    status: 403,
    type: 'billing_error',
    message: 'The account has no active subscription for this action.',
  },
  feature_not_available: {
    status: 403,
    type: 'billing_error',
    message: 'This feature is not available on the current plan.',
  },
  limit_reached: { status: 403, type: 'billing_error', message: 'The plan limit for this resource is reached.' },
  quota_exceeded: {
    status: 429,
    type: 'rate_limit_error',
    message: 'The request quota of the current period is exhausted.',
    retryable: true,
  },
  insufficient_balance: { status: 402, type: 'billing_error', message: 'The balance is too low for this operation.' },
  payg_confirm_required: {
    status: 409,
    type: 'billing_error',
    message: 'This action charges your wallet; confirm it explicitly.',
  },

  // How often, and exactly once
  rate_limited: {
    status: 429,
    type: 'rate_limit_error',
    message: 'Too many requests. Retry after the time given in Retry-After.',
    retryable: true,
    retryAfter: 1,
  },
  invalid_idempotency_key: { status: 400, type: invalid, message: 'The Idempotency-Key header is malformed.' },
  idempotency_key_required: {
    status: 400,
    type: invalid,
    message: 'This endpoint requires an Idempotency-Key header.',
  },
  idempotency_in_progress: {
    status: 409,
    type: 'idempotency_error',
    message: 'A request with the same Idempotency-Key is in progress. Retry shortly.',
    retryable: true,
    retryAfter: 1,
  },
  idempotency_key_reused: {
    status: 409,
    type: 'idempotency_error',
    message: 'The Idempotency-Key was already used with a different request.',
  },

  // Our side
  internal_error: { status: 500, type: 'api_error', message: 'An unexpected error occurred.' },
  maintenance_mode: {
    status: 503,
    type: 'api_error',
    message: 'The API is in maintenance. Retry later.',
    retryable: true,
    retryAfter: 300,
  },
  service_unavailable: {
    status: 503,
    type: 'api_error',
    message: 'The service is temporarily unavailable.',
    retryable: true,
    retryAfter: 5,
  },
  store_unavailable: {
    status: 503,
    type: 'api_error',
    message: 'The service is temporarily unavailable.',
    retryable: true,
    retryAfter: 1,
  },
  dependency_not_ready: {
    status: 503,
    type: 'api_error',
    message: 'A dependency of this endpoint is not ready yet. Retry shortly.',
    retryable: true,
    retryAfter: 5,
  },
  upstream_unavailable: {
    status: 502,
    type: 'api_error',
    message: 'An upstream provider is unavailable.',
    retryable: true,
  },
  upstream_timeout: {
    status: 504,
    type: 'api_error',
    message: 'An upstream provider did not answer in time.',
    retryable: true,
  },
} as const satisfies Record<string, CatalogueEntryInput>;

/** A key of the built-in catalogue. */
export type BuiltInErrorKey = keyof typeof BUILT_IN_CATALOGUE;

/**
 * Built-in keys by family, for APIs that report a whole family with one wire code (seed APIs answer
 * every rejected key, token and signature alike as `UNAUTHORIZED` or `invalid_api_key`). Use with
 * {@link aliasAll}.
 */
export const BUILT_IN_FAMILIES = {
  /** A key that was read but cannot be used (beyond plain `invalid_api_key`). */
  apiKeyStates: ['ambiguous_api_key', 'api_key_inactive', 'api_key_revoked', 'api_key_expired', 'api_key_deleted'],
  /** A user or bearer token that cannot be used. */
  userCredentials: ['account_inactive', 'invalid_token', 'token_expired', 'invalid_credentials'],
  /** Every signature failure. */
  signatures: [
    'signature_missing',
    'signature_required',
    'signature_malformed',
    'signature_invalid',
    'signature_expired',
    'signature_replayed',
  ],
} as const satisfies Record<string, readonly BuiltInErrorKey[]>;
