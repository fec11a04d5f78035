import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { RedisEdgeStore, ResilientEdgeStore, type EdgeStore, type EdgeStoreOperation } from '../lib/index.js';

/**
 * The CPU cost of the module's one Redis round trip, without HTTP:
 * `node dist/bench/redis-command-loop.js <get|store|resilient> [N]`, run by
 * `bash bench/redis-command-instructions.sh` under callgrind (instrumentation on only around the
 * N measured calls, four in flight, after 5,000 warm-up calls).
 *
 * - `get`: one ioredis `GET`, the floor of any command of this client;
 * - `store`: `RedisEdgeStore.batch` of a signed, rate-limited request's operations (brute-force
 *   block, nonce, two windows): one `EVALSHA` of the batch script;
 * - `resilient`: the same through `ResilientEdgeStore`, as the bench's module variant runs it
 *   (its timer per call included; the timeout is 10 s here, not the bench's 200 ms, because the
 *   first calls under valgrind take longer and a 503 would end the loop).
 */
async function main(): Promise<void> {
  const [mode = 'store', count = '2000'] = process.argv.slice(2);
  const n = Number(count);
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: 1,
    enableAutoPipelining: process.env.BENCH_REDIS_PIPELINE !== '0',
  });
  const prefix = `bench:loop:${process.pid}:`;
  const redisStore = new RedisEdgeStore(client, { prefix });
  const store: EdgeStore = mode === 'resilient' ? new ResilientEdgeStore(redisStore, { timeoutMs: 10_000, onFailure: 'closed' }) : redisStore;
  let sequence = 0;
  const one = async (): Promise<unknown> => {
    const nonce = `n${sequence++}`;
    if (mode === 'get') return client.get(`${prefix}sig:key_1:${nonce}`);
    const operations: EdgeStoreOperation[] = [
      { type: 'unblocked', key: 'bf:block:api_key:key_1', now: Date.now() },
      { type: 'setIfAbsent', key: `sig:key_1:n:${nonce}`, value: '1', ttlMs: 60_000 },
      { type: 'increment', key: 'rl:second:api_key:key_1', ttlMs: 1000, limit: 1_000_000_000 },
      { type: 'increment', key: 'rl:hour:api_key:key_1', ttlMs: 3_600_000, limit: 1_000_000_000 },
    ];
    return (store.batch as NonNullable<EdgeStore['batch']>).call(store, operations);
  };
  const run = async (calls: number): Promise<void> => {
    for (let i = 0; i < calls; i += 4) await Promise.all([one(), one(), one(), one()]);
  };
  await run(5000);
  const callgrind = (state: 'on' | 'off'): void => {
    if (process.env.CALLGRIND === '1') execFileSync('callgrind_control', ['-i', state, String(process.pid)], { stdio: 'ignore' });
  };
  callgrind('on');
  await run(n);
  callgrind('off');
  await client.quit();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
