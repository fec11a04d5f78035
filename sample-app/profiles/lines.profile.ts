import { aliasAll, BUILT_IN_FAMILIES } from '../../lib/index.js';
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
 * - a resource of another account is `<resource>_not_found` (404), never 403.
 */
export const linesProfile: SampleProfile = {
  name: 'lines',
  seed: '004',
  envelope: 'typed',
  checks: (ports) => ({
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
    overrides: {
      missing_api_key: { message: 'No Authorization header provided' },
      missing_credentials: { as: 'missing_api_key' },
      invalid_api_key: { message: 'Key format is wrong, key is revoked, or key has expired' },
      // Every rejected key, token and signature is reported as invalid_api_key.
      ...aliasAll('invalid_api_key', [
        ...BUILT_IN_FAMILIES.apiKeyStates,
        ...BUILT_IN_FAMILIES.userCredentials,
        ...BUILT_IN_FAMILIES.signatures,
      ]),
      insufficient_scope: { message: 'The key doesn’t have the required scope for this endpoint' },
      forbidden: { as: 'insufficient_scope' },
      scope_level_invalid: { as: 'insufficient_scope' },
      ip_not_allowed: { as: 'insufficient_scope' },
      workspace_access_denied: { as: 'insufficient_scope' },
      team_key_required: { as: 'insufficient_scope' },
      team_key_not_allowed: { as: 'insufficient_scope' },
      subscription_inactive: { as: 'insufficient_scope' },
      feature_not_available: { as: 'insufficient_scope' },
      limit_reached: { as: 'insufficient_scope' },
      resource_not_accessible: {
        code: 'line_not_accessible',
        message: 'The key is line-scoped and can’t access the requested line',
      },
      invalid_json: { message: 'The request body is not valid JSON' },
      validation_failed: { as: 'invalid_parameter' },
      bad_request: { as: 'invalid_json' },
      payload_too_large: { as: 'invalid_json' },
      headers_too_large: { as: 'invalid_json' },
      request_timeout: { as: 'invalid_json' },
      expectation_failed: { as: 'invalid_json' },
      unsupported_media_type: { as: 'invalid_json' },
      method_not_allowed: { as: 'invalid_json' },
      unprocessable: { as: 'invalid_json' },
      invalid_request_id: { as: 'invalid_json' },
      invalid_workspace_header: { as: 'invalid_json' },
      invalid_idempotency_key: { as: 'invalid_json' },
      idempotency_key_required: { as: 'invalid_json' },
      conflict: { as: 'invalid_json' },
      idempotency_key_reused: { as: 'invalid_json' },
      insufficient_balance: { as: 'invalid_json' },
      payg_confirm_required: { as: 'invalid_json' },
      not_found: { code: 'not_found', message: 'The requested resource doesn’t exist' },
      workspace_not_found: { as: 'not_found' },
      cross_tenant_workspace: { as: 'not_found' },
      workspace_not_available: { as: 'not_found' },
      no_main_workspace: { as: 'not_found' },
      rate_limited: { code: 'rate_limit_exceeded', message: 'Hourly API rate limit exceeded' },
      too_many_attempts: { as: 'rate_limited' },
      idempotency_in_progress: { as: 'rate_limited' },
      quota_exceeded: { as: 'rate_limited' },
      upstream_timeout: { as: 'upstream_unavailable' },
      dependency_not_ready: { as: 'upstream_unavailable' },
      store_unavailable: { as: 'service_unavailable' },
      maintenance_mode: { as: 'service_unavailable' },
    },
    entries: {
      missing_parameter: {
        code: 'missing_required_parameter',
        status: 400,
        type: 'invalid_request_error',
        message: 'A required query parameter or body field is missing',
      },
      invalid_parameter: {
        code: 'invalid_parameter_value',
        status: 400,
        type: 'invalid_request_error',
        message: 'A parameter has an invalid value',
      },
      invalid_params: { as: 'invalid_parameter' },
      sandbox_not_activated: {
        message: 'Your sandbox hasn’t been activated yet. Text the activation code to the sandbox number',
      },
      sandbox_contact_mismatch: { message: 'You can only send to your paired phone number on the sandbox line' },
      sandbox_quota_exceeded: { message: 'Daily sandbox limit of 50 messages reached. Resets at midnight UTC' },
      line_not_found: { message: 'No line exists with the given handle' },
      chat_not_found: { message: 'No chat found for the given identifier on this line' },
      message_not_found: { message: 'No message found with the given ID' },
      outbox_item_not_found: { message: 'No outbox item found with the given ID' },
      webhook_not_found: { message: 'No webhook found with the given ID' },
      invalid_destination: { as: 'invalid_parameter' },
      dnc_blocked: { as: 'invalid_parameter' },
      opted_out: { as: 'invalid_parameter' },
      approval_required: { as: 'sandbox_not_activated' },
      no_sms_access: { as: 'insufficient_scope' },
      config_error: { as: 'insufficient_scope' },
      template_invalid: { as: 'invalid_parameter' },
      template_variables_missing: { as: 'missing_parameter' },
      template_context_unavailable: { as: 'invalid_parameter' },
      test_message_failed: { as: 'provider_failed' },
      provider_media_failed: { as: 'provider_failed' },
      db_error: { as: 'internal_error' },
      invalid_amount_format: { as: 'invalid_parameter' },
      payg_limit_reached: { as: 'rate_limited' },
      invalid_otp: { as: 'invalid_parameter' },
      otp_expired: { as: 'invalid_parameter' },
      otp_wait_required: { as: 'rate_limited' },
      otp_resend_limit: { as: 'rate_limited' },
      team_feature_unavailable: { as: 'insufficient_scope' },
      team_limit_reached: { as: 'insufficient_scope' },
      team_seat_limit_reached: { as: 'insufficient_scope' },
      instance_not_assigned: { as: 'resource_not_accessible' },
      invite_invalid_or_expired: { as: 'not_found' },
      invite_email_mismatch: { as: 'insufficient_scope' },
      invite_duplicate_member: { as: 'invalid_parameter' },
      plan_change_blocked: { as: 'invalid_parameter' },
      billing_owner_only: { as: 'insufficient_scope' },
      billing_mutation_forbidden: { as: 'insufficient_scope' },
      template_not_found: { as: 'not_found' },
      contact_not_found: { as: 'not_found' },
      instance_not_found: { as: 'line_not_found' },
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
