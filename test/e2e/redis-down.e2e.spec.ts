import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { RedisEdgeStore, ResilientEdgeStore, type EdgeStoreFailurePolicy } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

@Controller()
class PingController {
  @Get('v1/ping') ping() {
    return { ok: true };
  }
}

// Nothing listens here: the client keeps reconnecting and queues commands (ioredis' offline
// queue), which is exactly the case that must not hang a request.
const DEAD_REDIS = 'redis://127.0.0.1:6391';
const TIMEOUT_MS = 150;

describe.each<[EdgeStoreFailurePolicy]>([['open'], ['closed']])('a dead Redis under the %s policy', (policy) => {
  let edge: EdgeApp;
  let client: Redis;
  beforeAll(async () => {
    client = new Redis(DEAD_REDIS, { maxRetriesPerRequest: null, lazyConnect: false, retryStrategy: () => 50 });
    client.on('error', () => undefined); // connection refusals are expected here
    edge = await createEdgeApp({
      controllers: [PingController],
      options: {
        envelope: 'nested',
        store: new ResilientEdgeStore(new RedisEdgeStore(client, { prefix: 'down:' }), { onFailure: policy, timeoutMs: TIMEOUT_MS }),
        rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 100 }] },
      },
    });
  });
  afterAll(async () => {
    await edge.close();
    client.disconnect();
  });

  // No timing assertion (they flake): a hang would exceed this test's own 5 s limit instead.
  it('answers instead of hanging', async () => {
    const res = await request(edge.server).get('/v1/ping');
    if (policy === 'open') {
      // Served without counting; the outage is logged (without key material).
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
      expect(edge.logs.text()).toMatch(/warn/);
    } else {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toEqual({
        error: { code: 'store_unavailable', message: 'The service is temporarily unavailable.', details: [] },
      });
    }
  }, 5_000);
});
