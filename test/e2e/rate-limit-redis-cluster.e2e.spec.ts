import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import type { Cluster } from 'ioredis';
import request from 'supertest';
import type { Response } from 'supertest';
import { RedisEdgeStore } from '../../lib/stores/redis-edge.store.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';
import { connectRedisCluster, deleteClusterKeys } from '../support/redis-cluster.js';

/** Unique per run, so runs sharing one cluster never see each other's counters. */
const PREFIX = `edge-test:${randomUUID()}:`;
const RATE_LIMITED = {
  error: { code: 'rate_limited', message: 'Too many requests. Retry after the time given in Retry-After.', details: [] },
};

@Controller()
class PingController {
  @Get('ping') ping() { return { pong: true }; }
}



describe('rate limits across two instances sharing one Redis Cluster', () => {
  const clients: Cluster[] = [];
  const apps: EdgeApp[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      // One Cluster client per instance, as two processes would have.
      const client = await connectRedisCluster();
      clients.push(client);
      apps.push(
        await createEdgeApp({
          options: {
            store: new RedisEdgeStore(client, { prefix: PREFIX }),
            // An hour-long window: nothing can reset it during the test, so the count is exact.
            rateLimit: { windows: [{ name: 'hour', ttl: 3_600_000, limit: 50 }] },
          },
          controllers: [PingController],
          listen: true,
        }),
      );
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    if (clients[0]) await deleteClusterKeys(clients[0], `${PREFIX}*`);
    for (const client of clients) await client.quit();
  });

  it('admits exactly 50 of 200 concurrent requests spread over both, and refuses 150 with Retry-After', async () => {
    const responses: Response[] = await Promise.all(
      Array.from({ length: 200 }, (_, i) => request((apps[i % 2] as EdgeApp).server).get('/ping')),
    );

    const admitted = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    // Each instance answered 100; with a counter per instance, 100 would have been admitted.
    expect(admitted).toHaveLength(50);
    expect(refused).toHaveLength(150);

    // One atomic counter: every remaining value from 49 down to 0 was handed out exactly once.
    const remaining = admitted.map((r) => Number(/r=(\d+)/.exec(String(r.headers['ratelimit']))?.[1])).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (const ok of admitted) {
      expect(ok.body).toEqual({ pong: true });
      expect(ok.headers['ratelimit-policy']).toBe('"hour";q=50;w=3600');
    }

    for (const no of refused) {
      expect(no.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(no.headers['x-request-id']).toEqual(expect.any(String));
      const retryAfter = Number(no.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(no.headers['ratelimit-policy']).toBe('"hour";q=50;w=3600');
      expect(no.headers['ratelimit']).toBe(`"hour";r=0;t=${retryAfter}`);
      expect(no.body).toEqual(RATE_LIMITED);
    }

    // The shared counter saw all 200 hits, on exactly one of the three masters.
    const client = clients[0] as Cluster;
    const perNode = await Promise.all(client.nodes('master').map((node) => node.keys(`${PREFIX}rl:hour:*`)));
    expect(perNode).toHaveLength(3);
    const keys = perNode.flat();
    expect(keys).toHaveLength(1);
    expect(await client.get(keys[0] as string)).toBe('200');
  });
});
