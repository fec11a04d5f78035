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
    // Sends are @Idempotent(): a client's retried POST (the Stripe SDK retries with keys) replays.
    idempotency: {},
    apiKeys: { store: ports.keys, sources: ['X-Token'], formats: [{ prefix: 'xt_', charset: 'base62', length: { min: 20, max: 64 } }] },
    jwt: { verify: ports.tokens.verify },
    signature: { headers: { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' }, toleranceSeconds: 300 },
    workspace: { resolver: ports.workspaces, header: 'X-Workspace-Id', personalContextRole: 'owner' },
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing, quotas: { monthly_api_request: { period: 'month' } } },
    rateLimit: { windows: [{ name: 'global', ttl: 60_000, limit: 60 }], bruteForce: { maxFailures: 10 } },
  }),
  catalogue: {
    codes: {
      // 401 Unauthorized
      missing_auth_headers: { status: 401, message: 'Headers X-Token are missing.', covers: ['missing_api_key', 'missing_credentials'] },
      invalid_token: {
        status: 401,
        message: 'The API Token provided is invalid.',
        covers: ['invalid_api_key', 'api_key_revoked', 'invalid_token'],
      },
      token_inactive: { status: 401, message: 'The API Token exists but is currently disabled.', covers: ['api_key_inactive'] },
      token_expired: { status: 401, message: 'The API Token has expired.', covers: ['api_key_expired', 'token_expired'] },
      unauthorized: {
        status: 401,
        message: 'Generic authentication failure.',
        covers: ['account_inactive', 'ambiguous_api_key', 'invalid_credentials'],
      },
      missing_signature: { status: 401, message: 'Signature header is missing.', covers: ['signature_missing', 'signature_required'] },
      invalid_signature: {
        status: 401,
        message: 'Signature is invalid.',
        covers: ['signature_invalid', 'signature_malformed', 'signature_replayed'],
      },
      signature_expired: { status: 401, message: 'Signature timestamp is too old.', covers: ['signature_expired'] },

      // 402 Payment Required
      insufficient_balance: {
        status: 402,
        message: 'Your wallet balance is insufficient for this operation. Top up your wallet in the dashboard.',
        covers: ['insufficient_balance'],
      },

      // 403 Forbidden
      ip_not_allowed: { status: 403, message: 'Request IP is not in your allowlist.', covers: ['ip_not_allowed'] },
      token_deleted: { status: 403, type: 'authorization_error', message: 'The API Token has been deleted.', covers: ['api_key_deleted'] },
      no_api_access: {
        status: 403,
        message: 'You do not have API access. Activate a subscription or top up your wallet.',
        covers: ['subscription_inactive', 'feature_not_available', 'approval_required', 'team_feature_unavailable'],
      },

      // 409 Conflict
      payg_confirm_required: {
        status: 409,
        message: 'This action requires explicit confirmation that it will charge your wallet (PAYG).',
        covers: ['payg_confirm_required'],
      },

      // 422 Unprocessable Entity
      validation_error: {
        status: 422,
        message: 'One or more inputs failed validation.',
        covers: [
          'validation_failed', 'bad_request', 'unprocessable', 'invalid_request_id', 'invalid_workspace_header',
          'invalid_idempotency_key', 'idempotency_key_required', 'payload_too_large', 'headers_too_large', 'request_timeout', 'expectation_failed',
          'unsupported_media_type', 'method_not_allowed', 'invalid_destination', 'template_invalid', 'template_variables_missing',
          'template_context_unavailable', 'sandbox_contact_mismatch', 'dnc_blocked', 'opted_out', 'invite_invalid_or_expired',
        ],
      },
      already_exists: {
        status: 422,
        message: 'The resource you are trying to create already exists.',
        covers: ['conflict', 'idempotency_key_reused', 'invite_duplicate_member', 'plan_change_blocked'],
      },
      invalid_json: { status: 422, message: 'The request body or specific field contains invalid JSON.', covers: ['invalid_json'] },
      invalid_amount_format: { status: 422, message: 'The amount format is invalid.', covers: ['invalid_amount_format'] },
      invalid_otp: { status: 422, message: 'The provided OTP is invalid.', covers: ['invalid_otp'] },
      otp_expired: { status: 422, message: 'The OTP has expired.', covers: ['otp_expired'] },
      test_message_failed: { status: 422, message: 'Sending the test message failed.', covers: ['test_message_failed'] },

      // 429 Too Many Requests
      rate_limit_exceeded: {
        status: 429,
        message: 'You have exceeded the global rate limit. Slow down.',
        covers: ['rate_limited', 'idempotency_in_progress'],
      },
      plan_limit_reached: {
        status: 429,
        message: 'You have reached the usage limit of your current plan.',
        covers: ['quota_exceeded', 'limit_reached', 'team_limit_reached', 'team_seat_limit_reached'],
      },
      payg_limit_reached: { status: 429, message: 'You have reached your set PAYG spending limit.', covers: ['payg_limit_reached'] },
      otp_wait_required: { status: 429, message: 'You must wait before requesting another OTP.', covers: ['otp_wait_required'] },
      otp_resend_limit: { status: 429, message: 'You have reached the maximum OTP resend attempts.', covers: ['otp_resend_limit'] },
      too_many_attempts: { status: 429, message: 'Too many failed attempts.', covers: ['too_many_attempts'] },

      // 500 Internal Server Error
      internal_error: {
        status: 500,
        message: 'An unexpected internal error occurred. Please contact support.',
        covers: ['internal_error', 'db_error'],
      },

      // 502 Bad Gateway
      send_message_failed: { status: 502, message: 'Failed to send message.', covers: ['provider_failed', 'upstream_timeout'] },
      send_media_failed: { status: 502, message: 'Failed to send media.', covers: ['provider_media_failed'] },

      // 503 Service Unavailable
      server_down: {
        status: 503,
        message: 'The server is down or unreachable.',
        covers: ['service_unavailable', 'upstream_unavailable', 'store_unavailable'],
      },
      session_not_ready: { status: 503, message: 'The WhatsApp session is starting or not ready yet.', covers: ['dependency_not_ready'] },
      maintenance_mode: { status: 503, message: 'The application is currently in maintenance mode.', covers: ['maintenance_mode'] },

      // Not in the seed (each listed in extraCodes, with the reason)
      forbidden: {
        status: 403,
        message: 'You are not allowed to perform this action.',
        covers: [
          'forbidden', 'insufficient_scope', 'scope_level_invalid', 'resource_not_accessible', 'no_main_workspace',
          'team_key_required', 'team_key_not_allowed', 'workspace_access_denied', 'no_sms_access', 'config_error',
          'sandbox_not_activated', 'instance_not_assigned', 'invite_email_mismatch', 'billing_owner_only',
          'billing_mutation_forbidden',
        ],
      },
      not_found: {
        status: 404,
        message: 'The resource does not exist.',
        covers: ['not_found', 'workspace_not_found', 'cross_tenant_workspace', 'workspace_not_available'],
      },
    },
  },
  extraCodes: {
    not_found: 'The seed documents no 404; an unknown route or resource is still a 404.',
    forbidden: 'The seed documents no generic 403 (scopes, roles); those refusals are a 403 `forbidden`.',
  },
};
