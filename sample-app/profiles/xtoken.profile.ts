import { SAMPLE_PLAN_ERRORS } from './sample-plan-errors.js';
import type { SampleProfile } from './sample-profile.js';

/**
 * Seed 001 — an X-Token WhatsApp gateway: the `flat` envelope `{ "error": "<code>", "message" }`,
 * lower-case codes, the key in `X-Token`, HMAC signatures, 422 for validation and malformed JSON,
 * 402 for the wallet, 409 for the pay-as-you-go confirmation.
 *
 * Choices where the seed is silent:
 * - the seed lists "400 Bad Request" with no code; everything the built-in catalogue calls a
 *   request-shape error is folded into its 422 `validation_error` / `invalid_json`;
 * - `unauthorized` ("generic authentication failure") covers a suspended account, two different
 *   tokens in one request and a bad console login; a revoked token is `invalid_token`;
 * - a provider timeout is `send_message_failed`; the provider or its server being down is
 *   `server_down`; the instance's session still starting is `session_not_ready`;
 * - the seed has no 404 and no generic 403: `not_found` and `forbidden` keep those names
 *   (listed in `extraCodes`).
 */
export const xtokenProfile: SampleProfile = {
  name: 'xtoken',
  seed: '001',
  envelope: 'flat',
  checks: (ports) => ({
    apiKeys: { store: ports.keys, sources: ['X-Token'], formats: [{ prefix: 'xt_', charset: 'base62', length: { min: 20, max: 64 } }] },
    jwt: { verify: ports.tokens.verify },
    signature: { headers: { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' }, toleranceSeconds: 300 },
    workspace: { resolver: ports.workspaces, header: 'X-Workspace-Id', personalContextRole: 'owner' },
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing, quotas: { monthly_api_request: { period: 'month' } } },
    rateLimit: { windows: [{ name: 'global', ttl: 60_000, limit: 60 }], bruteForce: { maxFailures: 10 } },
  }),
  catalogue: {
    overrides: {
      // 401
      missing_api_key: { code: 'missing_auth_headers', message: 'Headers X-Token are missing.' },
      missing_credentials: { as: 'missing_api_key' },
      invalid_api_key: { code: 'invalid_token', message: 'The API Token provided is invalid.' },
      api_key_revoked: { as: 'invalid_api_key' },
      invalid_token: { as: 'invalid_api_key' },
      api_key_inactive: { code: 'token_inactive', message: 'The API Token exists but is currently disabled.' },
      api_key_expired: { code: 'token_expired', message: 'The API Token has expired.' },
      token_expired: { as: 'api_key_expired' },
      account_inactive: { code: 'unauthorized', message: 'Generic authentication failure.' },
      ambiguous_api_key: { as: 'account_inactive' },
      invalid_credentials: { as: 'account_inactive' },
      signature_missing: { code: 'missing_signature', message: 'Signature header is missing.' },
      signature_required: { as: 'signature_missing' },
      signature_invalid: { code: 'invalid_signature', message: 'Signature is invalid.' },
      signature_malformed: { as: 'signature_invalid' },
      signature_replayed: { as: 'signature_invalid' },
      signature_expired: { message: 'Signature timestamp is too old.' },
      // 402
      insufficient_balance: {
        message: 'Your wallet balance is insufficient for this operation. Top up your wallet in the dashboard.',
      },
      // 403
      ip_not_allowed: { message: 'Request IP is not in your allowlist.' },
      api_key_deleted: { code: 'token_deleted', status: 403, type: 'authorization_error', message: 'The API Token has been deleted.' },
      subscription_inactive: {
        code: 'no_api_access',
        message: 'You do not have API access. Activate a subscription or top up your wallet.',
      },
      // 409
      payg_confirm_required: {
        message: 'This action requires explicit confirmation that it will charge your wallet (PAYG).',
      },
      // 422
      validation_failed: { code: 'validation_error', status: 422, message: 'One or more inputs failed validation.' },
      bad_request: { as: 'validation_failed' },
      unprocessable: { as: 'validation_failed' },
      invalid_request_id: { as: 'validation_failed' },
      invalid_workspace_header: { as: 'validation_failed' },
      invalid_idempotency_key: { as: 'validation_failed' },
      idempotency_key_required: { as: 'validation_failed' },
      payload_too_large: { as: 'validation_failed' },
      headers_too_large: { as: 'validation_failed' },
      request_timeout: { as: 'validation_failed' },
      expectation_failed: { as: 'validation_failed' },
      unsupported_media_type: { as: 'validation_failed' },
      method_not_allowed: { as: 'validation_failed' },
      conflict: { code: 'already_exists', status: 422, message: 'The resource you are trying to create already exists.' },
      idempotency_key_reused: { as: 'conflict' },
      invalid_json: { status: 422, message: 'The request body or specific field contains invalid JSON.' },
      // 429
      rate_limited: { code: 'rate_limit_exceeded', message: 'You have exceeded the global rate limit. Slow down.' },
      idempotency_in_progress: { as: 'rate_limited' },
      quota_exceeded: { code: 'plan_limit_reached', message: 'You have reached the usage limit of your current plan.' },
      too_many_attempts: { message: 'Too many failed attempts.' },
      // 500
      internal_error: { message: 'An unexpected internal error occurred. Please contact support.' },
      // 503
      service_unavailable: { code: 'server_down', message: 'The server is down or unreachable.' },
      upstream_unavailable: { as: 'service_unavailable' },
      store_unavailable: { as: 'service_unavailable' },
      dependency_not_ready: { code: 'session_not_ready', message: 'The WhatsApp session is starting or not ready yet.' },
      maintenance_mode: { message: 'The application is currently in maintenance mode.' },
      // Not in the seed (see extraCodes)
      upstream_timeout: { as: 'provider_failed' },
      insufficient_scope: { as: 'forbidden' },
      scope_level_invalid: { as: 'forbidden' },
      resource_not_accessible: { as: 'forbidden' },
      feature_not_available: { as: 'subscription_inactive' },
      limit_reached: { as: 'quota_exceeded' },
      workspace_not_found: { as: 'not_found' },
      cross_tenant_workspace: { as: 'not_found' },
      workspace_not_available: { as: 'not_found' },
      no_main_workspace: { as: 'forbidden' },
      team_key_required: { as: 'forbidden' },
      team_key_not_allowed: { as: 'forbidden' },
      workspace_access_denied: { as: 'forbidden' },
    },
    entries: {
      provider_failed: { code: 'send_message_failed', message: 'Failed to send message.' },
      provider_media_failed: { code: 'send_media_failed', message: 'Failed to send media.' },
      db_error: { as: 'internal_error' },
      invalid_amount_format: { status: 422, message: 'The amount format is invalid.' },
      invalid_otp: { status: 422, message: 'The provided OTP is invalid.' },
      otp_expired: { status: 422, message: 'The OTP has expired.' },
      test_message_failed: { message: 'Sending the test message failed.' },
      payg_limit_reached: { message: 'You have reached your set PAYG spending limit.' },
      otp_wait_required: { message: 'You must wait before requesting another OTP.' },
      otp_resend_limit: { message: 'You have reached the maximum OTP resend attempts.' },
      invalid_destination: { as: 'validation_failed' },
      template_invalid: { as: 'validation_failed' },
      template_variables_missing: { as: 'validation_failed' },
      template_context_unavailable: { as: 'validation_failed' },
      sandbox_contact_mismatch: { as: 'validation_failed' },
      dnc_blocked: { as: 'validation_failed' },
      opted_out: { as: 'validation_failed' },
      approval_required: { as: 'subscription_inactive' },
      no_sms_access: { as: 'forbidden' },
      config_error: { as: 'forbidden' },
      sandbox_not_activated: { as: 'forbidden' },
      team_feature_unavailable: { as: 'subscription_inactive' },
      team_limit_reached: { as: 'quota_exceeded' },
      team_seat_limit_reached: { as: 'quota_exceeded' },
      instance_not_assigned: { as: 'forbidden' },
      invite_invalid_or_expired: { as: 'validation_failed' },
      invite_email_mismatch: { as: 'forbidden' },
      invite_duplicate_member: { as: 'conflict' },
      plan_change_blocked: { as: 'conflict' },
      billing_owner_only: { as: 'forbidden' },
      billing_mutation_forbidden: { as: 'forbidden' },
    },
  },
  extraCodes: {
    not_found: 'The seed documents no 404; an unknown route or resource is still a 404.',
    forbidden: 'The seed documents no generic 403 (scopes, roles); those refusals are a 403 `forbidden`.',
  },
};
