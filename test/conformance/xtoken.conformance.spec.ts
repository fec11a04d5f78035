import 'reflect-metadata';
import { xtokenProfile } from '../../sample-app/profiles/xtoken.profile.js';
import { conformanceSuite, type ConformanceRow } from './support/conformance.js';
import { sendBody, signedPost } from './support/requests.js';

const MISSING_MESSAGE = '/v1/messages/msg_000000000000000000000000';
const SIGNATURE_HEADERS = { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' };
const THREE_BAD_FIELDS = [
  { field: 'recipients', constraint: 'arrayNotEmpty', message: 'recipients should not be empty' },
  { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
  { field: 'sender_id', constraint: 'matches', message: 'sender_id must be 1 to 11 letters, digits or spaces' },
];

/** Seed 001 (X-Token gateway), every table row in the seed's order. */
const rows: ConformanceRow[] = [
  // 401
  { section: '401', code: 'missing_auth_headers', status: 401, key: 'missing_api_key', how: 'no X-Token', send: (api) => api.get(MISSING_MESSAGE, null) },
  { section: '401', code: 'invalid_token', status: 401, key: 'invalid_api_key', how: 'unknown token', send: (api) => api.get(MISSING_MESSAGE, null, { 'X-Token': 'xt_NoSuchTokenAnywhere000000000000' }) },
  { section: '401', code: 'token_inactive', status: 401, key: 'api_key_inactive', how: 'disabled token', send: (api) => api.get(MISSING_MESSAGE, 'inactive') },
  { section: '401', code: 'token_expired', status: 401, key: 'api_key_expired', how: 'token past its expiry', send: (api) => api.get(MISSING_MESSAGE, 'expired') },
  { section: '401', code: 'unauthorized', status: 401, key: 'account_inactive', how: 'token of a suspended account', send: (api) => api.get(MISSING_MESSAGE, 'dave') },
  { section: '401', code: 'missing_signature', status: 401, key: 'signature_required', how: 'signing token, no signature', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'signed') },
  {
    section: '401', code: 'invalid_signature', status: 401, key: 'signature_invalid', how: 'signed with the wrong secret',
    send: (api) => signedPost(api, '/v1/messages', sendBody(['+33612345678']), 'signed', { secret: 'whsec_wrong', headerNames: SIGNATURE_HEADERS }),
  },
  {
    section: '401', code: 'signature_expired', status: 401, key: 'signature_expired', how: 'signed 10 minutes ago',
    send: (api) => signedPost(api, '/v1/messages', sendBody(['+33612345678']), 'signed', { timestamp: Math.floor(api.clock.read() / 1000) - 600, headerNames: SIGNATURE_HEADERS }),
  },
  // 402
  {
    section: '402', code: 'insufficient_balance', status: 402, key: 'insufficient_balance', how: 'two recipients, balance for one',
    extra: { required: 0.08, balance: 0.05, unit_cost: 0.04, units: 2 },
    send: (api) => api.post('/v1/messages', sendBody(['+33612345678', '+14155550100']), 'erin'),
  },
  // 403
  { section: '403', code: 'ip_not_allowed', status: 403, key: 'ip_not_allowed', how: 'token limited to 203.0.113.0/24', send: (api) => api.get(MISSING_MESSAGE, 'iplocked') },
  { section: '403', code: 'token_deleted', status: 403, key: 'api_key_deleted', how: 'deleted token', send: (api) => api.get(MISSING_MESSAGE, 'deleted') },
  { section: '403', code: 'no_api_access', status: 403, key: 'subscription_inactive', how: 'no subscription', send: (api) => api.get(MISSING_MESSAGE, 'carol') },
  // 409
  { section: '409', code: 'payg_confirm_required', status: 409, key: 'payg_confirm_required', how: 'PAYG send without X-Confirm-Payg', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'frank') },
  // 422
  {
    section: '422', code: 'validation_error', status: 422, key: 'validation_failed', how: 'three bad fields', details: THREE_BAD_FIELDS,
    send: (api) => api.post('/v1/messages', { recipients: [], message: '', sender_id: 'far too long a sender' }, 'alice'),
  },
  { section: '422', code: 'already_exists', status: 422, key: 'conflict', param: 'phone', message: 'A contact with phone +15005550100 already exists.', how: 'duplicate contact', send: (api) => api.post('/v1/contacts', { phone: '+15005550100' }, 'alice') },
  { section: '422', code: 'invalid_json', status: 422, key: 'invalid_json', how: 'malformed JSON', send: (api) => api.post('/v1/messages', '{"recipients": [', 'alice', { 'Content-Type': 'application/json' }) },
  { section: '422', code: 'invalid_amount_format', status: 422, key: 'invalid_amount_format', param: 'amount', how: 'PAYG limit "12,50"', send: (api) => api.put('/v1/wallet/payg-limit', { amount: '12,50' }, 'alice') },
  {
    section: '422', code: 'invalid_otp', status: 422, key: 'invalid_otp', param: 'code', how: 'wrong one-time password',
    send: async (api) => {
      await api.post('/v1/otp', { phone: '+15005550120' }, 'alice').expect(201);
      return api.post('/v1/otp/verify', { phone: '+15005550120', code: '999999' }, 'alice');
    },
  },
  {
    section: '422', code: 'otp_expired', status: 422, key: 'otp_expired', param: 'code', how: 'right password, 6 minutes late',
    send: async (api) => {
      await api.post('/v1/otp', { phone: '+15005550121' }, 'alice').expect(201);
      // Black-box: the app's settable clock (SAMPLE_CLOCK) moved over HTTP.
      await api.post('/v1/sandbox/clock', { seconds: 6 * 60 }, null).expect(200);
      return api.post('/v1/otp/verify', { phone: '+15005550121', code: '000000' }, 'alice');
    },
  },
  { section: '422', code: 'test_message_failed', status: 422, key: 'test_message_failed', how: 'test message to the failure magic number', send: (api) => api.post('/v1/instances/inst_alice/test-message', { to: '+15005550003' }, 'alice') },
  // 429
  {
    section: '429', code: 'rate_limit_exceeded', status: 429, key: 'rate_limited', how: '61st request in a minute',
    headers: { 'ratelimit-policy': '"global";q=60;w=60' },
    send: async (api) => {
      for (let i = 0; i < 60; i++) await api.get('/v1/billing/subscription', 'olivia').expect(200);
      return api.get('/v1/billing/subscription', 'olivia');
    },
  },
  {
    section: '429', code: 'plan_limit_reached', status: 429, key: 'quota_exceeded', how: '4th request of a 3-request monthly plan',
    send: async (api) => {
      for (let i = 0; i < 3; i++) await api.get('/v1/me', 'tina').expect(200);
      return api.get('/v1/me', 'tina');
    },
  },
  {
    section: '429', code: 'payg_limit_reached', status: 429, key: 'payg_limit_reached', how: 'confirmed PAYG send over the spending cap',
    extra: { limit: 1, spent: 0.98, required: 0.04 },
    headers: { 'retry-after': /^[1-9]\d*$/ },
    send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'frank', { 'X-Confirm-Payg': 'true' }),
  },
  {
    section: '429', code: 'otp_wait_required', status: 429, key: 'otp_wait_required', how: 'second code 10 s after the first',
    headers: { 'retry-after': '50' },
    send: async (api) => {
      await api.post('/v1/otp', { phone: '+15005550122' }, 'alice').expect(201);
      await api.post('/v1/sandbox/clock', { seconds: 10 }, null).expect(200);
      return api.post('/v1/otp', { phone: '+15005550122' }, 'alice');
    },
  },
  {
    section: '429', code: 'otp_resend_limit', status: 429, key: 'otp_resend_limit', how: 'fourth code for one phone',
    headers: { 'retry-after': '239' },
    send: async (api) => {
      for (let i = 0; i < 3; i++) {
        await api.post('/v1/otp', { phone: '+15005550123' }, 'alice').expect(201);
        await api.post('/v1/sandbox/clock', { seconds: 61 }, null).expect(200);
      }
      return api.post('/v1/otp', { phone: '+15005550123' }, 'alice');
    },
  },
  {
    section: '429', code: 'too_many_attempts', status: 429, key: 'too_many_attempts', how: 'login after 10 wrong passwords',
    headers: { 'retry-after': '900' },
    send: async (api) => {
      for (let i = 0; i < 10; i++) await api.post('/v1/auth/login', { email: 'alice@example.com', password: 'wrong' }, null).expect(401);
      return api.post('/v1/auth/login', { email: 'alice@example.com', password: 'alice-password-1' }, null);
    },
  },
  // 500
  { section: '500', code: 'internal_error', status: 500, key: 'db_error', how: 'DB error magic number', send: (api) => api.post('/v1/messages', sendBody(['+15005550005']), 'alice') },
  // 502
  { section: '502', code: 'send_message_failed', status: 502, key: 'provider_failed', how: 'failure magic number', send: (api) => api.post('/v1/messages', sendBody(['+15005550003']), 'alice') },
  {
    section: '502', code: 'send_media_failed', status: 502, key: 'provider_media_failed', how: 'media to the media-failure magic number',
    send: (api) => api.post('/v1/messages', sendBody(['+15005550004'], { media_url: 'https://example.com/cat.jpg' }), 'alice'),
  },
  // 503
  { section: '503', code: 'server_down', status: 503, key: 'upstream_unavailable', how: 'unavailable magic number', send: (api) => api.post('/v1/messages', sendBody(['+15005550002']), 'alice') },
  {
    section: '503', code: 'session_not_ready', status: 503, key: 'dependency_not_ready', how: 'test message from a starting session',
    message: 'The WhatsApp session is starting or not ready yet.', headers: { 'retry-after': '5' },
    send: (api) => api.post('/v1/instances/inst_starting/test-message', { to: '+33612345678' }, 'alice'),
  },
  {
    section: '503', code: 'maintenance_mode', status: 503, key: 'maintenance_mode', how: 'any route while switched off', headers: { 'retry-after': '300' },
    send: async (api) => {
      api.maintenance.enable();
      try {
        return await api.get('/v1/me', 'alice');
      } finally {
        api.maintenance.disable();
      }
    },
  },
];


conformanceSuite({ profile: xtokenProfile, seedFile: '001_2a983aa3b65dc78b.txt', auth: (key) => ({ 'X-Token': key }), rows });
