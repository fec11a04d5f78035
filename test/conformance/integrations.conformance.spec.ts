import 'reflect-metadata';
import { expect } from '@jest/globals';
import { integrationsProfile } from '../../sample-app/profiles/integrations.profile.js';
import { conformanceSuite, type ConformanceRow } from './support/conformance.js';
import { sendBody } from './support/requests.js';

const MISSING_MESSAGE = '/v1/messages/msg_000000000000000000000000';

/** Seed 003 (integrations API), every row of its error catalog, in the seed's order. */
const rows: ConformanceRow[] = [
  {
    section: 'Error catalog', code: 'validation_failed', status: 400, retryable: false, key: 'validation_failed', how: 'three bad fields, all in details',
    param: 'recipients',
    details: [
      { field: 'recipients', constraint: 'arrayNotEmpty', message: 'recipients should not be empty' },
      { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
      { field: 'sender_id', constraint: 'matches', message: 'sender_id must be 1 to 11 letters, digits or spaces' },
    ],
    send: (api) => api.post('/v1/messages', { recipients: [], message: '', sender_id: 'far too long a sender' }, 'alice'),
  },
  { section: 'Error catalog', code: 'missing_api_key', status: 401, retryable: false, key: 'missing_api_key', how: 'no key in either header', send: (api) => api.get(MISSING_MESSAGE, null) },
  { section: 'Error catalog', code: 'insufficient_scope', status: 403, retryable: false, key: 'insufficient_scope', how: 'read-only key sends', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'readonly') },
  {
    section: 'Error catalog', code: 'invalid_api_key', status: 403, retryable: false, key: 'invalid_api_key', how: 'unknown key in X-Integration-Key',
    send: (api) => api.get(MISSING_MESSAGE, null, { 'X-Integration-Key': 'ik_live_NoSuchKeyAnywhere000000000000' }),
  },
  { section: 'Error catalog', code: 'scope_invalid', status: 403, retryable: false, key: 'scope_level_invalid', how: 'personal key reads the org DNC list', send: (api) => api.get('/v1/dnc', 'alice') },
  { section: 'Error catalog', code: 'not_found', status: 404, retryable: false, key: 'line_not_found', param: 'lineId', how: "another organization's line", send: (api) => api.get('/v1/lines/ln_bob', 'alice') },
  {
    section: 'Error catalog', code: 'idempotency_in_progress', status: 409, retryable: true, key: 'idempotency_in_progress', how: 'same Idempotency-Key while the first is in flight',
    headers: { 'retry-after': /^[1-9]\d*$/ },
    send: async (api) => {
      // The slow magic number keeps the first send in flight while the duplicate arrives; which of
      // the two wins the lock does not matter, the other one is refused.
      const body = sendBody(['+15005550008']);
      const [a, b] = await Promise.all([
        api.post('/v1/messages', body, 'alice', { 'Idempotency-Key': 'send-slow-0001' }),
        api.post('/v1/messages', body, 'alice', { 'Idempotency-Key': 'send-slow-0001' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      return a.status === 409 ? a : b;
    },
  },
  {
    section: 'Error catalog', code: 'idempotency_key_reused', status: 409, retryable: false, key: 'idempotency_key_reused', how: 'same Idempotency-Key, another body',
    send: async (api) => {
      await api.post('/v1/messages', sendBody(['+33612345678']), 'alice', { 'Idempotency-Key': 'send-reuse-0001' }).expect(201);
      return api.post('/v1/messages', sendBody(['+33612345679']), 'alice', { 'Idempotency-Key': 'send-reuse-0001' });
    },
  },
  { section: 'Error catalog', code: 'approval_required', status: 422, retryable: false, key: 'approval_required', how: 'organization not approved', send: (api) => api.post('/v1/messages', sendBody(['+33612345678']), 'ivan') },
  {
    section: 'Error catalog', code: 'dnc_blocked', status: 422, retryable: false, key: 'dnc_blocked', how: 'recipient on the DNC list',
    param: 'recipients.0', details: [{ field: 'recipients.0', constraint: 'dnc', message: '+15005550112 is on the do-not-contact list' }],
    send: (api) => api.post('/v1/messages', sendBody(['+15005550112']), 'alice'),
  },
  {
    section: 'Error catalog', code: 'insufficient_credits', status: 422, retryable: false, key: 'insufficient_balance', how: 'two recipients, credits for one',
    extra: { required: 0.08, balance: 0.05, unit_cost: 0.04, units: 2 },
    send: (api) => api.post('/v1/messages', sendBody(['+33612345678', '+14155550100']), 'erin'),
  },
  {
    section: 'Error catalog', code: 'opted_out', status: 422, retryable: false, key: 'opted_out', how: 'recipient replied STOP',
    param: 'recipients.0', details: [{ field: 'recipients.0', constraint: 'opted_out', message: '+15005550111 has opted out' }],
    send: (api) => api.post('/v1/messages', sendBody(['+15005550111']), 'alice'),
  },
  {
    section: 'Error catalog', code: 'rate_limited', status: 429, retryable: true, key: 'rate_limited', how: '61st request in a minute',
    headers: { 'ratelimit-policy': '"minute";q=60;w=60' },
    send: async (api) => {
      for (let i = 0; i < 60; i++) await api.get('/v1/billing/subscription', 'olivia').expect(200);
      return api.get('/v1/billing/subscription', 'olivia');
    },
  },
  { section: 'Error catalog', code: 'internal_error', status: 500, retryable: false, key: 'db_error', how: 'DB error magic number', send: (api) => api.post('/v1/messages', sendBody(['+15005550005']), 'alice') },
];

conformanceSuite({ profile: integrationsProfile, seedFile: '003_64ed75f2bdad7702.txt', auth: (key) => ({ Authorization: `Bearer ${key}` }), rows });
