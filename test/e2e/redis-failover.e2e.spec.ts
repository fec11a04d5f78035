import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Headers, Post } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { Idempotent, type EdgeStoreFailurePolicy } from '../../lib/index.js';
import { decodeIdempotencyRecord } from '../../lib/interceptors/idempotency-record.js';
import type { EdgeStore, EdgeStoreWriteOptions } from '../../lib/stores/edge-store.js';
import { RedisEdgeStore } from '../../lib/stores/redis-edge.store.js';
import { ResilientEdgeStore } from '../../lib/stores/resilient-edge.store.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';
import { startRedisServer, type OwnRedisServer } from '../support/redis-server.js';

/** The store's bound on every call. */
const STORE_TIMEOUT_MS = 200;
/**
 * A hang detector, not a speed assertion: 25× the store timeout. A request still unanswered by then
 * is hung (a store call that escaped the timeout), whatever the machine's load.
 */
const CLIENT_TIMEOUT_MS = 5_000;
const WORKERS = 8;
const ORDER_BODY = '{"item":"book","qty":1}';

@Controller('v1')
class FailoverController {
  private n = 0;

  @Get('ping') ping() {
    return { ok: true };
  }

  /** The body names the Idempotency-Key, so a stored record says which request it answers. */
  @Idempotent()
  @Post('orders')
  create(@Body() body: unknown, @Headers('idempotency-key') key: string) {
    return { id: `ord_${++this.n}`, key, body };
  }
}

type Phase = 'healthy' | 'killing' | 'down' | 'restarting' | 'recovering' | 'recovered';

/** One request as the client saw it. */
interface Outcome {
  readonly instance: number;
  readonly post: boolean;
  readonly startedIn: Phase;
  readonly endedIn: Phase;
  readonly status?: number;
  readonly body?: unknown;
  readonly retryAfter?: string;
  readonly replayed?: string;
  readonly error?: string;
}

/**
 * Sits between ResilientEdgeStore and Redis and notes every idempotency record Redis acknowledged
 * (its `set` resolved), with the phase it was acknowledged in.
 */
class AcknowledgingStore implements EdgeStore {
  constructor(
    private readonly inner: EdgeStore,
    private readonly acked: Map<string, { value: string; phase: Phase }>,
    private readonly phase: () => Phase,
  ) {}
  increment(key: string, ttlMs: number, by?: number, options?: EdgeStoreWriteOptions) {
    return this.inner.increment(key, ttlMs, by, options);
  }
  setIfAbsent(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions) {
    return this.inner.setIfAbsent(key, value, ttlMs, options);
  }
  get(key: string) {
    return this.inner.get(key);
  }
  async set(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions) {
    await this.inner.set(key, value, ttlMs, options);
    if (key.startsWith('idem:')) this.acked.set(key, { value, phase: this.phase() });
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  // The interceptor completes a record by compare-and-set (fencing): that is its acknowledgement.
  async compareAndSet(key: string, expected: string, next: string, ttlMs: number) {
    const done = await this.inner.compareAndSet(key, expected, next, ttlMs);
    if (done && key.startsWith('idem:')) this.acked.set(key, { value: next, phase: this.phase() });
    return done;
  }
  renew(key: string, expected: string, ttlMs: number) {
    return this.inner.renew(key, expected, ttlMs);
  }
  compareAndDelete(key: string, expected: string) {
    return this.inner.compareAndDelete(key, expected);
  }
}

/** Waits for a condition of the running traffic; the bound only turns a stall into a clear failure. */
async function until(condition: () => boolean, what: string, state: () => unknown): Promise<void> {
  for (let i = 0; i < 3_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Gave up waiting for ${what}: ${JSON.stringify(state())}`);
}

const STORE_UNAVAILABLE = { error: { code: 'store_unavailable', message: 'The service is temporarily unavailable.', details: [] } };

describe.each<[EdgeStoreFailurePolicy]>([['open'], ['closed']])('Redis killed and restarted under load, %s policy', (policy) => {
  let server: OwnRedisServer;
  const clients: Redis[] = [];
  const apps: EdgeApp[] = [];
  const acked = new Map<string, { value: string; phase: Phase }>();
  let phase: Phase = 'healthy';
  const prefix = `failover:${policy}:`;

  beforeAll(async () => {
    // appendfsync always: Redis fsyncs the append-only file before it replies, so every write it
    // acknowledged is on disk when it is killed and is loaded again when it restarts.
    server = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction']);
    for (let i = 0; i < 2; i++) {
      // As docs/stores.md recommends: fail commands at once while disconnected, retry once,
      // reconnect quickly. One client per instance, as two processes would have.
      const client = new Redis(server.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 100 });
      client.on('error', () => undefined); // refusals while Redis is down are expected
      await new Promise<void>((resolve) => client.once('ready', () => resolve()));
      clients.push(client);
      const store = new ResilientEdgeStore(new AcknowledgingStore(new RedisEdgeStore(client, { prefix }), acked, () => phase), {
        onFailure: policy,
        timeoutMs: STORE_TIMEOUT_MS,
      });
      apps.push(
        await createEdgeApp({
          controllers: [FailoverController],
          options: { envelope: 'nested', store, idempotency: {}, rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 1_000_000 }] } },
          listen: true,
        }),
      );
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  it('answers every request by the policy, hangs none, recovers both instances and loses no acknowledged record', async () => {
    const outcomes: Outcome[] = [];
    let stopped = false;

    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stopped; i++) {
        const instance = (w + i) % 2;
        const post = i % 3 === 0;
        const startedIn = phase;
        const server = (apps[instance] as EdgeApp).server;
        const test = post
          ? request(server).post('/v1/orders').set('Idempotency-Key', `${policy}-${w}-${i}`).set('content-type', 'application/json').send(ORDER_BODY)
          : request(server).get('/v1/ping');
        try {
          const res = await test.timeout(CLIENT_TIMEOUT_MS);
          outcomes.push({
            instance,
            post,
            startedIn,
            endedIn: phase,
            status: res.status,
            body: res.body,
            retryAfter: res.headers['retry-after'],
            replayed: res.headers['idempotent-replayed'],
          });
        } catch (error) {
          outcomes.push({ instance, post, startedIn, endedIn: phase, error: String(error) });
        }
      }
    };
    const beforeKillCount = (): number => [...acked.values()].filter((a) => a.phase === 'healthy').length;
    const count = (instance: number, p: Phase): number =>
      outcomes.filter((o) => o.instance === instance && o.startedIn === p && o.endedIn === p).length;

    const state = () => ({
      acked: acked.size,
      outcomes: outcomes.length,
      sample: outcomes.slice(-3),
      answers: outcomes.reduce<Record<string, number>>((tally, o) => {
        const answer = `${o.startedIn}:${o.post ? 'POST' : 'GET'}:${o.status ?? o.error}`;
        tally[answer] = (tally[answer] ?? 0) + 1;
        return tally;
      }, {}),
    });
    const traffic = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    try {
      await until(() => count(0, 'healthy') >= 30 && count(1, 'healthy') >= 30 && acked.size >= 10, 'healthy traffic', state);
      phase = 'killing';
      await server.kill();
      phase = 'down';
      await until(() => count(0, 'down') >= 20 && count(1, 'down') >= 20, 'traffic while Redis is down', state);
      phase = 'restarting';
      await server.restart();
      phase = 'recovering';
      // Both clients reconnect by themselves: nothing restarts the apps.
      await until(() => clients.every((c) => c.status === 'ready'), 'both Redis clients to reconnect', state);
      phase = 'recovered';
      await until(() => count(0, 'recovered') >= 30 && count(1, 'recovered') >= 30, 'traffic after recovery', state);
    } finally {
      stopped = true;
      await traffic;
    }

    const healthy = (o: Outcome): boolean =>
      o.post
        ? o.status === 201 && (o.body as { id?: unknown }).id !== undefined && o.replayed === undefined
        : o.status === 200 && JSON.stringify(o.body) === '{"ok":true}';
    const refused = (o: Outcome): boolean =>
      o.status === 503 && o.retryAfter === '1' && JSON.stringify(o.body) === JSON.stringify(STORE_UNAVAILABLE);
    const byPolicy = policy === 'open' ? healthy : refused;

    // No request hung or failed at the client, and none got anything but a healthy or a policy answer.
    expect(outcomes.filter((o) => o.error !== undefined)).toEqual([]);
    expect(outcomes.filter((o) => !healthy(o) && !byPolicy(o))).toEqual([]);
    // While Redis was down, every request got exactly the policy's answer, on both instances.
    const down = outcomes.filter((o) => o.startedIn === 'down' && o.endedIn === 'down');
    expect(down.filter((o) => !byPolicy(o))).toEqual([]);
    expect(new Set(down.map((o) => o.instance))).toEqual(new Set([0, 1]));
    // Once both clients were back, both instances answered normally again (a store call that
    // outlasts its timeout on a loaded machine may still get the policy's answer, as it may before
    // the kill; the replays below need a working store on both instances, under either policy).
    const after = outcomes.filter((o) => o.startedIn === 'recovered' && healthy(o));
    expect([0, 1].map((instance) => after.filter((o) => o.instance === instance).length >= 10)).toEqual([true, true]);

    console.log(`Failover (${policy}): ${outcomes.length} requests, ${acked.size} records acknowledged (${beforeKillCount()} before the kill); answers ${JSON.stringify(state().answers)}`);

    // Every record Redis acknowledged before it was killed is still there, byte for byte, and
    // both instances replay it.
    const beforeKill = [...acked].filter(([, a]) => a.phase === 'healthy');
    expect(beforeKill.length).toBeGreaterThanOrEqual(10);
    const reader = new Redis(server.url, { maxRetriesPerRequest: 1 });
    try {
      for (const [storeKey, { value }] of acked) expect({ storeKey, value: await reader.get(prefix + storeKey) }).toEqual({ storeKey, value });
    } finally {
      reader.disconnect();
    }
    let i = 0;
    for (const [storeKey, { value }] of acked) {
      const record = decodeIdempotencyRecord(value);
      if (record?.state !== 'completed') throw new Error(`${storeKey} holds no completed record`);
      const original = JSON.parse(record.body.toString('utf8')) as { key: string };
      const replay = await request((apps[i++ % 2] as EdgeApp).server)
        .post('/v1/orders')
        .set('Idempotency-Key', original.key)
        .set('content-type', 'application/json')
        .send(ORDER_BODY)
        .timeout(CLIENT_TIMEOUT_MS);
      expect({ key: original.key, status: replay.status, replayed: replay.headers['idempotent-replayed'], body: replay.body }).toEqual({
        key: original.key,
        status: 201,
        replayed: 'true',
        body: original,
      });
    }
  }, 120_000);
});
