import 'reflect-metadata';
import { workspacesProfile } from '../../sample-app/profiles/workspaces.profile.js';
import { conformanceSuite, type ConformanceRow } from './support/conformance.js';
import { bearer, login, sendBody, signedPost } from './support/requests.js';

const MISSING_MESSAGE = '/v1/messages/msg_000000000000000000000000';
const SIGNATURE_HEADERS = { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' };
const hundredAndOne = Array.from({ length: 101 }, (_, i) => `+1415555${String(1000 + i).padStart(4, '0')}`);

/** Seed 002 (SMS API with workspaces), every table row in the seed's order. */
const rows: ConformanceRow[] = [
  // Authentication and access
  { section: 'auth', code: 'UNAUTHORIZED', status: 401, key: 'missing_api_key', how: 'no credentials', send: (api) => api.get(MISSING_MESSAGE, null) },
  { section: 'auth', code: 'INVALID_TOKEN', status: 401, key: 'invalid_token', how: 'malformed console JWT', send: (api) => api.get('/api/billing/payments', null, bearer('not.a.jwt')) },
  {
    section: 'auth', code: 'TOKEN_EXPIRED', status: 401, key: 'token_expired', how: 'console JWT two hours after login',
    send: async (api) => {
      const token = await login(api, 'alice@example.com', 'alice-password-1');
      api.clock.advance(2 * 3600_000);
      return api.get('/api/billing/payments', null, bearer(token));
    },
  },
  { section: 'auth', code: 'INVALID_API_KEY', status: 401, key: 'invalid_api_key', how: 'unknown key', send: (api) => api.get(MISSING_MESSAGE, null, { 'X-API-Key': 'wsk_live_NoSuchKeyAnywhere00000000000' }) },
  { section: 'auth', code: 'API_KEY_INACTIVE', status: 401, key: 'api_key_inactive', how: 'disabled key', send: (api) => api.get(MISSING_MESSAGE, 'inactive') },
  { section: 'auth', code: 'API_KEY_EXPIRED', status: 401, key: 'api_key_expired', how: 'key past its expiry', send: (api) => api.get(MISSING_MESSAGE, 'expired') },
  { section: 'auth', code: 'INVALID_CREDENTIALS', status: 401, key: 'invalid_credentials', how: 'wrong password', send: (api) => api.post('/v1/auth/login', { email: 'alice@example.com', password: 'nope' }, null) },
  { section: 'auth', code: 'USER_NOT_ACTIVE', status: 401, key: 'account_inactive', how: 'suspended user logs in', send: (api) => api.post('/v1/auth/login', { email: 'dave@example.com', password: 'dave-password-1' }, null) },
  { section: 'auth', code: 'IP_NOT_ALLOWED', status: 401, key: 'ip_not_allowed', how: 'key limited to 203.0.113.0/24', send: (api) => api.get(MISSING_MESSAGE, 'iplocked') },
  { section: 'auth', code: 'SIGNATURE_REQUIRED', status: 401, key: 'signature_required', how: 'HMAC key, no signature', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'signed') },
  {
    section: 'auth', code: 'INVALID_SIGNATURE', status: 401, key: 'signature_invalid', how: 'signed with the wrong secret',
    send: (api) => signedPost(api, '/v1/messages', sendBody(['+33612345678']), 'signed', { secret: 'whsec_wrong', headerNames: SIGNATURE_HEADERS }),
  },
  { section: 'auth', code: 'FORBIDDEN', status: 403, key: 'insufficient_scope', how: 'read-only key sends', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'readonly') },
  { section: 'auth', code: 'NO_SMS_ACCESS', status: 403, key: 'no_sms_access', how: 'account without SMS', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'gina') },
  { section: 'auth', code: 'CONFIG_ERROR', status: 403, key: 'config_error', how: 'account with incomplete SMS credentials', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'hank') },
  { section: 'auth', code: 'CROSS_TENANT_WORKSPACE', status: 403, key: 'cross_tenant_workspace', how: "another tenant's workspace", send: (api) => api.get('/v1/team', 'alice', { 'X-Workspace-ID': '102' }) },
  { section: 'auth', code: 'NO_MAIN_WORKSPACE', status: 403, key: 'no_main_workspace', how: 'account whose main workspace is gone', send: (api) => api.get('/v1/team', 'june') },
  { section: 'auth', code: 'WORKSPACE_NOT_AVAILABLE', status: 403, key: 'workspace_not_available', how: 'deleted workspace', send: (api) => api.get('/v1/team', 'olivia', { 'X-Workspace-ID': '103' }) },

  // Request
  { section: 'request', code: 'INVALID_BODY', status: 400, key: 'invalid_json', how: 'malformed JSON', send: (api) => api.post('/v1/messages', '{"recipients": [', 'alice', { 'Content-Type': 'application/json' }) },
  {
    section: 'request', code: 'INVALID_PARAMS', status: 400, key: 'invalid_params', how: 'malformed message id in the path',
    param: 'id', details: [{ field: 'id', constraint: 'matches', message: 'id must be a message id (msg_ followed by 24 hex digits)' }],
    send: (api) => api.get('/v1/messages/12345', 'alice'),
  },
  {
    section: 'request', code: 'INVALID_TO', status: 400, key: 'invalid_recipients', how: 'empty recipients',
    param: 'recipients', details: [{ field: 'recipients', constraint: 'arrayNotEmpty', message: 'recipients should not be empty' }],
    send: (api) => api.post('/v1/messages', sendBody([]), 'alice'),
  },
  {
    section: 'request', code: 'INVALID_MESSAGE', status: 400, key: 'invalid_message', how: 'empty message',
    param: 'message', details: [{ field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' }],
    send: (api) => api.post('/v1/messages', sendBody(['+33612345678'], { message: '' }), 'alice'),
  },
  {
    section: 'request', code: 'INVALID_SENDER', status: 400, key: 'invalid_sender', how: 'no sender_id',
    param: 'sender_id',
    details: [
      { field: 'sender_id', constraint: 'matches', message: 'sender_id must be 1 to 11 letters, digits or spaces' },
      { field: 'sender_id', constraint: 'isNotEmpty', message: 'sender_id should not be empty' },
      { field: 'sender_id', constraint: 'isString', message: 'sender_id must be a string' },
    ],
    send: (api) => api.post('/v1/messages', { recipients: ['+33612345678'], message: 'Hello' }, 'alice'),
  },
  {
    section: 'request', code: 'TOO_MANY_RECIPIENTS', status: 400, key: 'too_many_recipients', how: '101 recipients',
    param: 'recipients', details: [{ field: 'recipients', constraint: 'arrayMaxSize', message: 'recipients must contain no more than 100 elements' }],
    send: (api) => api.post('/v1/messages', sendBody(hundredAndOne), 'alice'),
  },
  { section: 'request', code: 'INVALID_WORKSPACE_HEADER', status: 400, key: 'invalid_workspace_header', param: 'X-Workspace-ID', how: 'X-Workspace-ID: abc', send: (api) => api.get('/v1/team', 'alice', { 'X-Workspace-ID': 'abc' }) },
  {
    section: 'request', code: 'INSUFFICIENT_BALANCE', status: 402, key: 'insufficient_balance', how: 'two recipients, balance for one',
    extra: { required: 0.08, balance: 0.05, unit_cost: 0.04, units: 2 },
    send: (api) => api.post('/v1/messages', sendBody(['+33612345678', '+14155550100']), 'erin'),
  },

  // Rate limits
  {
    section: 'rate limits', code: 'RATE_LIMIT_EXCEEDED', status: 429, key: 'rate_limited',
    how: "per account: the 61st request in a minute over two of the account's keys",
    headers: { 'ratelimit-policy': '"minute";q=60;w=60' },
    send: async (api) => {
      // A fresh minute: earlier rows spent some of acc_alice's budget.
      api.clock.advance(61_000);
      for (let i = 0; i < 30; i++) await api.get('/v1/me', 'alice').expect(200);
      for (let i = 0; i < 30; i++) await api.get('/v1/me', 'linebound').expect(200);
      // Another account's key still has its own budget.
      await api.get('/v1/me', 'olivia').expect(200);
      const refused = await api.get('/v1/me', 'alice');
      await api.get('/v1/me', 'linebound').expect(429);
      // Later rows start from a fresh minute of acc_alice.
      api.clock.advance(61_000);
      return refused;
    },
  },
  {
    section: 'rate limits', code: 'TOO_MANY_ATTEMPTS', status: 429, key: 'too_many_attempts', how: 'login after 5 wrong passwords',
    headers: { 'retry-after': '900' },
    send: async (api) => {
      for (let i = 0; i < 5; i++) await api.post('/v1/auth/login', { email: 'alice@example.com', password: 'wrong' }, null).expect(401);
      return api.post('/v1/auth/login', { email: 'alice@example.com', password: 'alice-password-1' }, null);
    },
  },

  // Resources and server
  { section: 'resources', code: 'NOT_FOUND', status: 404, key: 'message_not_found', param: 'id', how: 'unknown message id', send: (api) => api.get(MISSING_MESSAGE, 'alice') },
  { section: 'resources', code: 'INTERNAL_ERROR', status: 500, key: 'provider_failed', how: 'failure magic number', send: (api) => api.post('/v1/messages', sendBody(['+15005550003']), 'alice') },
  { section: 'resources', code: 'DB_ERROR', status: 500, key: 'db_error', how: 'DB error magic number (retryable)', send: (api) => api.post('/v1/messages', sendBody(['+15005550005']), 'alice') },
];

conformanceSuite({ profile: workspacesProfile, seedFile: '002_670110393834cb5d.txt', auth: (key) => ({ 'X-API-Key': key }), rows });
