import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Controller, Get, Post } from '@nestjs/common';
import request from 'supertest';
import { signRequest } from '../../lib/client/index.js';
import { Idempotent, mintApiKey, Public, RequireSignature, type ApiKeyRecord } from '../../lib/index.js';
import { MemoryEdgeStore } from '../../lib/stores/memory-edge.store.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const SECRET = 'whsec_capacity_0123456789';
const { key: API_KEY, hash } = mintApiKey({ prefix: 'sk_test_' });
const RECORD: ApiKeyRecord = { id: 'key_cap', hash, accountId: 'acc_cap', signingSecrets: [SECRET] };
const BODY = '{"to":"+15550100","text":"hi"}';

let orders = 0;

@Controller('v1')
class CapacityController {
  @Public()
  @Get('public/ping')
  ping() {
    return { ok: true };
  }

  @RequireSignature()
  @Idempotent()
  @Post('orders')
  create() {
    return { id: `ord_${++orders}` };
  }
}

/** A signed POST /v1/orders as the client library signs it. */
function signedOrder(edge: EdgeApp, nonce: string, idempotencyKey?: string): request.Test {
  const headers = signRequest({ secret: SECRET, method: 'POST', path: '/v1/orders', body: BODY, nonce });
  let test = request(edge.server).post('/v1/orders').set('x-api-key', API_KEY).set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
  if (idempotencyKey !== undefined) test = test.set('Idempotency-Key', idempotencyKey);
  return test.send(BODY);
}

describe('a small memory store under a flood of counters', () => {
  let edge: EdgeApp;
  const store = new MemoryEdgeStore({ maxEntries: 50, maxRecords: 4 });

  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [CapacityController],
      options: {
        envelope: 'nested',
        store,
        apiKeys: { store: { findByHash: (h) => (h === hash ? RECORD : null) }, sources: ['x-api-key'] },
        clientIp: { trustedProxies: ['loopback'] },
        signature: { requireNonce: true },
        idempotency: {},
        rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 1_000 }] },
      },
    });
  });

  afterAll(async () => {
    await edge.close();
  });

  it('still refuses the replay and answers the duplicate, then refuses new records with a retryable 503', async () => {
    const first = await signedOrder(edge, 'nonce-0001', 'order-1');
    expect({ status: first.status, body: first.body }).toEqual({ status: 201, body: { id: 'ord_1' } });

    // 300 distinct clients, six times the counter space: every one is a new rate-limit counter.
    for (let i = 0; i < 300; i++) {
      const res = await request(edge.server).get('/v1/public/ping').set('x-forwarded-for', `10.0.${i >> 8}.${i & 255}`);
      expect(res.status).toBe(200);
    }
    expect(store.counterCount).toBe(50);
    expect(store.recordCount).toBe(2);

    // The same signed request again: its nonce survived the flood.
    const replay = await signedOrder(edge, 'nonce-0001', 'order-1');
    expect({ status: replay.status, body: replay.body }).toEqual({
      status: 401,
      body: { error: { code: 'signature_replayed', message: 'This signed request was already received.', details: [] } },
    });

    // A fresh signature on the same Idempotency-Key: the stored response answers, the handler does not run.
    const duplicate = await signedOrder(edge, 'nonce-0002', 'order-1');
    expect({ status: duplicate.status, body: duplicate.body, replayed: duplicate.headers['idempotent-replayed'] }).toEqual({
      status: 201,
      body: { id: 'ord_1' },
      replayed: 'true',
    });
    expect(orders).toBe(1);
    expect(store.recordCount).toBe(3);

    // The fourth record (nonce-0003) fits; its idempotency lock does not: refused, not forgotten.
    const full = await signedOrder(edge, 'nonce-0003', 'order-2');
    const unavailable = { error: { code: 'store_unavailable', message: 'The service is temporarily unavailable.', details: [] } };
    expect({ status: full.status, retryAfter: full.headers['retry-after'], body: full.body }).toEqual({ status: 503, retryAfter: '1', body: unavailable });
    const noRoom = await signedOrder(edge, `nonce-${randomUUID()}`);
    expect({ status: noRoom.status, retryAfter: noRoom.headers['retry-after'], body: noRoom.body }).toEqual({ status: 503, retryAfter: '1', body: unavailable });
    expect(orders).toBe(1);
    expect(store.recordCount).toBe(4);
    // The cause (which space, how to size it) is in the log, never in the response.
    expect(edge.logs.text()).toContain("Cannot store a new record because the store's record space is full (maxRecords: 4)");
    expect(full.text).not.toContain('maxRecords');
  });
});
