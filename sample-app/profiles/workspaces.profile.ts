import { SAMPLE_PLAN_ERRORS } from './sample-plan-errors.js';
import type { SampleProfile } from './sample-profile.js';

/**
 * Seed 002 — an SMS API with workspaces: the `status-flag` envelope
 * `{ "status": false, "error_code", "description" }`, upper-case codes, API keys and console JWTs,
 * the workspace in `X-Workspace-ID` (a positive integer), HMAC for keys that require it, a 402
 * that carries the cost breakdown, and `TOO_MANY_ATTEMPTS` with `Retry-After`.
 *
 * Choices where the seed is silent:
 * - an `X-Workspace-ID` that does not exist is `CROSS_TENANT_WORKSPACE` like one of another
 *   tenant (the seed's row says "you don't own (or deleted)"); the seed puts it at 403;
 * - the IP allowlist and signatures are 401, as the seed's table says;
 * - request-shape errors without a row (payload too large …) are `INVALID_BODY`;
 * - `RATE_LIMIT_EXCEEDED` also covers the monthly request quota.
 */
export const workspacesProfile: SampleProfile = {
  name: 'workspaces',
  seed: '002',
  envelope: 'status-flag',
  checks: (ports) => ({
    apiKeys: { store: ports.keys, sources: ['X-API-Key'], formats: [{ prefix: 'wsk_live_', charset: 'base62', length: { min: 30, max: 64 } }] },
    // Console routes take the JWT from login; API routes take keys. Both are `Authorization`-free
    // for keys, so a request never carries the two in one header.
    jwt: { verify: ports.tokens.verify },
    signature: { headers: { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' } },
    workspace: { resolver: ports.workspaces, header: 'X-Workspace-ID', format: 'positive-integer', personalContextRole: 'owner' },
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing, quotas: { monthly_api_request: { period: 'month' } } },
    rateLimit: {
      windows: [{ name: 'minute', ttl: 60_000, limit: 60 }],
      bruteForce: { maxFailures: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
    },
  }),
  catalogue: {
    overrides: {
      missing_credentials: { code: 'UNAUTHORIZED', message: 'Missing or unrecognized credentials' },
      missing_api_key: { as: 'missing_credentials' },
      ambiguous_api_key: { as: 'missing_credentials' },
      invalid_token: { code: 'INVALID_TOKEN', message: 'JWT invalid, malformed or revoked' },
      token_expired: { code: 'TOKEN_EXPIRED', message: 'JWT past expiry' },
      invalid_api_key: { code: 'INVALID_API_KEY', message: 'API key not found or hash mismatch' },
      api_key_revoked: { as: 'invalid_api_key' },
      api_key_deleted: { as: 'invalid_api_key' },
      api_key_inactive: { code: 'API_KEY_INACTIVE', message: 'API key disabled' },
      api_key_expired: { code: 'API_KEY_EXPIRED', message: 'API key expired' },
      invalid_credentials: { code: 'INVALID_CREDENTIALS', message: 'Wrong username/password' },
      account_inactive: { code: 'USER_NOT_ACTIVE', message: 'Account suspended or inactive' },
      ip_not_allowed: { code: 'IP_NOT_ALLOWED', status: 401, type: 'authentication_error', message: 'Client IP not in the allowed list' },
      signature_required: { code: 'SIGNATURE_REQUIRED', message: 'Key requires HMAC but signature headers missing' },
      signature_missing: { as: 'signature_required' },
      signature_invalid: { code: 'INVALID_SIGNATURE', message: 'HMAC signature failed verification' },
      signature_malformed: { as: 'signature_invalid' },
      signature_expired: { as: 'signature_invalid' },
      signature_replayed: { as: 'signature_invalid' },

      forbidden: { code: 'FORBIDDEN', message: 'Authenticated, but route or permission denied' },
      insufficient_scope: { as: 'forbidden' },
      scope_level_invalid: { as: 'forbidden' },
      resource_not_accessible: { as: 'forbidden' },
      workspace_access_denied: { as: 'forbidden' },
      team_key_required: { as: 'forbidden' },
      team_key_not_allowed: { as: 'forbidden' },
      subscription_inactive: { as: 'forbidden' },
      feature_not_available: { as: 'forbidden' },
      limit_reached: { as: 'forbidden' },
      cross_tenant_workspace: {
        code: 'CROSS_TENANT_WORKSPACE',
        message: 'X-Workspace-ID names a workspace you don’t own (or deleted)',
      },
      workspace_not_found: { as: 'cross_tenant_workspace' },
      no_main_workspace: { code: 'NO_MAIN_WORKSPACE', message: 'No live main workspace — contact support' },
      workspace_not_available: { code: 'WORKSPACE_NOT_AVAILABLE', message: 'Target workspace deleted — use a live workspace' },

      invalid_json: { code: 'INVALID_BODY', message: 'Malformed JSON body' },
      bad_request: { as: 'invalid_json' },
      payload_too_large: { as: 'invalid_json' },
      headers_too_large: { as: 'invalid_json' },
      request_timeout: { as: 'invalid_json' },
      expectation_failed: { as: 'invalid_json' },
      unsupported_media_type: { as: 'invalid_json' },
      method_not_allowed: { as: 'invalid_json' },
      unprocessable: { as: 'invalid_json' },
      invalid_request_id: { as: 'invalid_json' },
      invalid_idempotency_key: { as: 'invalid_json' },
      idempotency_key_required: { as: 'invalid_json' },
      validation_failed: { as: 'invalid_json' },
      invalid_workspace_header: { code: 'INVALID_WORKSPACE_HEADER', message: 'X-Workspace-ID is not a positive integer' },
      insufficient_balance: { code: 'INSUFFICIENT_BALANCE', message: 'Balance too low — body includes cost breakdown' },
      payg_confirm_required: { as: 'insufficient_balance' },

      rate_limited: { code: 'RATE_LIMIT_EXCEEDED', message: 'Per-account rate limit hit' },
      quota_exceeded: { as: 'rate_limited' },
      idempotency_in_progress: { as: 'rate_limited' },
      too_many_attempts: { code: 'TOO_MANY_ATTEMPTS', message: 'Login/2FA brute-force limit' },

      not_found: { code: 'NOT_FOUND', message: 'Message or resource not found' },
      conflict: { as: 'invalid_json' },
      idempotency_key_reused: { as: 'invalid_json' },
      internal_error: { code: 'INTERNAL_ERROR', message: 'Server-side error' },
      upstream_timeout: { as: 'internal_error' },
      upstream_unavailable: { as: 'internal_error' },
      dependency_not_ready: { as: 'internal_error' },
      service_unavailable: { code: 'SERVICE_UNAVAILABLE' },
      store_unavailable: { as: 'service_unavailable' },
      maintenance_mode: { as: 'service_unavailable' },
    },
    entries: {
      invalid_params: { code: 'INVALID_PARAMS', status: 400, type: 'invalid_request_error', message: 'Invalid query or path parameters' },
      invalid_recipients: { code: 'INVALID_TO', status: 400, type: 'invalid_request_error', message: 'Missing/empty recipients' },
      invalid_message: { code: 'INVALID_MESSAGE', status: 400, type: 'invalid_request_error', message: 'Missing/empty message' },
      invalid_sender: { code: 'INVALID_SENDER', status: 400, type: 'invalid_request_error', message: 'Missing/empty sender_id' },
      too_many_recipients: { code: 'TOO_MANY_RECIPIENTS', status: 400, type: 'invalid_request_error', message: 'Over 100 recipients' },
      missing_parameter: { as: 'invalid_params' },
      invalid_parameter: { as: 'invalid_params' },
      no_sms_access: { code: 'NO_SMS_ACCESS', message: 'SMS not configured on the account' },
      config_error: { code: 'CONFIG_ERROR', message: 'Credentials incomplete — contact support' },
      db_error: { code: 'DB_ERROR', message: 'Send request could not be queued — atomic rollback, safe to retry' },
      invalid_destination: { as: 'invalid_recipients' },
      dnc_blocked: { as: 'invalid_recipients' },
      opted_out: { as: 'invalid_recipients' },
      provider_failed: { as: 'internal_error' },
      provider_media_failed: { as: 'internal_error' },
      test_message_failed: { as: 'internal_error' },
      template_invalid: { as: 'invalid_json' },
      template_variables_missing: { as: 'invalid_json' },
      template_context_unavailable: { as: 'invalid_json' },
      sandbox_contact_mismatch: { as: 'invalid_recipients' },
      sandbox_not_activated: { as: 'forbidden' },
      approval_required: { as: 'forbidden' },
      invalid_amount_format: { as: 'invalid_json' },
      payg_limit_reached: { as: 'rate_limited' },
      invalid_otp: { as: 'invalid_credentials' },
      otp_expired: { as: 'invalid_credentials' },
      otp_wait_required: { as: 'too_many_attempts' },
      otp_resend_limit: { as: 'too_many_attempts' },
      team_feature_unavailable: { as: 'forbidden' },
      team_limit_reached: { as: 'forbidden' },
      team_seat_limit_reached: { as: 'forbidden' },
      instance_not_assigned: { as: 'forbidden' },
      invite_invalid_or_expired: { as: 'not_found' },
      invite_email_mismatch: { as: 'forbidden' },
      invite_duplicate_member: { as: 'invalid_json' },
      plan_change_blocked: { as: 'forbidden' },
      billing_owner_only: { as: 'forbidden' },
      billing_mutation_forbidden: { as: 'forbidden' },
    },
  },
  extraCodes: {
    SERVICE_UNAVAILABLE: 'The seed documents no 503; maintenance and store outages keep a retryable 503.',
  },
  validation: {
    rules: [
      { field: 'recipients', constraint: 'arrayMaxSize', key: 'too_many_recipients' },
      { field: /^recipients(\.|$)/, key: 'invalid_recipients' },
      { field: 'message', key: 'invalid_message' },
      { field: 'sender_id', key: 'invalid_sender' },
    ],
  },
};
