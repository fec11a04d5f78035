import { createHash } from 'node:crypto';
// Types only: ioredis is an optional peer dependency, so nothing from it may load at runtime.
import type { Redis } from 'ioredis';
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import type { EdgeStore, StoreCounter } from './edge-store.js';

/** Options of {@link RedisEdgeStore}. */
export interface RedisEdgeStoreOptions {
  /**
   * Prepended to every key (default `'edge:'`), so the module's keys never collide with the app's
   * own data in a shared Redis. Applied in addition to the client's own `keyPrefix`, if any.
   */
  readonly prefix?: string;
}

/**
 * INCRBY, then set the expiry only if the key has none: a new key (or one that expired) starts a
 * fresh window; an existing one keeps its expiry (fixed window). PTTL < 0 also repairs a key that
 * somehow lost its expiry, so no counter can live forever. One script = one atomic step in Redis.
 */
const INCREMENT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

const INCREMENT_SHA = createHash('sha1').update(INCREMENT_SCRIPT).digest('hex');

/**
 * The Redis {@link EdgeStore}, for APIs that run on several instances: every instance sees the same
 * counters, nonces and idempotency records. Every operation is one atomic Redis command (the
 * increment is a Lua script run by EVALSHA).
 *
 * Pass a client you configured yourself. So that a Redis outage cannot hold requests, set
 * `maxRetriesPerRequest` low (e.g. 1) and decide on `enableOfflineQueue` (while disconnected,
 * ioredis queues commands by default instead of failing them), and wrap the store in a
 * {@link ResilientEdgeStore}, which bounds every call with a timeout and applies an explicit
 * fail-open or fail-closed policy.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
 * const store = new ResilientEdgeStore(new RedisEdgeStore(redis, { prefix: 'myapi:edge:' }), {
 *   onFailure: 'open',
 * });
 * ```
 */
export class RedisEdgeStore implements EdgeStore {
  private readonly prefix: string;

  /**
   * @param client an ioredis client; the store neither connects nor quits it (you own its life).
   */
  constructor(
    private readonly client: Redis,
    options: RedisEdgeStoreOptions = {},
  ) {
    // Catches `undefined` from a failed optional import or DI, with a message instead of a crash
    // on the first request.
    if (typeof (client as Partial<Redis> | undefined)?.evalsha !== 'function') {
      throw new OptionsConfigurationError(
        "Cannot create RedisEdgeStore because the client is not an ioredis client. Fix: pass `new Redis(url)` from 'ioredis'.",
      );
    }
    this.prefix = options.prefix ?? 'edge:';
  }

  /** @inheritDoc */
  async increment(key: string, ttlMs: number, by = 1): Promise<StoreCounter> {
    const ttl = checkTtl(ttlMs);
    if (!Number.isSafeInteger(by)) {
      throw new RangeError(`Cannot increment a counter because by is ${String(by)}. Fix: pass an integer.`);
    }
    const fullKey = this.prefix + key;
    let reply: unknown;
    try {
      reply = await this.client.evalsha(INCREMENT_SHA, 1, fullKey, ttl, by);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover: EVAL runs and re-caches it.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      reply = await this.client.eval(INCREMENT_SCRIPT, 1, fullKey, ttl, by);
    }
    // The script always returns a two-integer array.
    const [count, ttlLeft] = reply as [number, number];
    return { count, ttlMs: ttlLeft };
  }

  /** @inheritDoc */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.client.set(this.prefix + key, value, 'PX', checkTtl(ttlMs), 'NX');
    return reply === 'OK';
  }

  /** @inheritDoc */
  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  /** @inheritDoc */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(this.prefix + key, value, 'PX', checkTtl(ttlMs));
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }
}

function checkTtl(ttlMs: number): number {
  // PX takes whole milliseconds; round up exactly as MemoryEdgeStore does so both report alike.
  const ttl = Math.ceil(ttlMs);
  if (!(ttl > 0) || !Number.isSafeInteger(ttl)) {
    throw new RangeError(`Cannot store a key because ttlMs is ${String(ttlMs)}. Fix: pass a positive number of milliseconds.`);
  }
  return ttl;
}
