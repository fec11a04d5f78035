import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import Stripe from 'stripe';
import { MaintenanceSwitch } from '../../lib/index.js';
import { readFixtures } from '../../sample-app/data/sample-data.js';
import { MessageStore } from '../../sample-app/messages/message.store.js';
import { integrationsProfile } from '../../sample-app/profiles/integrations.profile.js';
import { xtokenProfile } from '../../sample-app/profiles/xtoken.profile.js';
import type { SampleProfile } from '../../sample-app/profiles/sample-profile.js';
import { startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

/**
 * The `stripe` envelope as Stripe's own Node SDK reads it: the sample app runs with
 * ENVELOPE=stripe (the `envelope` start option main.ts sets from it), and every call goes
 * through the real `stripe` package (`rawRequest`, form-encoded bodies, its retry and
 * Idempotency-Key logic) against 127.0.0.1.
 */

const fixtures = readFixtures();
const keyOf = (id: string): string => {
  const key = fixtures.keys.find((k) => k.id === id)?.key;
  if (key === undefined) throw new Error(`no fixture key ${id}`);
  return key;
};
const DOCS = integrationsProfile.docsBaseUrl as string;
const send = (recipients: string[]) => ({ recipients, message: 'Hello', sender_id: 'Acme' });
// Stripe's SDK retries after 0.5 s and doubles; keep the waits short where a retry is expected.
const base = { protocol: 'http' as const, host: '127.0.0.1', telemetry: false, maxNetworkRetries: 0 };

interface Running {
  sample: SampleApp;
  port: number;
  maintenance: MaintenanceSwitch;
  /** Messages the app stored (each real send saves exactly one). */
  saved: () => number;
}

async function start(profile: SampleProfile): Promise<Running> {
  const maintenance = new MaintenanceSwitch();
  const sample = await startSampleApp({ profile, envelope: 'stripe', maintenanceSwitch: maintenance });
  await sample.app.listen(0, '127.0.0.1');
  const port = (sample.server.address() as AddressInfo).port;
  const save = jest.spyOn(sample.app.get(MessageStore), 'save');
  return { sample, port, maintenance, saved: () => save.mock.calls.length };
}

/** A Stripe client of the sample app with `key` as its Bearer API key. */
const stripeFor = (app: Running, key: string, config: Partial<Stripe.StripeConfig> = {}): Stripe =>
  new Stripe(key, { ...base, port: app.port, ...config });

/** What the SDK threw for a call that must fail. */
async function failure(call: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

/** The fields of a StripeError the envelope feeds. */
const fieldsOf = (e: InstanceType<typeof Stripe.errors.StripeError>) => ({
  class: e.type,
  statusCode: e.statusCode,
  rawType: e.rawType,
  code: e.code,
  param: e.param,
  doc_url: e.doc_url,
  message: e.message,
  requestId: e.requestId,
  shouldRetry: (e.headers as Record<string, string>)['stripe-should-retry'],
});

describe('the stripe envelope through the Stripe Node SDK (integrations profile)', () => {
  let app: Running;
  const alice = keyOf('key_integrations_alice');
  beforeAll(async () => {
    app = await start(integrationsProfile);
  });
  afterAll(() => app.sample.close());

  it('400 validation → StripeInvalidRequestError with code, param and every violation', async () => {
    const e = await failure(stripeFor(app, alice).rawRequest('POST', '/v1/messages', { recipients: [], message: '', sender_id: 'far too long a sender' }));
    expect(fieldsOf(e)).toEqual({
      class: 'StripeInvalidRequestError',
      statusCode: 400,
      rawType: 'invalid_request_error',
      code: 'validation_failed',
      param: 'recipients',
      doc_url: `${DOCS}#validation_failed`,
      message: 'Request body or query parameters failed validation. Inspect `details` for per-field errors.',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      shouldRetry: 'false',
    });
    expect(e instanceof Stripe.errors.StripeInvalidRequestError).toBe(true);
    // Stripe's form encoding drops an empty array, so `recipients` arrives missing.
    expect((e.raw as { details?: unknown }).details).toEqual([
      { field: 'recipients', constraint: 'isPhoneNumber', message: 'each value in recipients must be a valid phone number' },
      { field: 'recipients', constraint: 'arrayMaxSize', message: 'recipients must contain no more than 100 elements' },
      { field: 'recipients', constraint: 'arrayNotEmpty', message: 'recipients should not be empty' },
      { field: 'recipients', constraint: 'isArray', message: 'recipients must be an array' },
      { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
      { field: 'sender_id', constraint: 'matches', message: 'sender_id must be 1 to 11 letters, digits or spaces' },
    ]);
  });

  it('401 no key → StripeAuthenticationError', async () => {
    // An authenticator that adds nothing: the request carries no key at all.
    const anonymous = new Stripe('', { ...base, port: app.port, authenticator: async () => {} });
    const e = await failure(anonymous.rawRequest('GET', '/v1/messages/msg_000000000000000000000000'));
    expect(fieldsOf(e)).toEqual({
      class: 'StripeAuthenticationError',
      statusCode: 401,
      rawType: 'authentication_error',
      code: 'missing_api_key',
      param: undefined,
      doc_url: `${DOCS}#missing_api_key`,
      message: 'No API key was supplied. Send `Authorization: Bearer <key>` or `X-Integration-Key`.',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      shouldRetry: 'false',
    });
  });

  it('403 unknown key and 403 missing scope → StripePermissionError', async () => {
    const unknown = await failure(stripeFor(app, 'ik_live_NoSuchKeyAnywhere000000000000').rawRequest('GET', '/v1/messages/msg_000000000000000000000000'));
    expect([unknown.type, unknown.statusCode, unknown.code, unknown.rawType]).toEqual(['StripePermissionError', 403, 'invalid_api_key', 'authorization_error']);
    const scope = await failure(stripeFor(app, keyOf('key_integrations_readonly')).rawRequest('POST', '/v1/messages', send(['+33612345678'])));
    expect([scope.type, scope.statusCode, scope.code, scope.rawType]).toEqual(['StripePermissionError', 403, 'insufficient_scope', 'authorization_error']);
  });

  it('404 another organization’s line → StripeInvalidRequestError with the param', async () => {
    const e = await failure(stripeFor(app, alice).rawRequest('GET', '/v1/lines/ln_bob'));
    expect([e.type, e.statusCode, e.code, e.rawType, e.param, e.doc_url]).toEqual([
      'StripeInvalidRequestError',
      404,
      'not_found',
      'not_found_error',
      'lineId',
      `${DOCS}#not_found`,
    ]);
  });

  it('422 with a cost breakdown → StripeAPIError carrying the extra data inside error', async () => {
    const e = await failure(stripeFor(app, keyOf('key_integrations_erin')).rawRequest('POST', '/v1/messages', send(['+33612345678', '+14155550100'])));
    expect([e.type, e.statusCode, e.code, e.rawType]).toEqual(['StripeAPIError', 422, 'insufficient_credits', 'billing_error']);
    const raw = e.raw as Record<string, unknown>;
    expect({ required: raw.required, balance: raw.balance, unit_cost: raw.unit_cost, units: raw.units }).toEqual({ required: 0.08, balance: 0.05, unit_cost: 0.04, units: 2 });
  });

  it('409 idempotency_key_reused → StripeAPIError (type idempotency_error), never retried by the SDK', async () => {
    const stripe = stripeFor(app, alice, { maxNetworkRetries: 3 });
    const requests: unknown[] = [];
    stripe.on('request', (event: { idempotency_key?: string }) => requests.push(event));
    const before = app.saved();
    await stripe.rawRequest('POST', '/v1/messages', send(['+33612345678']), { idempotencyKey: 'stripe-reuse-0001' });
    const e = await failure(stripe.rawRequest('POST', '/v1/messages', send(['+33612345679']), { idempotencyKey: 'stripe-reuse-0001' }));
    expect(fieldsOf(e)).toEqual({
      class: 'StripeAPIError',
      statusCode: 409,
      rawType: 'idempotency_error',
      code: 'idempotency_key_reused',
      param: undefined,
      doc_url: `${DOCS}#idempotency_key_reused`,
      message: 'The same `Idempotency-Key` was reused with a different request body. Use a fresh key for distinct requests.',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      shouldRetry: 'false',
    });
    // Two calls, two requests: Stripe-Should-Retry: false stopped the SDK's 409 retries.
    expect(requests).toHaveLength(2);
    expect(app.saved() - before).toBe(1);
  });

  it('429 after the minute window → StripeRateLimitError, not retried (the wait is a minute)', async () => {
    const olivia = keyOf('key_integrations_olivia');
    for (let i = 0; i < 60; i++) await request(app.sample.server).get('/v1/billing/subscription').set('Authorization', `Bearer ${olivia}`).expect(200);
    const e = await failure(stripeFor(app, olivia, { maxNetworkRetries: 2 }).rawRequest('GET', '/v1/billing/subscription'));
    expect([e.type, e.statusCode, e.code, e.rawType, (e.headers as Record<string, string>)['stripe-should-retry']]).toEqual([
      'StripeRateLimitError',
      429,
      'rate_limited',
      'rate_limit_error',
      'false',
    ]);
    expect((e.headers as Record<string, string>)['retry-after']).toMatch(/^[1-9]\d*$/);
  });

  it('503 in maintenance (this profile: service_unavailable, Retry-After 5) → StripeAPIError with Stripe-Should-Retry: true', async () => {
    app.maintenance.enable();
    try {
      const e = await failure(stripeFor(app, alice).rawRequest('GET', '/v1/messages/msg_000000000000000000000000'));
      expect([e.type, e.statusCode, e.code, e.rawType]).toEqual(['StripeAPIError', 503, 'service_unavailable', 'api_error']);
      const headers = e.headers as Record<string, string>;
      expect([headers['stripe-should-retry'], headers['retry-after'], headers['request-id']]).toEqual(['true', '5', e.requestId]);
    } finally {
      app.maintenance.disable();
    }
  });

  it('a lost response is retried by the SDK with the same Idempotency-Key and replayed, never sent twice', async () => {
    // The network loses the first answer after the app has sent the message: the SDK sees a
    // connection reset and retries with the Idempotency-Key it generated for the POST.
    const node = Stripe.createNodeHttpClient();
    let lose = 1;
    let lostBody: unknown;
    const httpClient = Object.assign(Object.create(node) as typeof node, {
      makeRequest: async (...args: Parameters<typeof node.makeRequest>) => {
        const res = await node.makeRequest(...args);
        if (lose === 0) return res;
        lose--;
        lostBody = await res.toJSON();
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
    });
    const stripe = stripeFor(app, alice, { httpClient, maxNetworkRetries: 2 });
    const keys: unknown[] = [];
    stripe.on('request', (event: { idempotency_key?: string }) => keys.push(event.idempotency_key));
    const before = app.saved();
    const message = (await stripe.rawRequest('POST', '/v1/messages', send(['+33612345678']))) as { id: string; lastResponse: { headers: Record<string, string>; statusCode: number } };
    expect(app.saved() - before).toBe(1);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^stripe-node-retry-[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(message.id).toBe((lostBody as { id: string }).id);
    expect([message.lastResponse.statusCode, message.lastResponse.headers['idempotent-replayed']]).toEqual([201, 'true']);
  });

  it('409 idempotency_in_progress says Stripe-Should-Retry: true, so concurrent retries end in one send', async () => {
    // Two SDK calls with one key race on the slow magic number (the provider takes 1 s): the loser
    // gets 409 idempotency_in_progress + Stripe-Should-Retry: true, retries, and gets the replay.
    const stripe = stripeFor(app, alice, { maxNetworkRetries: 6 });
    // The SDK emits `request` for every attempt (a retried 409 never reaches `response`).
    let attempts = 0;
    stripe.on('request', () => attempts++);
    const before = app.saved();
    const body = send(['+15005550008']);
    const [a, b] = (await Promise.all([
      stripe.rawRequest('POST', '/v1/messages', body, { idempotencyKey: 'stripe-race-0001' }),
      stripe.rawRequest('POST', '/v1/messages', body, { idempotencyKey: 'stripe-race-0001' }),
    ])) as Array<{ id: string }>;
    expect(app.saved() - before).toBe(1);
    expect(b.id).toBe(a.id);
    // Two calls took more than two attempts: the 409 (Stripe-Should-Retry: true) was retried.
    expect(attempts).toBeGreaterThan(2);
  });

  it('says Stripe-Should-Retry: true on 409 idempotency_in_progress (seen without the SDK)', async () => {
    const body = send(['+15005550008']);
    const auth = `Bearer ${alice}`;
    const [a, b] = await Promise.all([
      request(app.sample.server).post('/v1/messages').set('Authorization', auth).set('Idempotency-Key', 'stripe-race-0002').send(body),
      request(app.sample.server).post('/v1/messages').set('Authorization', auth).set('Idempotency-Key', 'stripe-race-0002').send(body),
    ]);
    const refused = a.status === 409 ? a : b;
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([refused.headers['stripe-should-retry'], refused.headers['retry-after'], refused.body.error.code, refused.body.error.type]).toEqual([
      'true',
      '1',
      'idempotency_in_progress',
      'idempotency_error',
    ]);
    expect(refused.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the stripe envelope through the Stripe Node SDK (xtoken profile: wallet)', () => {
  let app: Running;
  beforeAll(async () => {
    app = await start(xtokenProfile);
  });
  afterAll(() => app.sample.close());

  // xtoken reads keys from X-Token: the SDK's own Authorization header is ignored by the app.
  const client = (role: string) =>
    new Stripe('', { ...base, port: app.port, authenticator: async (req) => void (req.headers['X-Token'] = keyOf(`key_xtoken_${role}`)) });

  it('402 insufficient_balance → StripeCardError with the cost breakdown', async () => {
    const e = await failure(client('erin').rawRequest('POST', '/v1/messages', send(['+33612345678', '+14155550100'])));
    expect([e.type, e.statusCode, e.code, e.rawType, e.doc_url]).toEqual(['StripeCardError', 402, 'insufficient_balance', 'billing_error', undefined]);
    expect(e instanceof Stripe.errors.StripeCardError).toBe(true);
    const raw = e.raw as Record<string, unknown>;
    expect({ required: raw.required, balance: raw.balance }).toEqual({ required: 0.08, balance: 0.05 });
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('409 payg_confirm_required → StripeAPIError', async () => {
    const e = await failure(client('frank').rawRequest('POST', '/v1/messages', send(['+33612345678'])));
    expect([e.type, e.statusCode, e.code, e.rawType]).toEqual(['StripeAPIError', 409, 'payg_confirm_required', 'billing_error']);
  });

  it('422 validation (xtoken answers validation with 422) → StripeAPIError with the first field as param', async () => {
    const e = await failure(client('alice').rawRequest('POST', '/v1/messages', { message: 'Hello', sender_id: 'Acme' }));
    expect([e.type, e.statusCode, e.code, e.param]).toEqual(['StripeAPIError', 422, 'validation_error', 'recipients']);
  });
});

describe('the stripe envelope with Stripe’s own status for a reused Idempotency-Key (400)', () => {
  let app: Running;
  // Stripe answers a reused key with 400 idempotency_error; a catalogue override says the same.
  const profile: SampleProfile = {
    ...integrationsProfile,
    catalogue: {
      ...integrationsProfile.catalogue,
      // The profile writes one row per wire code: the status changes in the code's own row.
      codes: {
        ...integrationsProfile.catalogue.codes,
        idempotency_key_reused: { ...integrationsProfile.catalogue.codes?.['idempotency_key_reused'], covers: ['idempotency_key_reused'], status: 400 },
      },
    },
  };
  beforeAll(async () => {
    app = await start(profile);
  });
  afterAll(() => app.sample.close());

  it('→ StripeIdempotencyError', async () => {
    const stripe = stripeFor(app, keyOf('key_integrations_alice'));
    await stripe.rawRequest('POST', '/v1/messages', send(['+33612345678']), { idempotencyKey: 'stripe-reuse-0400' });
    const e = await failure(stripe.rawRequest('POST', '/v1/messages', send(['+33612345679']), { idempotencyKey: 'stripe-reuse-0400' }));
    expect([e.type, e.statusCode, e.code, e.rawType]).toEqual(['StripeIdempotencyError', 400, 'idempotency_key_reused', 'idempotency_error']);
    expect(e instanceof Stripe.errors.StripeIdempotencyError).toBe(true);
  });
});
