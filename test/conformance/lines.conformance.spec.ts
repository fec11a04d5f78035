import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { readFixtures } from '../../sample-app/data/sample-data.js';
import { linesProfile } from '../../sample-app/profiles/lines.profile.js';
import { conformanceSuite, type ConformanceRow } from './support/conformance.js';
import { ManualClock, startSampleApp, type SampleApp } from './support/start-sample-app.js';

/** Seed 004 (lines API), every row of its error tables, in the seed's order. */
const rows: ConformanceRow[] = [
  // authentication_error (401)
  { section: 'authentication_error', code: 'missing_api_key', status: 401, key: 'missing_api_key', how: 'no Authorization header', send: (api) => api.get('/v1/lines/ln_main', null) },
  { section: 'authentication_error', code: 'invalid_api_key', status: 401, key: 'invalid_api_key', how: 'key in the wrong format', send: (api) => api.get('/v1/lines/ln_main', null, { Authorization: 'Bearer ln_live_short' }) },

  // authorization_error (403)
  { section: 'authorization_error', code: 'insufficient_scope', status: 403, key: 'insufficient_scope', how: 'messages-only key reads a line', send: (api) => api.get('/v1/lines/ln_main', 'readonly') },
  { section: 'authorization_error', code: 'line_not_accessible', status: 403, key: 'resource_not_accessible', param: 'lineId', how: 'key bound to ln_main reads ln_second', send: (api) => api.get('/v1/lines/ln_second', 'linebound') },
  { section: 'authorization_error', code: 'sandbox_not_activated', status: 403, key: 'sandbox_not_activated', how: 'sandbox never activated', send: (api) => api.post('/v1/sandbox/messages', { to: '+15005550100', text: 'hi' }, 'kim') },

  // invalid_request_error (400)
  {
    section: 'invalid_request_error', code: 'missing_required_parameter', status: 400, key: 'missing_parameter', how: 'body without text',
    param: 'text',
    details: [
      { field: 'text', constraint: 'maxLength', message: 'text must be shorter than or equal to 4096 characters' },
      { field: 'text', constraint: 'isNotEmpty', message: 'text should not be empty' },
      { field: 'text', constraint: 'isString', message: 'text must be a string' },
    ],
    send: (api) => api.post('/v1/lines/ln_main/messages', { to: '+15005550100' }, 'alice'),
  },
  {
    section: 'invalid_request_error', code: 'invalid_parameter_value', status: 400, key: 'invalid_params', how: 'message id with the wrong prefix',
    param: 'id', details: [{ field: 'id', constraint: 'matches', message: 'id must be a message id (msg_ followed by 24 hex digits)' }],
    send: (api) => api.get('/v1/messages/ln_000000000000000000000000', 'alice'),
  },
  { section: 'invalid_request_error', code: 'invalid_json', status: 400, key: 'invalid_json', how: 'malformed JSON', send: (api) => api.post('/v1/lines/ln_main/messages', '{"to": ', 'alice', { 'Content-Type': 'application/json' }) },
  { section: 'invalid_request_error', code: 'sandbox_contact_mismatch', status: 400, key: 'sandbox_contact_mismatch', param: 'to', how: 'sandbox send to an unpaired phone', send: (api) => api.post('/v1/sandbox/messages', { to: '+14155550100', text: 'hi' }, 'uma') },

  // not_found_error (404)
  { section: 'not_found_error', code: 'line_not_found', status: 404, key: 'line_not_found', param: 'lineId', how: 'unknown line', send: (api) => api.get('/v1/lines/ln_nope', 'alice') },
  { section: 'not_found_error', code: 'chat_not_found', status: 404, key: 'chat_not_found', param: 'chatId', how: 'unknown chat on a line', send: (api) => api.get('/v1/lines/ln_main/chats/chat_nope', 'alice') },
  { section: 'not_found_error', code: 'message_not_found', status: 404, key: 'message_not_found', param: 'id', how: 'unknown message id', send: (api) => api.get('/v1/messages/msg_000000000000000000000000', 'alice') },
  { section: 'not_found_error', code: 'outbox_item_not_found', status: 404, key: 'outbox_item_not_found', param: 'itemId', how: 'unknown outbox item', send: (api) => api.get('/v1/lines/ln_main/outbox/obx_nope', 'alice') },
  { section: 'not_found_error', code: 'webhook_not_found', status: 404, key: 'webhook_not_found', param: 'id', how: 'unknown webhook', send: (api) => api.get('/v1/webhooks/wh_nope', 'alice') },

  // rate_limit_error (429)
  {
    section: 'rate_limit_error', code: 'rate_limit_exceeded', status: 429, key: 'rate_limited', how: '6th request in an hour on a trial key',
    headers: { 'ratelimit-policy': '"hour";q=5;w=3600' },
    send: async (api) => {
      for (let i = 0; i < 5; i++) await api.get('/v1/me', 'tina').expect(200);
      return api.get('/v1/me', 'tina');
    },
  },
  {
    section: 'rate_limit_error', code: 'sandbox_quota_exceeded', status: 429, key: 'sandbox_quota_exceeded', how: '51st sandbox message of the day',
    // The manual clock starts at 2026-01-15T12:00:00Z; the quota resets at midnight UTC.
    headers: { 'retry-after': /^\d+$/ },
    send: async (api) => {
      // A fresh UTC day, so the row above that used the sandbox does not count.
      api.clock.advance(24 * 3600_000);
      for (let i = 0; i < 50; i++) await api.post('/v1/sandbox/messages', { to: '+15005550100', text: `hi ${i}` }, 'uma').expect(201);
      return api.post('/v1/sandbox/messages', { to: '+15005550100', text: 'one too many' }, 'uma');
    },
  },
];

conformanceSuite({ profile: linesProfile, seedFile: '004_e4f32dc56fab135e.txt', auth: (key) => ({ Authorization: `Bearer ${key}` }), rows });

describe('conformance: profile lines, the status table (seed 004)', () => {
  let sample: SampleApp;
  const tina = readFixtures().keys.find((k) => k.id === 'key_lines_tina')?.key as string;
  beforeAll(async () => {
    sample = await startSampleApp({ profile: linesProfile, clock: new ManualClock().read, trustedProxies: ['loopback'] });
  });
  afterAll(() => sample.close());

  const preflight = (path: string) =>
    request(sample.server)
      .options(path)
      .set({ Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type', 'X-Forwarded-For': '198.51.100.204' });

  it('204 No content (OPTIONS preflight), with the CORS headers and no body', async () => {
    const res = await preflight('/v1/lines/ln_main/messages');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(listOf(res.headers['access-control-allow-methods'])).toEqual(['GET', 'POST', 'PUT', 'DELETE']);
    expect(listOf(res.headers['access-control-allow-headers'])).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id']);
    expect(res.headers['access-control-max-age']).toBe('600');
    // Answered before the edge's checks: a preflight carries no key, and reaching authentication would be a 401.
    expect(res.headers['ratelimit-policy']).toBeUndefined();
  });

  it('a preflight is never counted against the rate limit (trial: 5 an hour)', async () => {
    for (let i = 0; i < 8; i++) await preflight('/v1/me').expect(204);
    const res = await request(sample.server).get('/v1/me').set({ Authorization: `Bearer ${tina}`, Origin: 'https://app.example.com', 'X-Forwarded-For': '198.51.100.204' });
    expect(res.status).toBe(200);
    expect(res.headers['ratelimit-policy']).toBe('"hour";q=5;w=3600');
    expect(res.headers['ratelimit']).toBe('"hour";r=4;t=3600');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(listOf(res.headers['access-control-expose-headers'])).toEqual(['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy']);
  });
});

// A header list as its items: Express's cors joins them with ",", @fastify/cors with ", ".
function listOf(value: string | string[] | undefined): string[] {
  return String(value ?? '').split(',').map((item) => item.trim());
}
