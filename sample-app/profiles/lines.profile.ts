import { BUILT_IN_FAMILIES } from '../../lib/index.js';
import { SAMPLE_PLAN_ERRORS } from './sample-plan-errors.js';
import type { SampleProfile } from './sample-profile.js';

/**
 * Seed 004 — a lines API: the `typed` envelope
 * `{ "type", "code", "message", "param", "request_id" }`, `Authorization: Bearer <key>`, keys that
 * can be bound to lines, and a sandbox line with a daily quota of 50 messages.
 *
 * Choices where the seed is ambiguous or silent:
 * - the seed lists the fields but shows no example body; we read it as flat at the top level
 *   (Stripe's layout without the `error` wrapper), `param` null when no parameter is at fault,
 *   and add `details` only when there are per-field violations;
 * - `type` is the seed's category: authentication_error 401, authorization_error 403,
 *   invalid_request_error 400, not_found_error 404, rate_limit_error 429; errors the seed does
 *   not list (500, 502, 503) use `api_error` and keep their own codes (listed in `extraCodes`);
 * - a missing body field or query parameter is `missing_required_parameter`, any other
 *   violation `invalid_parameter_value`, both with `param` set;
 * - a resource of another account is `<resource>_not_found` (404), never 403;
 * - the status table's 204 is the CORS preflight: answered before any check, never rate limited.
 */
export const linesProfile: SampleProfile = {
  name: 'lines',
  seed: '004',
  envelope: 'typed',
  // "204 No content (OPTIONS preflight)": browser clients call the API directly with their key.
  cors: {
    origin: '*',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  },
  checks: (ports) => ({
    // Sends are @Idempotent(): a client's retried POST (the Stripe SDK retries with keys) replays.
    idempotency: {},
    apiKeys: {
      store: ports.keys,
      sources: [{ header: 'authorization', scheme: 'Bearer' }],
      formats: [{ prefix: 'ln_live_', charset: 'base62', length: { min: 30, max: 64 } }],
    },
    workspace: { resolver: ports.workspaces, personalContextRole: 'owner' },
    plans: {
      ...SAMPLE_PLAN_ERRORS,
      provider: ports.billing,
      quotas: { sandbox: { period: 'day', limit: 50, routes: 'marked' } },
    },
    // Hourly, by plan: trial keys get a small budget, everyone else 1000 requests an hour.
    rateLimit: { windows: [{ name: 'hour', ttl: 3_600_000, limit: ({ principal }) => (principal?.plan === 'trial' ? 5 : 1000) }] },
  }),
  catalogue: {
    codes: {
      missing_api_key: { status: 401, message: 'No Authorization header provided', covers: ['missing_api_key', 'missing_credentials'] },
      invalid_api_key: {
        status: 401,
        message: 'Key format is wrong, key is revoked, or key has expired',
        covers: [
          'invalid_api_key', ...BUILT_IN_FAMILIES.apiKeyStates, ...BUILT_IN_FAMILIES.userCredentials,
          ...BUILT_IN_FAMILIES.signatures,
        ],
      },
      insufficient_scope: {
        status: 403,
        message: 'The key doesn’t have the required scope for this endpoint',
        covers: [
          'insufficient_scope', 'forbidden', 'scope_level_invalid', 'ip_not_allowed', 'workspace_access_denied',
          'team_key_required', 'team_key_not_allowed', 'subscription_inactive', 'feature_not_available', 'limit_reached',
          'no_sms_access', 'config_error', 'team_feature_unavailable', 'team_limit_reached', 'team_seat_limit_reached',
          'invite_email_mismatch', 'billing_owner_only', 'billing_mutation_forbidden',
        ],
      },
      line_not_accessible: {
        status: 403,
        message: 'The key is line-scoped and can’t access the requested line',
        covers: ['resource_not_accessible', 'instance_not_assigned'],
      },
      sandbox_not_activated: {
        status: 403,
        message: 'Your sandbox hasn’t been activated yet. Text the activation code to the sandbox number',
        covers: ['sandbox_not_activated', 'approval_required'],
      },
      missing_required_parameter: {
        status: 400,
        type: 'invalid_request_error',
        message: 'A required query parameter or body field is missing',
        covers: ['missing_parameter', 'template_variables_missing'],
      },
      invalid_parameter_value: {
        status: 400,
        type: 'invalid_request_error',
        message: 'A parameter has an invalid value',
        covers: [
          'invalid_parameter', 'validation_failed', 'invalid_params', 'invalid_destination', 'dnc_blocked', 'opted_out',
          'template_invalid', 'template_context_unavailable', 'invalid_amount_format', 'invalid_otp', 'otp_expired',
          'invite_duplicate_member', 'plan_change_blocked',
        ],
      },
      invalid_json: {
        status: 400,
        message: 'The request body is not valid JSON',
        covers: [
          'invalid_json', 'bad_request', 'payload_too_large', 'headers_too_large', 'request_timeout', 'expectation_failed', 'unsupported_media_type', 'method_not_allowed',
          'unprocessable', 'invalid_request_id', 'invalid_workspace_header', 'invalid_idempotency_key',
          'idempotency_key_required', 'conflict', 'idempotency_key_reused', 'insufficient_balance', 'payg_confirm_required',
        ],
      },
      sandbox_contact_mismatch: {
        status: 400,
        message: 'You can only send to your paired phone number on the sandbox line',
        covers: ['sandbox_contact_mismatch'],
      },
      line_not_found: { status: 404, message: 'No line exists with the given handle', covers: ['line_not_found', 'instance_not_found'] },
      chat_not_found: { status: 404, message: 'No chat found for the given identifier on this line', covers: ['chat_not_found'] },
      message_not_found: { status: 404, message: 'No message found with the given ID', covers: ['message_not_found'] },
      outbox_item_not_found: { status: 404, message: 'No outbox item found with the given ID', covers: ['outbox_item_not_found'] },
      webhook_not_found: { status: 404, message: 'No webhook found with the given ID', covers: ['webhook_not_found'] },
      rate_limit_exceeded: {
        status: 429,
        message: 'Hourly API rate limit exceeded',
        covers: [
          'rate_limited', 'too_many_attempts', 'idempotency_in_progress', 'quota_exceeded', 'payg_limit_reached',
          'otp_wait_required', 'otp_resend_limit',
        ],
      },
      sandbox_quota_exceeded: {
        status: 429,
        message: 'Daily sandbox limit of 50 messages reached. Resets at midnight UTC',
        covers: ['sandbox_quota_exceeded'],
      },

      // Not in the seed (each listed in extraCodes, with the reason)
      not_found: {
        status: 404,
        message: 'The requested resource doesn’t exist',
        covers: [
          'not_found', 'workspace_not_found', 'cross_tenant_workspace', 'workspace_not_available', 'no_main_workspace',
          'invite_invalid_or_expired', 'template_not_found', 'contact_not_found',
        ],
      },
      upstream_unavailable: {
        status: 502,
        message: 'An upstream provider is unavailable.',
        covers: ['upstream_unavailable', 'upstream_timeout', 'dependency_not_ready'],
      },
      service_unavailable: {
        status: 503,
        message: 'The service is temporarily unavailable.',
        covers: ['service_unavailable', 'store_unavailable', 'maintenance_mode'],
      },
      provider_failed: {
        status: 502,
        message: 'The provider failed to send the message.',
        covers: ['provider_failed', 'test_message_failed', 'provider_media_failed'],
      },
      internal_error: { status: 500, message: 'An unexpected error occurred.', covers: ['internal_error', 'db_error'] },
    },
  },
  extraCodes: {
    not_found: 'A route or resource the seed has no specific 404 for (an unknown path) is `not_found_error` / `not_found`.',
    internal_error: 'The seed documents no 5xx; an unexpected error is still a 500.',
    upstream_unavailable: 'The seed documents no 5xx; the provider being down or slow is a 502.',
    provider_failed: 'The seed documents no 5xx; the provider refusing a message is a 502.',
    service_unavailable: 'The seed documents no 503; maintenance and store outages keep a retryable 503.',
  },
  validation: {
    rules: [
      // Any missing or empty field wins over other violations; the rest is `validation_failed`,
      // which this profile reports as `invalid_parameter_value`.
      { constraint: ['isDefined', 'isNotEmpty', 'arrayNotEmpty'], key: 'missing_parameter' },
    ],
  },
};
