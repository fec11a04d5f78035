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
 * - `RATE_LIMIT_EXCEEDED` also covers the monthly request quota;
 * - the rate limit counts per account (`rateLimit.tracker: 'account'`), as the seed's row says.
 */
export const workspacesProfile: SampleProfile = {
  name: 'workspaces',
  seed: '002',
  envelope: 'status-flag',
  checks: (ports) => ({
    // Sends are @Idempotent(): a client's retried POST (the Stripe SDK retries with keys) replays.
    idempotency: {},
    apiKeys: { store: ports.keys, sources: ['X-API-Key'], formats: [{ prefix: 'wsk_live_', charset: 'base62', length: { min: 30, max: 64 } }] },
    // Console routes take the JWT from login; API routes take keys. Both are `Authorization`-free
    // for keys, so a request never carries the two in one header.
    jwt: { verify: ports.tokens.verify },
    signature: { headers: { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' } },
    workspace: { resolver: ports.workspaces, header: 'X-Workspace-ID', format: 'positive-integer', personalContextRole: 'owner' },
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing, quotas: { monthly_api_request: { period: 'month' } } },
    // "Per-account rate limit": every key of an account spends one budget.
    rateLimit: {
      tracker: 'account',
      windows: [{ name: 'minute', ttl: 60_000, limit: 60 }],
      bruteForce: { maxFailures: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
    },
  }),
  catalogue: {
    codes: {
      UNAUTHORIZED: {
        status: 401,
        message: 'Missing or unrecognized credentials',
        covers: ['missing_credentials', 'missing_api_key', 'ambiguous_api_key'],
      },
      INVALID_TOKEN: { status: 401, message: 'JWT invalid, malformed or revoked', covers: ['invalid_token'] },
      TOKEN_EXPIRED: { status: 401, message: 'JWT past expiry', covers: ['token_expired'] },
      INVALID_API_KEY: {
        status: 401,
        message: 'API key not found or hash mismatch',
        covers: ['invalid_api_key', 'api_key_revoked', 'api_key_deleted'],
      },
      API_KEY_INACTIVE: { status: 401, message: 'API key disabled', covers: ['api_key_inactive'] },
      API_KEY_EXPIRED: { status: 401, message: 'API key expired', covers: ['api_key_expired'] },
      INVALID_CREDENTIALS: {
        status: 401,
        message: 'Wrong username/password',
        covers: ['invalid_credentials', 'invalid_otp', 'otp_expired'],
      },
      USER_NOT_ACTIVE: { status: 401, message: 'Account suspended or inactive', covers: ['account_inactive'] },
      IP_NOT_ALLOWED: {
        status: 401,
        type: 'authentication_error',
        message: 'Client IP not in the allowed list',
        covers: ['ip_not_allowed'],
      },
      SIGNATURE_REQUIRED: {
        status: 401,
        message: 'Key requires HMAC but signature headers missing',
        covers: ['signature_required', 'signature_missing'],
      },
      INVALID_SIGNATURE: {
        status: 401,
        message: 'HMAC signature failed verification',
        covers: ['signature_invalid', 'signature_malformed', 'signature_expired', 'signature_replayed'],
      },
      FORBIDDEN: {
        status: 403,
        message: 'Authenticated, but route or permission denied',
        covers: [
          'forbidden', 'insufficient_scope', 'scope_level_invalid', 'resource_not_accessible', 'workspace_access_denied',
          'team_key_required', 'team_key_not_allowed', 'subscription_inactive', 'feature_not_available', 'limit_reached',
          'sandbox_not_activated', 'approval_required', 'team_feature_unavailable', 'team_limit_reached',
          'team_seat_limit_reached', 'instance_not_assigned', 'invite_email_mismatch', 'plan_change_blocked',
          'billing_owner_only', 'billing_mutation_forbidden',
        ],
      },
      NO_SMS_ACCESS: { status: 403, message: 'SMS not configured on the account', covers: ['no_sms_access'] },
      CONFIG_ERROR: { status: 403, message: 'Credentials incomplete — contact support', covers: ['config_error'] },
      CROSS_TENANT_WORKSPACE: {
        status: 403,
        message: 'X-Workspace-ID names a workspace you don’t own (or deleted)',
        covers: ['cross_tenant_workspace', 'workspace_not_found'],
      },
      NO_MAIN_WORKSPACE: { status: 403, message: 'No live main workspace — contact support', covers: ['no_main_workspace'] },
      WORKSPACE_NOT_AVAILABLE: {
        status: 403,
        message: 'Target workspace deleted — use a live workspace',
        covers: ['workspace_not_available'],
      },
      INVALID_BODY: {
        status: 400,
        message: 'Malformed JSON body',
        covers: [
          'invalid_json', 'bad_request', 'payload_too_large', 'headers_too_large', 'request_timeout', 'expectation_failed', 'unsupported_media_type', 'method_not_allowed',
          'unprocessable', 'invalid_request_id', 'invalid_idempotency_key', 'idempotency_key_required', 'validation_failed',
          'conflict', 'idempotency_key_reused', 'template_invalid', 'template_variables_missing', 'template_context_unavailable',
          'invalid_amount_format', 'invite_duplicate_member',
        ],
      },
      INVALID_PARAMS: {
        status: 400,
        type: 'invalid_request_error',
        message: 'Invalid query or path parameters',
        covers: ['invalid_params', 'missing_parameter', 'invalid_parameter'],
      },
      INVALID_TO: {
        status: 400,
        type: 'invalid_request_error',
        message: 'Missing/empty recipients',
        covers: ['invalid_recipients', 'invalid_destination', 'dnc_blocked', 'opted_out', 'sandbox_contact_mismatch'],
      },
      INVALID_MESSAGE: { status: 400, type: 'invalid_request_error', message: 'Missing/empty message', covers: ['invalid_message'] },
      INVALID_SENDER: { status: 400, type: 'invalid_request_error', message: 'Missing/empty sender_id', covers: ['invalid_sender'] },
      TOO_MANY_RECIPIENTS: { status: 400, type: 'invalid_request_error', message: 'Over 100 recipients', covers: ['too_many_recipients'] },
      INVALID_WORKSPACE_HEADER: { status: 400, message: 'X-Workspace-ID is not a positive integer', covers: ['invalid_workspace_header'] },
      INSUFFICIENT_BALANCE: {
        status: 402,
        message: 'Balance too low — body includes cost breakdown',
        covers: ['insufficient_balance', 'payg_confirm_required'],
      },
      RATE_LIMIT_EXCEEDED: {
        status: 429,
        message: 'Per-account rate limit hit',
        covers: ['rate_limited', 'quota_exceeded', 'idempotency_in_progress', 'payg_limit_reached'],
      },
      TOO_MANY_ATTEMPTS: {
        status: 429,
        message: 'Login/2FA brute-force limit',
        covers: ['too_many_attempts', 'otp_wait_required', 'otp_resend_limit'],
      },
      NOT_FOUND: { status: 404, message: 'Message or resource not found', covers: ['not_found', 'invite_invalid_or_expired'] },
      INTERNAL_ERROR: {
        status: 500,
        message: 'Server-side error',
        covers: [
          'internal_error', 'upstream_timeout', 'upstream_unavailable', 'dependency_not_ready', 'provider_failed',
          'provider_media_failed', 'test_message_failed',
        ],
      },
      DB_ERROR: { status: 500, message: 'Send request could not be queued — atomic rollback, safe to retry', covers: ['db_error'] },

      // Not in the seed (each listed in extraCodes, with the reason)
      SERVICE_UNAVAILABLE: {
        status: 503,
        message: 'The service is temporarily unavailable.',
        covers: ['service_unavailable', 'store_unavailable', 'maintenance_mode'],
      },
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
