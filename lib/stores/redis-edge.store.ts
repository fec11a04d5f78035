import { createHash } from 'node:crypto';
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import { EdgeStoreCapacityError } from './edge-store-capacity.error.js';
import type { EdgeStore, EdgeStoreKind, EdgeStoreWriteOptions, StoreCounter } from './edge-store.js';
import type { RedisEdgeClient } from './redis-edge-client.js';
import { checkBy, checkKind, checkTtl } from './store-arguments.js';

/** Options of {@link RedisEdgeStore}. */
export interface RedisEdgeStoreOptions {
  /**
   * Prepended to every key (default `'edge:'`), so the module's keys never collide with the app's
   * own data in a shared Redis. Applied in addition to the client's own `keyPrefix`, if any. On a
   * Cluster, keep hash tags (`{…}`) out of it: a tag in the prefix would put every key on one node.
   */
  readonly prefix?: string;
}

/** A Lua script and its SHA-1, for EVALSHA with an EVAL fallback. */
interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

// Every script touches exactly one key (KEYS[1]), so on a Redis Cluster each runs whole on the
// node that owns that key's slot: no CROSSSLOT error is possible, and ioredis follows MOVED/ASK.

/**
 * INCRBY, then set the expiry only if the key has none: a new key (or one that expired) starts a
 * fresh window; an existing one keeps its expiry (fixed window). PTTL < 0 also repairs a key that
 * somehow lost its expiry, so no counter can live forever. One script = one atomic step in Redis.
 */
const INCREMENT = script(`
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`);

/** Replace value and expiry only while the key holds the expected value (GET is nil when absent). */
const COMPARE_AND_SET = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
`);

/** A fresh expiry only while the key holds the expected value. */
const RENEW = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** Delete only while the key holds the expected value. */
const COMPARE_AND_DELETE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

/**
 * The Redis {@link EdgeStore}, for APIs that run on several instances: every instance sees the same
 * counters, nonces and idempotency records. Every operation is one atomic Redis command or one Lua
 * script on one key (EVALSHA, with EVAL after a script-cache flush), so it works the same on a
 * single Redis and on a Redis Cluster (pass an ioredis `Cluster`).
 *
 * Kinds ({@link EdgeStoreKind}) need no separate space here: run Redis with
 * `maxmemory-policy noeviction`, so Redis never evicts a live key of any kind. At `maxmemory` Redis
 * then refuses writes with an `OOM` reply, which this store turns into an
 * {@link EdgeStoreCapacityError} (the retryable 503), exactly as a full memory store does. Any
 * evicting policy (`allkeys-*`, `volatile-*`: every key here has a TTL) could drop a nonce or an
 * idempotency record and let a replay or a duplicate through.
 *
 * Pass a client you configured yourself. So that a Redis outage cannot hold requests, set
 * `maxRetriesPerRequest` low (e.g. 1) and decide on `enableOfflineQueue` (while disconnected,
 * ioredis queues commands by default instead of failing them), and wrap the store in a
 * {@link ResilientEdgeStore}, which bounds every call with a timeout and applies an explicit
 * fail-open or fail-closed policy.
 *
 * @example
 * ```ts
 * import { Cluster, Redis } from 'ioredis';
 * const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
 * // or: new Cluster([{ host: '10.0.0.1', port: 6379 }], { redisOptions: { maxRetriesPerRequest: 1 } })
 * const store = new ResilientEdgeStore(new RedisEdgeStore(redis, { prefix: 'myapi:edge:' }), {
 *   onFailure: 'open',
 * });
 * ```
 */
export class RedisEdgeStore implements EdgeStore {
  private readonly prefix: string;

  /**
   * @param client an ioredis `Redis` or `Cluster` (or anything shaped like {@link RedisEdgeClient});
   * the store neither connects nor quits it (you own its life).
   */
  constructor(
    private readonly client: RedisEdgeClient,
    options: RedisEdgeStoreOptions = {},
  ) {
    // Catches `undefined` from a failed optional import or DI, with a message instead of a crash
    // on the first request.
    const candidate = client as Partial<RedisEdgeClient> | undefined;
    if (typeof candidate?.evalsha !== 'function' || typeof candidate.eval !== 'function' || typeof candidate.set !== 'function') {
      throw new OptionsConfigurationError(
        "Cannot create RedisEdgeStore because the client is not an ioredis client. Fix: pass `new Redis(url)` or `new Cluster(nodes)` from 'ioredis'.",
      );
    }
    this.prefix = options.prefix ?? 'edge:';
  }

  /** @inheritDoc */
  async increment(key: string, ttlMs: number, by = 1, options?: EdgeStoreWriteOptions): Promise<StoreCounter> {
    const ttl = checkTtl(ttlMs);
    checkBy(by);
    const kind = checkKind(options, 'counter');
    // The script always returns a two-integer array.
    const [count, ttlLeft] = (await this.run(INCREMENT, key, kind, ttl, by)) as [number, number];
    return { count, ttlMs: ttlLeft };
  }

  /** @inheritDoc */
  async setIfAbsent(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const kind = checkKind(options, 'record');
    try {
      return (await this.client.set(this.prefix + key, value, 'PX', ttl, 'NX')) === 'OK';
    } catch (error) {
      throw refusal(error, kind);
    }
  }

  /** @inheritDoc */
  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  /** @inheritDoc */
  async set(key: string, value: string, ttlMs: number, options?: EdgeStoreWriteOptions): Promise<void> {
    const ttl = checkTtl(ttlMs);
    const kind = checkKind(options, 'record');
    try {
      await this.client.set(this.prefix + key, value, 'PX', ttl);
    } catch (error) {
      throw refusal(error, kind);
    }
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  /** @inheritDoc */
  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    return (await this.run(COMPARE_AND_SET, key, 'record', expected, next, ttl)) === 1;
  }

  /** @inheritDoc */
  async renew(key: string, expected: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    return (await this.run(RENEW, key, 'record', expected, ttl)) === 1;
  }

  /** @inheritDoc */
  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    return (await this.run(COMPARE_AND_DELETE, key, 'record', expected)) === 1;
  }

  /** Runs a one-key script by its SHA, re-sending the source once if Redis lost its script cache. */
  private async run(code: Script, key: string, kind: EdgeStoreKind, ...args: Array<string | number>): Promise<unknown> {
    const fullKey = this.prefix + key;
    try {
      try {
        return await this.client.evalsha(code.sha, 1, fullKey, ...args);
      } catch (error) {
        // The script cache is empty after a Redis restart or failover (on a Cluster, per node):
        // EVAL runs and re-caches it.
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await this.client.eval(code.source, 1, fullKey, ...args);
      }
    } catch (error) {
      throw refusal(error, kind);
    }
  }
}

/**
 * Redis at `maxmemory` under `noeviction` answers writes with `OOM …` (also from inside a script):
 * that is a full store, not a broken one, so it becomes the typed capacity error.
 */
function refusal(error: unknown, kind: EdgeStoreKind): unknown {
  return error instanceof Error && error.message.startsWith('OOM') ? new EdgeStoreCapacityError(kind, undefined, error) : error;
}
