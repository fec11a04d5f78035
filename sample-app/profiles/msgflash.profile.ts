import { aliasAll, BUILT_IN_FAMILIES } from '../../lib/index.js';
import { SAMPLE_PLAN_ERRORS } from './sample-plan-errors.js';
import type { SampleProfile } from './sample-profile.js';

/**
 * Seed 000 — MsgFlash: a WhatsApp API with the `nested` envelope
 * `{ "error": { "code", "message", "details": [] } }`, upper-case codes, keys in `x-api-key`
 * (`msgf_live_…` personal, `msgf_team_…` team) and the team context in `X-Team-Id`.
 *
 * Choices where the seed is silent:
 * - every way of not being authenticated (missing, malformed, unknown, revoked, expired key, bad
 *   JWT) is the one `UNAUTHORIZED` the seed documents;
 * - refusals the seed has no code for (scopes, IP allowlist, cross-tenant) are `FORBIDDEN`, and an
 *   `X-Team-Id` the caller does not belong to is `TEAM_NOT_FOUND` (404), as the seed says;
 * - malformed JSON is `BAD_REQUEST`; a 503 the seed does not document (maintenance, a store
 *   outage) keeps a 503 with its own code so clients retry (listed in `extraCodes`).
 */
export const msgflashProfile: SampleProfile = {
  name: 'msgflash',
  seed: '000',
  envelope: 'nested',
  checks: (ports) => ({
    apiKeys: {
      store: ports.keys,
      sources: ['x-api-key'],
      formats: [
        { prefix: 'msgf_live_', kind: 'personal', charset: 'base62', length: { min: 30, max: 64 } },
        { prefix: 'msgf_team_', kind: 'team', charset: 'base62', length: { min: 30, max: 64 } },
      ],
    },
    jwt: { verify: ports.tokens.verify },
    workspace: { resolver: ports.workspaces, header: 'X-Team-Id', format: 'positive-integer', personalKeyWithHeader: 'reject', personalContextRole: 'owner' },
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing, quotas: { monthly_api_request: { period: 'month' } } },
    rateLimit: { windows: [{ name: 'second', ttl: 1000, limit: 10 }] },
  }),
  catalogue: {
    overrides: {
      // Authentication and API quotas
      invalid_api_key: { code: 'UNAUTHORIZED', status: 401, message: 'API key missing, invalid, or revoked. Check x-api-key.' },
      missing_api_key: { as: 'invalid_api_key' },
      missing_credentials: { as: 'invalid_api_key' },
      // Every rejected key, token and signature is reported as invalid_api_key.
      ...aliasAll('invalid_api_key', [
        ...BUILT_IN_FAMILIES.apiKeyStates,
        ...BUILT_IN_FAMILIES.userCredentials,
        ...BUILT_IN_FAMILIES.signatures,
      ]),
      forbidden: { code: 'FORBIDDEN', message: 'Resource not accessible with this key' },
      insufficient_scope: { as: 'forbidden' },
      scope_level_invalid: { as: 'forbidden' },
      resource_not_accessible: { as: 'forbidden' },
      ip_not_allowed: { as: 'forbidden' },
      subscription_inactive: { code: 'SUBSCRIPTION_INACTIVE', message: 'The account has no usable subscription for this action' },
      insufficient_balance: { as: 'subscription_inactive' },
      payg_confirm_required: { as: 'subscription_inactive' },
      rate_limited: { code: 'API_RATE_LIMIT_EXCEEDED', message: 'More than 10 requests/second on the same key' },
      too_many_attempts: { as: 'rate_limited' },
      quota_exceeded: { code: 'MONTHLY_API_REQUEST_QUOTA_EXCEEDED', message: 'Monthly API request quota exhausted' },

      // Plan limits: the generic ones (per-resource codes are sample entries below)
      feature_not_available: { code: 'FEATURE_NOT_AVAILABLE_ON_PLAN', message: 'Feature unavailable on the current plan' },
      limit_reached: { as: 'feature_not_available' },

      // Messages, templates and validation
      validation_failed: { code: 'VALIDATION_ERROR', message: 'Invalid request data' },
      bad_request: { code: 'BAD_REQUEST', message: 'Invalid request' },
      invalid_json: { as: 'bad_request' },
      invalid_request_id: { as: 'bad_request' },
      payload_too_large: { as: 'bad_request' },
      headers_too_large: { as: 'bad_request' },
      request_timeout: { as: 'bad_request' },
      expectation_failed: { as: 'bad_request' },
      unsupported_media_type: { as: 'bad_request' },
      method_not_allowed: { as: 'bad_request' },
      unprocessable: { as: 'validation_failed' },
      invalid_idempotency_key: { as: 'bad_request' },
      idempotency_key_required: { as: 'bad_request' },

      // General
      not_found: { code: 'NOT_FOUND', message: 'Resource does not exist or is outside your account' },
      conflict: { code: 'CONFLICT', message: 'Uniqueness conflict' },
      idempotency_in_progress: { as: 'conflict' },
      idempotency_key_reused: { as: 'conflict' },
      internal_error: { code: 'INTERNAL_ERROR', message: 'Server error' },
      upstream_timeout: { code: 'PROVIDER_TIMEOUT', status: 502, message: 'WhatsApp provider timeout' },
      upstream_unavailable: { code: 'PROVIDER_UNAVAILABLE', message: 'Provider temporarily unavailable' },
      dependency_not_ready: { as: 'upstream_unavailable' },
      maintenance_mode: { code: 'MAINTENANCE_MODE' },
      service_unavailable: { code: 'SERVICE_UNAVAILABLE' },
      store_unavailable: { as: 'service_unavailable' },

      // Teams & workspaces
      team_key_required: {
        code: 'TEAM_KEY_REQUIRED',
        message: 'Personal API key (msgf_live_…) used with X-Team-Id. Use a team key (msgf_team_…) instead, or drop the header.',
      },
      team_key_not_allowed: {
        code: 'TEAM_KEY_NOT_ALLOWED',
        message: 'Team API key used on a personal-only v1 route. Use a personal key.',
      },
      workspace_not_found: {
        code: 'TEAM_NOT_FOUND',
        message: 'X-Team-Id is not a team you currently belong to (deleted, removed, or wrong ID).',
      },
      invalid_workspace_header: { as: 'workspace_not_found' },
      cross_tenant_workspace: { as: 'workspace_not_found' },
      workspace_not_available: { as: 'workspace_not_found' },
      no_main_workspace: { as: 'workspace_not_found' },
      workspace_access_denied: {
        code: 'TEAM_ACCESS_DENIED',
        message: 'Authenticated but the role is not allowed for this action.',
      },
    },
    entries: {
      invalid_params: { as: 'validation_failed' },
      max_instances_reached: { code: 'MAX_INSTANCES_REACHED', message: 'Instance limit reached' },
      api_keys_not_available: { code: 'API_KEYS_NOT_AVAILABLE_ON_PLAN', message: 'API keys unavailable on the current plan' },
      max_api_keys_reached: { code: 'MAX_API_KEYS_REACHED', message: 'API key limit reached' },
      webhooks_not_available: { code: 'WEBHOOKS_NOT_AVAILABLE_ON_PLAN', message: 'Webhooks unavailable on the current plan' },
      max_webhooks_reached: { code: 'MAX_WEBHOOK_ENDPOINTS_REACHED', message: 'Webhook endpoint limit reached' },
      campaigns_not_available: { code: 'CAMPAIGNS_NOT_AVAILABLE_ON_PLAN', message: 'Campaigns unavailable on the current plan' },
      // The seed's own wording, French included.
      statuses_not_available: { code: 'STATUSES_NOT_AVAILABLE_ON_PLAN', message: 'WhatsApp statuses indisponibles sur le plan actuel' },
      max_contact_groups_reached: { code: 'MAX_CONTACT_GROUPS_REACHED', message: 'Contact group limit reached' },
      template_invalid: { code: 'TEMPLATE_INVALID', message: 'Placeholder invalid ou template incohérent' },
      template_variables_missing: { code: 'TEMPLATE_VARIABLES_MISSING', message: 'One or more required variables could not be resolved' },
      template_context_unavailable: {
        code: 'TEMPLATE_CONTEXT_UNAVAILABLE',
        message: 'Requested context is not available (instance or contact)',
      },
      invalid_destination: { code: 'INVALID_DESTINATION', message: 'Invalid recipient number' },
      dnc_blocked: { as: 'invalid_destination' },
      opted_out: { as: 'invalid_destination' },
      provider_failed: { code: 'PROVIDER_ERROR', message: 'Generic provider error' },
      provider_media_failed: { as: 'provider_failed' },
      test_message_failed: { as: 'provider_failed' },
      db_error: { as: 'internal_error' },
      team_feature_unavailable: {
        code: 'TEAM_FEATURE_UNAVAILABLE',
        message: 'Account plan does not include team creation (Free). Upgrade to Pro or MAX.',
      },
      team_limit_reached: { code: 'TEAM_LIMIT_REACHED', message: 'Owner reached the maximum number of teams allowed by their plan.' },
      team_seat_limit_reached: {
        code: 'TEAM_SEAT_LIMIT_REACHED',
        message: 'Team already has the maximum number of members for the owner’s plan.',
      },
      instance_not_assigned: {
        code: 'INSTANCE_NOT_ASSIGNED',
        message: 'Collaborator targeting an instance that has not been assigned to them in this team workspace.',
      },
      invite_invalid_or_expired: {
        code: 'INVITE_INVALID_OR_EXPIRED',
        message: 'Invitation token / id is unknown, already used, or past its 24h expiry.',
      },
      invite_email_mismatch: { code: 'INVITE_EMAIL_MISMATCH', message: 'The JWT user email does not match the invited address.' },
      invite_duplicate_member: { code: 'INVITE_DUPLICATE_MEMBER', message: 'Invitee is already an active member of the team.' },
      plan_change_blocked: {
        code: 'PLAN_CHANGE_BLOCKED_ACTIVE_TEAMS',
        message: 'Downgrade refused because the new plan cannot host the current teams / seats. Delete teams or reduce seats first.',
      },
      billing_owner_only: {
        code: 'BILLING_PAYMENTS_TEAM_OWNER_ONLY',
        message: 'GET /api/billing/payments in team workspace is reserved to the team owner.',
      },
      billing_mutation_forbidden: {
        code: 'BILLING_TEAM_MUTATION_FORBIDDEN',
        message: 'POST billing mutations in team workspace are reserved to the team owner.',
      },
      no_sms_access: { as: 'forbidden' },
      config_error: { as: 'forbidden' },
      approval_required: { as: 'forbidden' },
      sandbox_not_activated: { as: 'forbidden' },
      sandbox_contact_mismatch: { as: 'bad_request' },
      invalid_amount_format: { as: 'validation_failed' },
      payg_limit_reached: { as: 'subscription_inactive' },
      invalid_otp: { as: 'bad_request' },
      otp_expired: { as: 'bad_request' },
      otp_wait_required: { as: 'rate_limited' },
      otp_resend_limit: { as: 'rate_limited' },
    },
  },
  extraCodes: {
    MAINTENANCE_MODE: 'The seed documents no 503; maintenance keeps a 503 with Retry-After so clients retry.',
    SERVICE_UNAVAILABLE: 'The seed documents no 503; a key or counter store outage keeps a retryable 503.',
  },
};
