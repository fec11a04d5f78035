import { BUILT_IN_FAMILIES } from '../../lib/index.js';
import { SAMPLE_PLAN_ERRORS } from './sample-plan-errors.js';
import type { SampleProfile } from './sample-profile.js';

/**
 * Seed 003 — an integrations messaging API: the `object` envelope
 * `{ "object": "error", "code", "message", "request_id", "docs_url" }` with a stable docs URL per
 * code, keys in `Authorization: Bearer <key>` or `X-Integration-Key`, personal and organization
 * keys (`scope_level`), idempotency keys, and 403 for a bad key.
 *
 * Choices where the seed is silent:
 * - cross-tenant access is `not_found`, as the seed insists (never 403), also for a workspace;
 * - every other refusal of an authenticated key is `insufficient_scope`;
 * - a missing idempotency key where one is required, and other malformed requests, are
 *   `validation_failed`; a provider failure is `internal_error` (the seed has no 5xx but 500);
 * - maintenance and store outages keep a 503 `service_unavailable` (listed in `extraCodes`).
 */
export const integrationsProfile: SampleProfile = {
  name: 'integrations',
  seed: '003',
  envelope: 'object',
  docsBaseUrl: 'https://docs.integrations.example/api/errors',
  checks: (ports) => ({
    apiKeys: {
      store: ports.keys,
      sources: [{ header: 'authorization', scheme: 'Bearer' }, 'X-Integration-Key'],
      formats: [
        { prefix: 'ik_live_', kind: 'personal', charset: 'base62', length: { min: 30, max: 64 } },
        { prefix: 'ik_org_', kind: 'organization', charset: 'base62', length: { min: 30, max: 64 } },
      ],
    },
    workspace: { resolver: ports.workspaces, header: 'X-Organization-Id', personalContextRole: 'owner' },
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing },
    rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 60 }] },
    idempotency: {},
  }),
  catalogue: {
    codes: {
      validation_failed: {
        status: 400,
        message: 'Request body or query parameters failed validation. Inspect `details` for per-field errors.',
        covers: [
          'validation_failed', 'bad_request', 'invalid_json', 'invalid_request_id', 'payload_too_large', 'headers_too_large', 'request_timeout', 'expectation_failed',
          'unsupported_media_type', 'method_not_allowed', 'unprocessable', 'invalid_workspace_header', 'invalid_idempotency_key',
          'idempotency_key_required', 'conflict', 'invalid_destination', 'template_invalid', 'template_variables_missing',
          'template_context_unavailable', 'sandbox_contact_mismatch', 'invalid_amount_format', 'invalid_otp', 'otp_expired',
          'invite_duplicate_member', 'plan_change_blocked',
        ],
      },
      missing_api_key: {
        status: 401,
        message: 'No API key was supplied. Send `Authorization: Bearer <key>` or `X-Integration-Key`.',
        covers: ['missing_api_key', 'missing_credentials'],
      },
      insufficient_scope: {
        status: 403,
        message: 'The key authenticated successfully but does not hold the scope required for this endpoint.',
        covers: [
          'insufficient_scope', 'forbidden', 'resource_not_accessible', 'ip_not_allowed', 'workspace_access_denied',
          'team_key_required', 'team_key_not_allowed', 'subscription_inactive', 'feature_not_available', 'limit_reached',
          'team_feature_unavailable', 'team_limit_reached', 'team_seat_limit_reached', 'instance_not_assigned',
          'invite_email_mismatch', 'billing_owner_only', 'billing_mutation_forbidden',
        ],
      },
      invalid_api_key: {
        status: 403,
        type: 'authorization_error',
        message: 'The supplied key is unknown, revoked, or expired.',
        covers: [
          'invalid_api_key', ...BUILT_IN_FAMILIES.apiKeyStates, ...BUILT_IN_FAMILIES.userCredentials,
          ...BUILT_IN_FAMILIES.signatures,
        ],
      },
      scope_invalid: {
        status: 403,
        message: 'The key\'s scope_level does not permit this resource. Personal keys cannot access organization-only resources (DNC, org-level usage, raw org number lists), and organization keys must be issued by a user who still holds the owner role.',
        covers: ['scope_level_invalid'],
      },
      not_found: {
        status: 404,
        message: 'Resource not found, or visible only to a different organization. Cross-tenant access never returns 200 or 403.',
        covers: [
          'not_found', 'workspace_not_found', 'cross_tenant_workspace', 'workspace_not_available', 'no_main_workspace',
          'invite_invalid_or_expired',
        ],
      },
      idempotency_in_progress: {
        status: 409,
        message: 'A request with the same `Idempotency-Key` is already in flight. Retry shortly.',
        covers: ['idempotency_in_progress'],
      },
      idempotency_key_reused: {
        status: 409,
        message: 'The same `Idempotency-Key` was reused with a different request body. Use a fresh key for distinct requests.',
        covers: ['idempotency_key_reused'],
      },
      approval_required: {
        status: 422,
        message: 'Organization is not yet approved for messaging. Complete onboarding/registration before sending.',
        covers: ['approval_required', 'no_sms_access', 'config_error', 'sandbox_not_activated'],
      },
      dnc_blocked: { status: 422, message: 'Recipient is blocked by DNC settings; the send was not enqueued.', covers: ['dnc_blocked'] },
      insufficient_credits: {
        status: 422,
        message: 'Credit balance is too low to cover this send. Top up before retrying.',
        covers: ['insufficient_balance', 'payg_confirm_required', 'payg_limit_reached'],
      },
      opted_out: { status: 422, message: 'Recipient has opted out (replied STOP). The send cannot complete.', covers: ['opted_out'] },
      rate_limited: {
        status: 429,
        message: 'Per-IP or per-key rate limit exceeded. Honor the `Retry-After` header before retrying.',
        covers: ['rate_limited', 'quota_exceeded', 'too_many_attempts', 'otp_wait_required', 'otp_resend_limit'],
      },
      internal_error: {
        status: 500,
        message: 'Unexpected server error. Do not tight-loop retry; use exponential backoff if you retry at all, and contact support with the `request_id` if it persists.',
        covers: [
          'internal_error', 'upstream_timeout', 'upstream_unavailable', 'dependency_not_ready', 'provider_failed',
          'provider_media_failed', 'test_message_failed', 'db_error',
        ],
      },

      // Not in the seed (each listed in extraCodes, with the reason)
      service_unavailable: {
        status: 503,
        message: 'The service is temporarily unavailable.',
        covers: ['service_unavailable', 'store_unavailable', 'maintenance_mode'],
      },
    },
  },
  extraCodes: {
    service_unavailable: 'The seed documents no 503; maintenance and store outages keep a retryable 503.',
  },
};
