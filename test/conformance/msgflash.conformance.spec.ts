import 'reflect-metadata';
import { msgflashProfile } from '../../sample-app/profiles/msgflash.profile.js';
import { conformanceSuite, type ConformanceRow } from './support/conformance.js';
import { bearer, login, sendBody as send } from './support/requests.js';

const MISSING_MESSAGE = '/v1/messages/msg_000000000000000000000000';

/** Seed 000 (MsgFlash), every table row in the seed's order. */
const rows: ConformanceRow[] = [
  // Authentication and API quotas
  { section: 'Authentication and API quotas', code: 'UNAUTHORIZED', status: 401, key: 'missing_api_key', how: 'no x-api-key', send: (api) => api.get(MISSING_MESSAGE, null) },
  { section: 'Authentication and API quotas', code: 'FORBIDDEN', status: 403, key: 'insufficient_scope', how: 'read-only key sends a message', send: (api) => api.post('/v1/messages', send(['+33612345678']), 'readonly') },
  { section: 'Authentication and API quotas', code: 'SUBSCRIPTION_INACTIVE', status: 403, key: 'subscription_inactive', how: 'account without subscription', send: (api) => api.get(MISSING_MESSAGE, 'carol') },
  {
    section: 'Authentication and API quotas', code: 'API_RATE_LIMIT_EXCEEDED', status: 429, key: 'rate_limited', how: '11th request in one second on one key',
    headers: { 'ratelimit-policy': '"second";q=10;w=1' },
    send: async (api) => {
      for (let i = 0; i < 10; i++) await api.get('/v1/me', 'alice').expect(200);
      return api.get('/v1/me', 'alice');
    },
  },
  {
    section: 'Authentication and API quotas', code: 'MONTHLY_API_REQUEST_QUOTA_EXCEEDED', status: 429, key: 'quota_exceeded', how: '4th request of a 3-request monthly quota',
    send: async (api) => {
      for (let i = 0; i < 3; i++) await api.get('/v1/me', 'tina').expect(200);
      return api.get('/v1/me', 'tina');
    },
  },

  // Plan limits
  { section: 'Plan limits', code: 'MAX_INSTANCES_REACHED', status: 403, key: 'max_instances_reached', how: 'free plan, 1 instance already', send: (api) => api.post('/v1/instances', { name: 'second' }, 'bob') },
  { section: 'Plan limits', code: 'API_KEYS_NOT_AVAILABLE_ON_PLAN', status: 403, key: 'api_keys_not_available', how: 'free plan creates a key', send: (api) => api.post('/v1/api-keys', { name: 'ci' }, 'bob') },
  { section: 'Plan limits', code: 'MAX_API_KEYS_REACHED', status: 403, key: 'max_api_keys_reached', how: 'starter plan at its key limit', send: (api) => api.post('/v1/api-keys', { name: 'ci' }, 'sam') },
  { section: 'Plan limits', code: 'WEBHOOKS_NOT_AVAILABLE_ON_PLAN', status: 403, key: 'webhooks_not_available', how: 'free plan adds a webhook', send: (api) => api.post('/v1/webhooks', { url: 'https://example.com/hook' }, 'bob') },
  { section: 'Plan limits', code: 'MAX_WEBHOOK_ENDPOINTS_REACHED', status: 403, key: 'max_webhooks_reached', how: 'starter plan at its webhook limit', send: (api) => api.post('/v1/webhooks', { url: 'https://example.com/hook' }, 'sam') },
  { section: 'Plan limits', code: 'CAMPAIGNS_NOT_AVAILABLE_ON_PLAN', status: 403, key: 'campaigns_not_available', how: 'free plan creates a campaign', send: (api) => api.post('/v1/campaigns', { name: 'Spring' }, 'bob') },
  { section: 'Plan limits', code: 'STATUSES_NOT_AVAILABLE_ON_PLAN', status: 403, key: 'statuses_not_available', how: 'free plan posts a status', send: (api) => api.post('/v1/statuses', { text: 'Open today' }, 'bob') },
  { section: 'Plan limits', code: 'MAX_CONTACT_GROUPS_REACHED', status: 403, key: 'max_contact_groups_reached', how: 'free plan at its group limit', send: (api) => api.post('/v1/contact-groups', { name: 'VIP' }, 'bob') },
  { section: 'Plan limits', code: 'FEATURE_NOT_AVAILABLE_ON_PLAN', status: 403, key: 'feature_not_available', how: 'free plan creates a template', send: (api) => api.post('/v1/templates', { name: 'hi', body: 'Hi' }, 'bob') },

  // Messages, templates, and validation
  {
    section: 'Messages, templates, and validation', code: 'VALIDATION_ERROR', status: 400, key: 'validation_failed', how: 'three bad fields, all reported',
    details: [
      { field: 'recipients', constraint: 'arrayNotEmpty', message: 'recipients should not be empty' },
      { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
      { field: 'sender_id', constraint: 'matches', message: 'sender_id must be 1 to 11 letters, digits or spaces' },
    ],
    send: (api) => api.post('/v1/messages', { recipients: [], message: '', sender_id: 'far too long a sender' }, 'alice'),
  },
  { section: 'Messages, templates, and validation', code: 'BAD_REQUEST', status: 400, key: 'invalid_json', how: 'malformed JSON', send: (api) => api.post('/v1/messages', '{"recipients": [', 'alice', { 'Content-Type': 'application/json' }) },
  {
    section: 'Messages, templates, and validation', code: 'TEMPLATE_INVALID', status: 400, key: 'template_invalid', how: 'placeholder with a space',
    param: 'body', details: [{ field: 'body', constraint: 'placeholder', message: '{{first name}} is not a valid placeholder' }],
    send: (api) => api.post('/v1/templates', { name: 'hi', body: 'Hi {{first name}}' }, 'alice'),
  },
  {
    section: 'Messages, templates, and validation', code: 'TEMPLATE_VARIABLES_MISSING', status: 400, key: 'template_variables_missing', how: 'template variable without value',
    param: 'variables', details: [{ field: 'variables.code', constraint: 'required', message: '{{code}} has no value' }],
    send: (api) => api.post('/v1/messages/template', { template_id: 'tpl_welcome', recipients: ['+15005550100'], sender_id: 'Acme' }, 'alice'),
  },
  {
    section: 'Messages, templates, and validation', code: 'TEMPLATE_CONTEXT_UNAVAILABLE', status: 400, key: 'template_context_unavailable', how: 'contact context for a non-contact',
    param: 'recipients.0', message: 'The contact context is not available for +14155550100: it is not one of your contacts.',
    send: (api) => api.post('/v1/messages/template', { template_id: 'tpl_welcome', recipients: ['+14155550100'], sender_id: 'Acme', variables: { code: '42' } }, 'alice'),
  },
  {
    section: 'Messages, templates, and validation', code: 'INVALID_DESTINATION', status: 422, key: 'invalid_destination', how: 'unreachable magic number',
    param: 'recipients.1', details: [{ field: 'recipients.1', constraint: 'reachable', message: '+15005550006 cannot receive messages' }],
    send: (api) => api.post('/v1/messages', send(['+33612345678', '+15005550006']), 'alice'),
  },

  // General
  { section: 'General', code: 'NOT_FOUND', status: 404, key: 'message_not_found', param: 'id', how: 'unknown message id', send: (api) => api.get(MISSING_MESSAGE, 'alice') },
  { section: 'General', code: 'CONFLICT', status: 409, key: 'conflict', param: 'phone', message: 'A contact with phone +15005550100 already exists.', how: 'duplicate contact', send: (api) => api.post('/v1/contacts', { phone: '+15005550100' }, 'alice') },
  { section: 'General', code: 'INTERNAL_ERROR', status: 500, key: 'db_error', how: 'DB error magic number', send: (api) => api.post('/v1/messages', send(['+15005550005']), 'alice') },
  { section: 'General', code: 'PROVIDER_TIMEOUT', status: 502, key: 'upstream_timeout', how: 'timeout magic number', send: (api) => api.post('/v1/messages', send(['+15005550001']), 'alice') },
  { section: 'General', code: 'PROVIDER_UNAVAILABLE', status: 502, key: 'upstream_unavailable', how: 'unavailable magic number', send: (api) => api.post('/v1/messages', send(['+15005550002']), 'alice') },
  { section: 'General', code: 'PROVIDER_ERROR', status: 502, key: 'provider_failed', how: 'failure magic number', send: (api) => api.post('/v1/messages', send(['+15005550003']), 'alice') },

  // Teams & workspaces
  { section: 'Teams & workspaces', code: 'TEAM_KEY_REQUIRED', status: 403, key: 'team_key_required', how: 'personal key with X-Team-Id', send: (api) => api.get('/v1/team', 'paul', { 'X-Team-Id': '101' }) },
  { section: 'Teams & workspaces', code: 'TEAM_KEY_NOT_ALLOWED', status: 403, key: 'team_key_not_allowed', how: 'team key on /v1/me', send: (api) => api.get('/v1/me', 'oliviateam') },
  { section: 'Teams & workspaces', code: 'TEAM_NOT_FOUND', status: 404, key: 'workspace_not_found', how: 'team key naming another team', send: (api) => api.get('/v1/team', 'oliviateam', { 'X-Team-Id': '102' }) },
  { section: 'Teams & workspaces', code: 'TEAM_ACCESS_DENIED', status: 403, key: 'workspace_access_denied', how: 'collaborator creates a team key', send: (api) => api.post('/v1/api-keys', { name: 'ci' }, 'paulteam') },
  { section: 'Teams & workspaces', code: 'TEAM_FEATURE_UNAVAILABLE', status: 403, key: 'team_feature_unavailable', how: 'free plan creates a team', send: (api) => api.post('/v1/teams', { name: 'Bob & co' }, 'bob') },
  { section: 'Teams & workspaces', code: 'TEAM_LIMIT_REACHED', status: 403, key: 'team_limit_reached', how: 'owner at the plan team limit', send: (api) => api.post('/v1/teams', { name: 'Another' }, 'olivia') },
  {
    section: 'Teams & workspaces', code: 'TEAM_SEAT_LIMIT_REACHED', status: 403, key: 'team_seat_limit_reached',
    how: "an admin on a smaller plan (starter: 0 seats) invites into the owner's full team: judged by the owner's plan (pro: 3 seats)",
    send: async (api) => {
      // The same admin invites into a team with room: the owner's seats, not the admin's 0, decide.
      await api.post('/v1/team/invitations', { email: 'room@example.com' }, 'ritateam').expect(201);
      await api.post('/v1/team/invitations', { email: 'new@example.com' }, 'oliviateam').expect(403);
      return api.post('/v1/team/invitations', { email: 'new@example.com' }, 'ritafull');
    },
  },
  { section: 'Teams & workspaces', code: 'INSTANCE_NOT_ASSIGNED', status: 403, key: 'instance_not_assigned', param: 'instanceId', how: 'collaborator reads an unassigned instance', send: (api) => api.get('/v1/instances/inst_team_2', 'paulteam') },
  {
    section: 'Teams & workspaces', code: 'INVITE_INVALID_OR_EXPIRED', status: 400, key: 'invite_invalid_or_expired', param: 'token', how: 'invitation older than 24 h',
    send: async (api) => api.post('/v1/invitations/inv_expired/accept', {}, null, bearer(await login(api, 'alice@example.com', 'alice-password-1'))),
  },
  {
    section: 'Teams & workspaces', code: 'INVITE_EMAIL_MISMATCH', status: 403, key: 'invite_email_mismatch', how: 'signed in as someone else',
    send: async (api) => api.post('/v1/invitations/inv_valid_for_alice/accept', {}, null, bearer(await login(api, 'bob@example.com', 'bob-password-1'))),
  },
  {
    section: 'Teams & workspaces', code: 'INVITE_DUPLICATE_MEMBER', status: 409, key: 'invite_duplicate_member', how: 'invitee already a member',
    send: async (api) => api.post('/v1/invitations/inv_for_paul/accept', {}, null, bearer(await login(api, 'paul@example.com', 'paul-password-1'))),
  },
  {
    section: 'Teams & workspaces', code: 'PLAN_CHANGE_BLOCKED_ACTIVE_TEAMS', status: 409, key: 'plan_change_blocked', how: 'downgrade to a plan without teams',
    extra: { teams: 1, seats: 3 }, send: (api) => api.post('/v1/billing/plan', { plan: 'free' }, 'olivia'),
  },

  // Console-only (JWT, dashboard or portal)
  {
    section: 'Console-only', code: 'BILLING_PAYMENTS_TEAM_OWNER_ONLY', status: 403, key: 'billing_owner_only', how: 'collaborator reads team payments (JWT + X-Team-Id)',
    send: async (api) => api.get('/api/billing/payments', null, { ...bearer(await login(api, 'paul@example.com', 'paul-password-1')), 'X-Team-Id': '101' }),
  },
  {
    section: 'Console-only', code: 'BILLING_TEAM_MUTATION_FORBIDDEN', status: 403, key: 'billing_mutation_forbidden', how: 'collaborator starts a checkout (JWT + X-Team-Id)',
    send: async (api) => api.post('/api/billing/checkout', {}, null, { ...bearer(await login(api, 'paul@example.com', 'paul-password-1')), 'X-Team-Id': '101' }),
  },
];

conformanceSuite({ profile: msgflashProfile, seedFile: '000_04b4b5ef96e8991f.txt', auth: (key) => ({ 'x-api-key': key }), rows });
