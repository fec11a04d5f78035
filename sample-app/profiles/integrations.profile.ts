import { aliasAll, BUILT_IN_FAMILIES } from '../../lib/index.js';
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
    overrides: {
      validation_failed: {
        message: 'Request body or query parameters failed validation. Inspect `details` for per-field errors.',
      },
      bad_request: { as: 'validation_failed' },
      invalid_json: { as: 'validation_failed' },
      invalid_request_id: { as: 'validation_failed' },
      payload_too_large: { as: 'validation_failed' },
      headers_too_large: { as: 'validation_failed' },
      request_timeout: { as: 'validation_failed' },
      expectation_failed: { as: 'validation_failed' },
      unsupported_media_type: { as: 'validation_failed' },
      method_not_allowed: { as: 'validation_failed' },
      unprocessable: { as: 'validation_failed' },
      invalid_workspace_header: { as: 'validation_failed' },
      invalid_idempotency_key: { as: 'validation_failed' },
      idempotency_key_required: { as: 'validation_failed' },
      conflict: { as: 'validation_failed' },
      missing_api_key: { message: 'No API key was supplied. Send `Authorization: Bearer <key>` or `X-Integration-Key`.' },
      missing_credentials: { as: 'missing_api_key' },
      invalid_api_key: { status: 403, type: 'authorization_error', message: 'The supplied key is unknown, revoked, or expired.' },
      // Every rejected key, token and signature is reported as invalid_api_key.
      ...aliasAll('invalid_api_key', [
        ...BUILT_IN_FAMILIES.apiKeyStates,
        ...BUILT_IN_FAMILIES.userCredentials,
        ...BUILT_IN_FAMILIES.signatures,
      ]),
      insufficient_scope: {
        message: 'The key authenticated successfully but does not hold the scope required for this endpoint.',
      },
      forbidden: { as: 'insufficient_scope' },
      resource_not_accessible: { as: 'insufficient_scope' },
      ip_not_allowed: { as: 'insufficient_scope' },
      workspace_access_denied: { as: 'insufficient_scope' },
      team_key_required: { as: 'insufficient_scope' },
      team_key_not_allowed: { as: 'insufficient_scope' },
      scope_level_invalid: {
        code: 'scope_invalid',
        message:
          "The key's scope_level does not permit this resource. Personal keys cannot access organization-only resources (DNC, org-level usage, raw org number lists), and organization keys must be issued by a user who still holds the owner role.",
      },
      not_found: {
        message: 'Resource not found, or visible only to a different organization. Cross-tenant access never returns 200 or 403.',
      },
      workspace_not_found: { as: 'not_found' },
      cross_tenant_workspace: { as: 'not_found' },
      workspace_not_available: { as: 'not_found' },
      no_main_workspace: { as: 'not_found' },
      idempotency_in_progress: {
        message: 'A request with the same `Idempotency-Key` is already in flight. Retry shortly.',
      },
      idempotency_key_reused: {
        message: 'The same `Idempotency-Key` was reused with a different request body. Use a fresh key for distinct requests.',
      },
      insufficient_balance: {
        code: 'insufficient_credits',
        status: 422,
        message: 'Credit balance is too low to cover this send. Top up before retrying.',
      },
      payg_confirm_required: { as: 'insufficient_balance' },
      subscription_inactive: { as: 'insufficient_scope' },
      feature_not_available: { as: 'insufficient_scope' },
      limit_reached: { as: 'insufficient_scope' },
      rate_limited: { message: 'Per-IP or per-key rate limit exceeded. Honor the `Retry-After` header before retrying.' },
      quota_exceeded: { as: 'rate_limited' },
      too_many_attempts: { as: 'rate_limited' },
      internal_error: {
        message:
          'Unexpected server error. Do not tight-loop retry; use exponential backoff if you retry at all, and contact support with the `request_id` if it persists.',
      },
      upstream_timeout: { as: 'internal_error' },
      upstream_unavailable: { as: 'internal_error' },
      dependency_not_ready: { as: 'internal_error' },
      store_unavailable: { as: 'service_unavailable' },
      maintenance_mode: { as: 'service_unavailable' },
    },
    entries: {
      approval_required: {
        message: 'Organization is not yet approved for messaging. Complete onboarding/registration before sending.',
      },
      dnc_blocked: { message: 'Recipient is blocked by DNC settings; the send was not enqueued.' },
      opted_out: { message: 'Recipient has opted out (replied STOP). The send cannot complete.' },
      invalid_destination: { as: 'validation_failed' },
      provider_failed: { as: 'internal_error' },
      provider_media_failed: { as: 'internal_error' },
      test_message_failed: { as: 'internal_error' },
      db_error: { as: 'internal_error' },
      no_sms_access: { as: 'approval_required' },
      config_error: { as: 'approval_required' },
      template_invalid: { as: 'validation_failed' },
      template_variables_missing: { as: 'validation_failed' },
      template_context_unavailable: { as: 'validation_failed' },
      sandbox_not_activated: { as: 'approval_required' },
      sandbox_contact_mismatch: { as: 'validation_failed' },
      invalid_amount_format: { as: 'validation_failed' },
      payg_limit_reached: { as: 'insufficient_balance' },
      invalid_otp: { as: 'validation_failed' },
      otp_expired: { as: 'validation_failed' },
      otp_wait_required: { as: 'rate_limited' },
      otp_resend_limit: { as: 'rate_limited' },
      team_feature_unavailable: { as: 'insufficient_scope' },
      team_limit_reached: { as: 'insufficient_scope' },
      team_seat_limit_reached: { as: 'insufficient_scope' },
      instance_not_assigned: { as: 'insufficient_scope' },
      invite_invalid_or_expired: { as: 'not_found' },
      invite_email_mismatch: { as: 'insufficient_scope' },
      invite_duplicate_member: { as: 'validation_failed' },
      plan_change_blocked: { as: 'validation_failed' },
      billing_owner_only: { as: 'insufficient_scope' },
      billing_mutation_forbidden: { as: 'insufficient_scope' },
    },
  },
  extraCodes: {
    service_unavailable: 'The seed documents no 503; maintenance and store outages keep a retryable 503.',
  },
};
