import { OptionsConfigurationError } from '../errors/configuration.error.js';
import { EdgeStoreCapacityError } from './edge-store-capacity.error.js';
import type { EdgeStore, EdgeStoreKind, EdgeStoreWriteOptions, StoreCounter } from './edge-store.js';
import type { EdgeStoreOperation, EdgeStoreOperationResult } from './edge-store-operations.js';
import type { RedisEdgeClient } from './redis-edge-client.js';
import { runStoreOperations } from './run-store-operations.js';
import { BATCH, batchResults, COMPARE_AND_DELETE, COMPARE_AND_SET, INCREMENT, RENEW, type BatchReply, type Script } from './redis-scripts.js';
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
  /** An ioredis `Cluster`: {@link batch} runs one call per operation (one script cannot span slots). */
  private readonly cluster: boolean;

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
    this.cluster = client.isCluster === true;
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

  /**
   * @inheritDoc
   * One BATCH script on a single Redis; on a Cluster, one call per operation.
   */
  async batch(operations: readonly EdgeStoreOperation[]): Promise<EdgeStoreOperationResult[]> {
    if (operations.length === 0) return [];
    if (this.cluster) return runStoreOperations(this, operations);
    const keys: string[] = [];
    const values: string[] = [];
    let list = '';
    let kind: EdgeStoreKind = 'counter';
    for (const operation of operations) {
      keys.push(this.prefix + operation.key);
      let item: string;
      if (operation.type === 'unblocked') {
        item = `u:${operation.now}`;
      } else if (operation.type === 'setIfAbsent') {
        item = `s:${checkTtl(operation.ttlMs)}`;
        values.push(operation.value);
        kind = 'record';
      } else {
        const exceed = operation.onExceed;
        item = `i:${checkTtl(operation.ttlMs)}:${operation.limit ?? -1}`;
        if (exceed !== undefined) {
          item += `:${checkTtl(exceed.ttlMs)}`;
          keys.push(this.prefix + exceed.key);
          values.push(exceed.value);
          kind = 'record';
        }
      }
      list = list === '' ? item : `${list};${item}`;
    }
    return batchResults((await this.evaluate(BATCH, kind, keys.length, ...keys, list, ...values)) as BatchReply);
  }

  /** Runs a one-key script by its SHA (see {@link evaluate}). */
  private run(code: Script, key: string, kind: EdgeStoreKind, ...args: Array<string | number>): Promise<unknown> {
    return this.evaluate(code, kind, 1, this.prefix + key, ...args);
  }

  /** Runs a script by its SHA, re-sending the source once if Redis lost its script cache. */
  private async evaluate(code: Script, kind: EdgeStoreKind, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown> {
    try {
      try {
        return await this.client.evalsha(code.sha, numKeys, ...keysAndArgs);
      } catch (error) {
        // The script cache is empty after a Redis restart or failover (on a Cluster, per node):
        // EVAL runs and re-caches it.
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await this.client.eval(code.source, numKeys, ...keysAndArgs);
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
