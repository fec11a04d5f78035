import { BUILT_IN_FAMILIES } from '../../lib/index.js';
import { MSGFLASH_MESSAGES } from './msgflash.messages.fr.js';
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
    // Sends are @Idempotent(): a client's retried POST (the Stripe SDK retries with keys) replays.
    idempotency: {},
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
    // Seats are the team owner's: "the maximum number of members for the owner's plan".
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing, ownerPlanLimits: ['seats'], quotas: { monthly_api_request: { period: 'month' } } },
    rateLimit: { windows: [{ name: 'second', ttl: 1000, limit: 10 }] },
  }),
  catalogue: {
    ...MSGFLASH_MESSAGES,
    codes: {
      // Authentication and API quotas
      UNAUTHORIZED: {
        status: 401,
        message: 'API key missing, invalid, or revoked. Check x-api-key.',
        covers: [
          'invalid_api_key', 'missing_api_key', 'missing_credentials', ...BUILT_IN_FAMILIES.apiKeyStates,
          ...BUILT_IN_FAMILIES.userCredentials, ...BUILT_IN_FAMILIES.signatures,
        ],
      },
      FORBIDDEN: {
        status: 403,
        message: 'Resource not accessible with this key',
        covers: [
          'forbidden', 'insufficient_scope', 'scope_level_invalid', 'resource_not_accessible', 'ip_not_allowed', 'no_sms_access',
          'config_error', 'approval_required', 'sandbox_not_activated',
        ],
      },
      SUBSCRIPTION_INACTIVE: {
        status: 403,
        message: 'The account has no usable subscription for this action',
        covers: ['subscription_inactive', 'insufficient_balance', 'payg_confirm_required', 'payg_limit_reached'],
      },
      API_RATE_LIMIT_EXCEEDED: {
        status: 429,
        message: 'More than 10 requests/second on the same key',
        covers: ['rate_limited', 'too_many_attempts', 'otp_wait_required', 'otp_resend_limit'],
      },
      MONTHLY_API_REQUEST_QUOTA_EXCEEDED: { status: 429, message: 'Monthly API request quota exhausted', covers: ['quota_exceeded'] },

      // Plan limits
      MAX_INSTANCES_REACHED: { status: 403, message: 'Instance limit reached', covers: ['max_instances_reached'] },
      API_KEYS_NOT_AVAILABLE_ON_PLAN: {
        status: 403,
        message: 'API keys unavailable on the current plan',
        covers: ['api_keys_not_available'],
      },
      MAX_API_KEYS_REACHED: { status: 403, message: 'API key limit reached', covers: ['max_api_keys_reached'] },
      WEBHOOKS_NOT_AVAILABLE_ON_PLAN: {
        status: 403,
        message: 'Webhooks unavailable on the current plan',
        covers: ['webhooks_not_available'],
      },
      MAX_WEBHOOK_ENDPOINTS_REACHED: { status: 403, message: 'Webhook endpoint limit reached', covers: ['max_webhooks_reached'] },
      CAMPAIGNS_NOT_AVAILABLE_ON_PLAN: {
        status: 403,
        message: 'Campaigns unavailable on the current plan',
        covers: ['campaigns_not_available'],
      },
      STATUSES_NOT_AVAILABLE_ON_PLAN: {
        status: 403,
        message: 'WhatsApp statuses indisponibles sur le plan actuel',
        covers: ['statuses_not_available'],
      },
      MAX_CONTACT_GROUPS_REACHED: { status: 403, message: 'Contact group limit reached', covers: ['max_contact_groups_reached'] },
      FEATURE_NOT_AVAILABLE_ON_PLAN: {
        status: 403,
        message: 'Feature unavailable on the current plan',
        covers: ['feature_not_available', 'limit_reached'],
      },

      // Messages, templates, and validation
      VALIDATION_ERROR: {
        status: 400,
        message: 'Invalid request data',
        covers: ['validation_failed', 'unprocessable', 'invalid_params', 'invalid_amount_format'],
      },
      BAD_REQUEST: {
        status: 400,
        message: 'Invalid request',
        covers: [
          'bad_request', 'invalid_json', 'invalid_request_id', 'payload_too_large', 'headers_too_large', 'request_timeout', 'expectation_failed', 'unsupported_media_type',
          'method_not_allowed', 'invalid_idempotency_key', 'idempotency_key_required', 'sandbox_contact_mismatch', 'invalid_otp',
          'otp_expired',
        ],
      },
      TEMPLATE_INVALID: { status: 400, message: 'Placeholder invalid ou template incohérent', covers: ['template_invalid'] },
      TEMPLATE_VARIABLES_MISSING: {
        status: 400,
        message: 'One or more required variables could not be resolved',
        covers: ['template_variables_missing'],
      },
      TEMPLATE_CONTEXT_UNAVAILABLE: {
        status: 400,
        message: 'Requested context is not available (instance or contact)',
        covers: ['template_context_unavailable'],
      },
      INVALID_DESTINATION: {
        status: 422,
        message: 'Invalid recipient number',
        covers: ['invalid_destination', 'dnc_blocked', 'opted_out'],
      },

      // General
      NOT_FOUND: { status: 404, message: 'Resource does not exist or is outside your account', covers: ['not_found'] },
      CONFLICT: { status: 409, message: 'Uniqueness conflict', covers: ['conflict', 'idempotency_in_progress', 'idempotency_key_reused'] },
      INTERNAL_ERROR: { status: 500, message: 'Server error', covers: ['internal_error', 'db_error'] },
      PROVIDER_TIMEOUT: { status: 502, message: 'WhatsApp provider timeout', covers: ['upstream_timeout'] },
      PROVIDER_UNAVAILABLE: {
        status: 502,
        message: 'Provider temporarily unavailable',
        covers: ['upstream_unavailable', 'dependency_not_ready'],
      },
      PROVIDER_ERROR: {
        status: 502,
        message: 'Generic provider error',
        covers: ['provider_failed', 'provider_media_failed', 'test_message_failed'],
      },

      // Teams & workspaces
      TEAM_KEY_REQUIRED: {
        status: 403,
        message: 'Personal API key (msgf_live_…) used with X-Team-Id. Use a team key (msgf_team_…) instead, or drop the header.',
        covers: ['team_key_required'],
      },
      TEAM_KEY_NOT_ALLOWED: {
        status: 403,
        message: 'Team API key used on a personal-only v1 route. Use a personal key.',
        covers: ['team_key_not_allowed'],
      },
      TEAM_NOT_FOUND: {
        status: 404,
        message: 'X-Team-Id is not a team you currently belong to (deleted, removed, or wrong ID).',
        covers: [
          'workspace_not_found', 'invalid_workspace_header', 'cross_tenant_workspace', 'workspace_not_available',
          'no_main_workspace',
        ],
      },
      TEAM_ACCESS_DENIED: {
        status: 403,
        message: 'Authenticated but the role is not allowed for this action.',
        covers: ['workspace_access_denied'],
      },
      TEAM_FEATURE_UNAVAILABLE: {
        status: 403,
        message: 'Account plan does not include team creation (Free). Upgrade to Pro or MAX.',
        covers: ['team_feature_unavailable'],
      },
      TEAM_LIMIT_REACHED: {
        status: 403,
        message: 'Owner reached the maximum number of teams allowed by their plan.',
        covers: ['team_limit_reached'],
      },
      TEAM_SEAT_LIMIT_REACHED: {
        status: 403,
        message: 'Team already has the maximum number of members for the owner’s plan.',
        covers: ['team_seat_limit_reached'],
      },
      INSTANCE_NOT_ASSIGNED: {
        status: 403,
        message: 'Collaborator targeting an instance that has not been assigned to them in this team workspace.',
        covers: ['instance_not_assigned'],
      },
      INVITE_INVALID_OR_EXPIRED: {
        status: 400,
        message: 'Invitation token / id is unknown, already used, or past its 24h expiry.',
        covers: ['invite_invalid_or_expired'],
      },
      INVITE_EMAIL_MISMATCH: {
        status: 403,
        message: 'The JWT user email does not match the invited address.',
        covers: ['invite_email_mismatch'],
      },
      INVITE_DUPLICATE_MEMBER: {
        status: 409,
        message: 'Invitee is already an active member of the team.',
        covers: ['invite_duplicate_member'],
      },
      PLAN_CHANGE_BLOCKED_ACTIVE_TEAMS: {
        status: 409,
        message: 'Downgrade refused because the new plan cannot host the current teams / seats. Delete teams or reduce seats first.',
        covers: ['plan_change_blocked'],
      },

      // Console-only (JWT, dashboard or portal)
      BILLING_PAYMENTS_TEAM_OWNER_ONLY: {
        status: 403,
        message: 'GET /api/billing/payments in team workspace is reserved to the team owner.',
        covers: ['billing_owner_only'],
      },
      BILLING_TEAM_MUTATION_FORBIDDEN: {
        status: 403,
        message: 'POST billing mutations in team workspace are reserved to the team owner.',
        covers: ['billing_mutation_forbidden'],
      },

      // Not in the seed (each listed in extraCodes, with the reason)
      MAINTENANCE_MODE: { status: 503, message: 'The API is in maintenance. Retry later.', covers: ['maintenance_mode'] },
      SERVICE_UNAVAILABLE: {
        status: 503,
        message: 'The service is temporarily unavailable.',
        covers: ['service_unavailable', 'store_unavailable'],
      },
    },
  },
  extraCodes: {
    MAINTENANCE_MODE: 'The seed documents no 503; maintenance keeps a 503 with Retry-After so clients retry.',
    SERVICE_UNAVAILABLE: 'The seed documents no 503; a key or counter store outage keeps a retryable 503.',
  },
};
