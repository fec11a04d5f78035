import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { ApiError } from '../../../lib/errors/api-error.js';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { EdgeStoreCapacityError } from '../../../lib/stores/edge-store-capacity.error.js';
import { MemoryEdgeStore } from '../../../lib/stores/memory-edge.store.js';
import { RedisEdgeStore } from '../../../lib/stores/redis-edge.store.js';
import { ResilientEdgeStore } from '../../../lib/stores/resilient-edge.store.js';
import { describeEdgeStoreContract } from './edge-store.contract.js';
import { REDIS_URL } from '../../support/redis.js';


/** A local port nothing listens on: bound, then released (sturdier than a hard-coded port). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Collects warnings instead of printing them. */
function captureLogger(): { warn(message: unknown): void; messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => void messages.push(String(message)) };
}

/** How a promise settled. */
async function settled<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

// Passing calls through must not change a single answer.
describeEdgeStoreContract('ResilientEdgeStore over MemoryEdgeStore', async () => {
  let now = 1_700_000_000_000;
  const inner = new MemoryEdgeStore({ clock: () => now });
  return {
    // 'closed', so a failure the contract expects (increment over text) still rejects.
    store: new ResilientEdgeStore(inner, { onFailure: 'closed' }),
    clock: { advance: (ms) => void (now += ms) },
    close: async () => undefined,
  };
});

describe('ResilientEdgeStore', () => {
  /** Redis on a closed port with the offline queue on: every command waits, none fails soon. */
  let dead: Redis;
  /** A real Redis, for real Redis errors. */
  let live: Redis;
  const prefix = `edge-test:${randomUUID()}:resilient:`;

  beforeAll(async () => {
    dead = new Redis({
      host: '127.0.0.1',
      port: await closedPort(),
      enableOfflineQueue: true,
      // Only so afterAll need not wait ioredis's default 2 s before it drops the half-open socket.
      disconnectTimeout: 50,
    });
    // The endless reconnect attempts are expected; without a listener ioredis reports them loudly.
    dead.on('error', () => undefined);
    live = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    await live.ping();
  });

  afterAll(async () => {
    // Stops reconnecting. Commands still queued may never settle: the wrapper answered long ago.
    dead.disconnect();
    await live.del(`${prefix}rl:text`);
    await live.quit();
  });

  describe("onFailure: 'open' with Redis unreachable", () => {
    it('answers every operation permissively within the timeout', async () => {
      const logger = captureLogger();
      const store = new ResilientEdgeStore(new RedisEdgeStore(dead), { onFailure: 'open', timeoutMs: 100, logger });

      const results = await Promise.all([
        settled(store.increment('rl:key_live_SECRET:60s', 60_000)),
        settled(store.setIfAbsent('nonce:SECRET_NONCE', 'SECRET_VALUE', 1_000)),
        settled(store.get('idem:SECRET_IDEM')),
        settled(store.set('idem:SECRET_IDEM', 'SECRET_VALUE', 1_000)),
        settled(store.delete('idem:SECRET_IDEM')),
      ]);
      expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(results.map((r) => r.value)).toEqual([{ count: 0, ttlMs: 60_000 }, true, undefined, undefined, undefined]);

      // One warning for the burst (the others are counted into the next one), naming the
      // operation, the namespace and the cause, and nothing after the namespace.
      expect(logger.messages).toEqual([
        'Edge store increment on "rl:…" failed (TimeoutError: Edge store call timed out after 100 ms); failing open.',
      ]);
    });

    it('answers permissively on a Redis error too', async () => {
      const logger = captureLogger();
      const inner = new RedisEdgeStore(live, { prefix });
      const store = new ResilientEdgeStore(inner, { onFailure: 'open', logger });
      await inner.set('rl:text', 'not a number', 10_000);
      expect(await store.increment('rl:text', 10_000)).toEqual({ count: 0, ttlMs: 10_000 });
      expect(logger.messages).toHaveLength(1);
      expect(logger.messages[0]).toMatch(/^Edge store increment on "rl:…" failed \(ReplyError: ERR .*not an integer.*\); failing open\.$/);
    });
  });

  describe("onFailure: 'closed'", () => {
    it('rejects every operation with the catalogued 503 within the timeout when Redis is unreachable', async () => {
      const store = new ResilientEdgeStore(new RedisEdgeStore(dead), { onFailure: 'closed', timeoutMs: 100 });
      const results = await Promise.all([
        settled(store.increment('rl:k', 60_000)),
        settled(store.setIfAbsent('nonce:n', 'v', 1_000)),
        settled(store.get('idem:i')),
        settled(store.set('idem:i', 'v', 1_000)),
        settled(store.delete('idem:i')),
      ]);
      for (const { error } of results) {
        expect(error).toBeInstanceOf(ApiError);
        const apiError = error as ApiError;
        expect(apiError.key).toBe('store_unavailable');
        expect(apiError.getStatus()).toBe(503);
        expect(apiError.cause).toBeInstanceOf(Error);
        // The timeout answered, not the (never-coming) Redis reply: no elapsed-time assertion needed.
        expect((apiError.cause as Error).name).toBe('TimeoutError');
        expect((apiError.cause as Error).message).toBe('Edge store call timed out after 100 ms');
      }
    });

    it('rejects with the 503 on a Redis error, keeping the error as cause', async () => {
      const inner = new RedisEdgeStore(live, { prefix });
      const store = new ResilientEdgeStore(inner, { onFailure: 'closed' });
      await inner.set('rl:text', 'not a number', 10_000);
      const { error } = await settled(store.increment('rl:text', 10_000));
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).getStatus()).toBe(503);
      expect(((error as ApiError).cause as Error).name).toBe('ReplyError');
    });
  });

  it('rethrows caller errors (RangeError) under both policies instead of treating them as outages', async () => {
    for (const onFailure of ['open', 'closed'] as const) {
      const store = new ResilientEdgeStore(new MemoryEdgeStore(), { onFailure, logger: captureLogger() });
      await expect(store.increment('rl:k', 0)).rejects.toThrow(RangeError);
    }
  });

  it('rethrows a full store (EdgeStoreCapacityError) under both policies instead of failing open past it', async () => {
    for (const onFailure of ['open', 'closed'] as const) {
      const logger = captureLogger();
      const inner = new MemoryEdgeStore({ maxRecords: 1 });
      const store = new ResilientEdgeStore(inner, { onFailure, logger });
      expect(await store.setIfAbsent('sig:k:n:1', '1', 60_000)).toBe(true);
      await expect(store.setIfAbsent('sig:k:n:2', '1', 60_000)).rejects.toThrow(EdgeStoreCapacityError);
      await expect(store.set('idem:x', 'v', 60_000)).rejects.toThrow(EdgeStoreCapacityError);
      expect(logger.messages).toEqual([]);
    }
  });

  it('passes kinds and the fencing calls through, and answers them permissively when open', async () => {
    const inner = new MemoryEdgeStore({ maxEntries: 1, maxRecords: 1 });
    const store = new ResilientEdgeStore(inner, { onFailure: 'closed' });
    await store.increment('q:k', 60_000, 1, { kind: 'record' });
    expect(inner.recordCount).toBe(1);
    await store.set('rl:k', 'v', 60_000, { kind: 'counter' });
    expect(inner.counterCount).toBe(1);
    expect(await store.compareAndSet('rl:k', 'v', 'w', 60_000)).toBe(true);
    expect(await store.renew('rl:k', 'w', 60_000)).toBe(true);
    expect(await store.compareAndDelete('rl:k', 'x')).toBe(false);
    expect(await store.compareAndDelete('rl:k', 'w')).toBe(true);

    const logger = captureLogger();
    const open = new ResilientEdgeStore(new RedisEdgeStore(dead), { onFailure: 'open', timeoutMs: 50, logger });
    const results = await Promise.all([
      open.compareAndSet('idem:i', 'a', 'b', 1_000),
      open.renew('idem:i', 'a', 1_000),
      open.compareAndDelete('idem:i', 'a'),
    ]);
    expect(results).toEqual([true, true, true]);
    expect(logger.messages).toEqual([
      'Edge store compareAndSet on "idem:…" failed (TimeoutError: Edge store call timed out after 50 ms); failing open.',
    ]);
    const closed = new ResilientEdgeStore(new RedisEdgeStore(dead), { onFailure: 'closed', timeoutMs: 50 });
    const error = await closed.renew('idem:i', 'a', 1_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).key).toBe('store_unavailable');
  });

  it('sends a batch as one call under one timeout: every operation passes when open, the 503 when closed', async () => {
    const operations = [
      { type: 'unblocked', key: 'bf-block:ip', now: 1 },
      { type: 'setIfAbsent', key: 'sig:k:n', value: '1', ttlMs: 1_000 },
      { type: 'increment', key: 'rl:second:k', ttlMs: 1_000, limit: 0 },
    ] as const;
    const logger = captureLogger();
    const open = new ResilientEdgeStore(new RedisEdgeStore(dead), { onFailure: 'open', timeoutMs: 50, logger });
    expect(await open.batch([...operations])).toEqual([
      { passed: true, count: 0, ttlMs: 0, value: undefined },
      { passed: true, count: 0, ttlMs: 0, value: undefined },
      { passed: true, count: 0, ttlMs: 1_000, value: undefined },
    ]);
    expect(logger.messages).toEqual(['Edge store batch on "bf-block:…" failed (TimeoutError: Edge store call timed out after 50 ms); failing open.']);
    const closed = new ResilientEdgeStore(new RedisEdgeStore(dead), { onFailure: 'closed', timeoutMs: 50 });
    const error = await closed.batch([...operations]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).key).toBe('store_unavailable');

    // Over a store without batch of its own: one call per operation, the same answers.
    const memory = new ResilientEdgeStore(new MemoryEdgeStore(), { onFailure: 'closed' });
    const results = await memory.batch([...operations]);
    expect(results.map((r) => r.passed)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ count: 1, ttlMs: 1_000 });
  });

  it('leaves no timer behind once calls settle', async () => {
    const store = new ResilientEdgeStore(new MemoryEdgeStore(), { onFailure: 'closed', timeoutMs: 60_000 });
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => store.increment(`rl:${i}`, 1_000)));
    expect(timers()).toBe(before);
  });

  it('refuses a missing policy or a bad timeout at construction', () => {
    const inner = new MemoryEdgeStore();
    expect(() => new ResilientEdgeStore(inner, {} as never)).toThrow(OptionsConfigurationError);
    expect(() => new ResilientEdgeStore(inner, {} as never)).toThrow(/Cannot create ResilientEdgeStore because onFailure is undefined/);
    expect(() => new ResilientEdgeStore(inner, { onFailure: 'open', timeoutMs: 0 })).toThrow(OptionsConfigurationError);
  });
});
