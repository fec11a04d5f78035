import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import { signRequest } from '../lib/client/index.js';
import {
  ApiEdgeModule,
  hashApiKey,
  Idempotent,
  MemoryEdgeStore,
  RedisEdgeStore,
  RequireSignature,
  ResilientEdgeStore,
  type ApiKeyRecord,
} from '../lib/index.js';

/**
 * Soak: the full pipeline (API key + HMAC signature with nonce + global and per-key IP allowlist +
 * two rate-limit windows + idempotency on a quarter of the POSTs) under steady load for N minutes,
 * on the memory store and on Redis, with many distinct API keys and client IPs (X-Forwarded-For
 * behind a trusted loopback proxy). Every minute it prints the server's heap (after a GC), RSS,
 * event-loop delay and store size, so a leak or an unbounded store shows as a line that keeps
 * climbing.
 *
 *   npm run soak -- --minutes 3 --store memory     # or redis, or both (default); default 10 minutes
 *   npm run soak -- --store memory --rate 300      # a steady 300 req/s instead of as fast as it answers
 *
 * The server runs in a child process (this file with --serve), so the load generator's own work
 * does not show in the server's figures. Redis: REDIS_URL (default redis://127.0.0.1:6379), keys
 * under a per-run prefix, deleted at the end. The server logs only fatal errors: a 503 per line would
 * cost more than the request; the tally counts every status instead.
 */

const KEYS = 1_000;
const CONCURRENCY = 32;
const TOLERANCE_SECONDS = 60;
const RETENTION_MS = 5 * 60_000;
const secretOf = (i: number): string => `soak_signing_secret_${i}`;
const apiKeyOf = (i: number): string => `soak_key_${String(i).padStart(6, '0')}_abcdefghijklmnopqrstuvwxyz012345`;

type StoreName = 'memory' | 'redis';

/** What the server reports once a minute. */
interface ServerSample {
  readonly heapMb: number;
  readonly rssMb: number;
  readonly eldP50Ms: number;
  readonly eldP99Ms: number;
  readonly eldMaxMs: number;
  readonly storeKeys: number;
  readonly storeDetail: string;
}

// ---------------------------------------------------------------------------------------- server

@Controller('v1')
class SoakController {
  @RequireSignature()
  @Get('ping')
  ping() {
    return { ok: true };
  }

  @RequireSignature()
  @Idempotent()
  @Post('messages')
  send() {
    return { id: `msg_${randomUUID()}`, status: 'queued' };
  }
}

async function serve(storeName: StoreName): Promise<void> {
  const records = new Map<string, ApiKeyRecord>();
  for (let i = 0; i < KEYS; i++) {
    const hash = hashApiKey(apiKeyOf(i));
    records.set(hash, {
      id: `key_${i}`,
      hash,
      accountId: `acc_${i % 100}`,
      scopes: ['*'],
      allowedIps: ['10.0.0.0/8'],
      signingSecrets: [secretOf(i)],
      requireSignature: true,
    });
  }

  const prefix = `soak:${process.pid}:`;
  const redis = storeName === 'redis' ? new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 }) : undefined;
  // Sized for the run: nonces live TOLERANCE_SECONDS and idempotency records RETENTION_MS, so
  // the records live at once stay well under maxRecords at this load; counters are per key.
  const memory = new MemoryEdgeStore({ maxEntries: 100_000, maxRecords: 400_000 });
  const store = redis
    ? new ResilientEdgeStore(new RedisEdgeStore(redis, { prefix }), { onFailure: 'closed', timeoutMs: 200 })
    : memory;

  @Module({
    imports: [
      ApiEdgeModule.forRoot({
        envelope: 'nested',
        store,
        apiKeys: { store: { findByHash: (hash) => records.get(hash) ?? null } },
        clientIp: { trustedProxies: ['loopback'] },
        ipAllowlist: { allow: ['10.0.0.0/8'] },
        signature: { requireNonce: true, toleranceSeconds: TOLERANCE_SECONDS },
        rateLimit: {
          windows: [
            { name: 'second', ttl: 1_000, limit: 20 },
            { name: 'hour', ttl: 3_600_000, limit: 1_000_000 },
          ],
        },
        idempotency: { retentionMs: RETENTION_MS },
      }),
    ],
    controllers: [SoakController],
  })
  class SoakModule {}

  const app = await NestFactory.create<NestExpressApplication>(SoakModule, { logger: ['fatal'], rawBody: true });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = (globalThis as { gc?: () => void }).gc;

  const countRedisKeys = async (client: Redis): Promise<number> => {
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 10_000);
      n += keys.length;
      cursor = next;
    } while (cursor !== '0');
    return n;
  };

  process.on('message', (message: unknown) => {
    void (async () => {
      if (message === 'sample') {
        gc?.();
        const usage = process.memoryUsage();
        const storeKeys = redis ? await countRedisKeys(redis) : memory.size;
        const sample: ServerSample = {
          heapMb: usage.heapUsed / 1_048_576,
          rssMb: usage.rss / 1_048_576,
          eldP50Ms: delay.percentile(50) / 1e6,
          eldP99Ms: delay.percentile(99) / 1e6,
          eldMaxMs: delay.max / 1e6,
          storeKeys,
          storeDetail: redis ? 'Redis keys under the run prefix' : `counters ${memory.counterCount}, records ${memory.recordCount}`,
        };
        delay.reset();
        process.send?.({ sample });
      } else if (message === 'stop') {
        await app.close();
        if (redis) {
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 10_000);
            if (keys.length > 0) await redis.del(...keys);
            cursor = next;
          } while (cursor !== '0');
          await redis.quit();
        }
        process.exit(0);
      }
    })();
  });
  process.send?.({ port });
}

// ------------------------------------------------------------------------------------------ load

interface Tally {
  requests: number;
  byStatus: Map<number, number>;
  errors: number;
}

const newTally = (): Tally => ({ requests: 0, byStatus: new Map(), errors: 0 });

function send(agent: Agent, port: number, tally: Tally, n: number): Promise<void> {
  // A tenth of the traffic on one hot key, so the per-second window refuses some (429 path).
  const key = n % 10 === 0 ? 0 : 1 + (n % (KEYS - 1));
  const post = n % 2 === 0;
  const path = post ? '/v1/messages' : '/v1/ping';
  const body = post ? JSON.stringify({ to: `+1555${String(n % 10_000).padStart(4, '0')}`, text: 'soak' }) : undefined;
  const headers: Record<string, string> = {
    'x-api-key': apiKeyOf(key),
    // Many distinct clients: 10.x.y.z from a 16M-address range, behind the loopback proxy.
    'x-forwarded-for': `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`,
    ...signRequest({ secret: secretOf(key), method: post ? 'POST' : 'GET', path, body, nonce: randomUUID() }),
  };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
    // A quarter of the POSTs are idempotent; a few of those repeat an earlier key (replays).
    if (n % 8 === 0) headers['idempotency-key'] = `soak-${n % 64 === 0 ? n - 8 : n}`;
  }
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: post ? 'POST' : 'GET', headers, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        tally.requests++;
        tally.byStatus.set(res.statusCode ?? 0, (tally.byStatus.get(res.statusCode ?? 0) ?? 0) + 1);
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', () => {
      tally.errors++;
      resolve();
    });
    req.end(body);
  });
}

function line(storeName: StoreName, minute: number, tally: Tally, seconds: number, s: ServerSample): string {
  const count = (from: number, to: number): number => [...tally.byStatus].filter(([st]) => st >= from && st < to).reduce((a, [, c]) => a + c, 0);
  const other = [...tally.byStatus].filter(([st]) => st !== 200 && st !== 201 && st !== 429).map(([st, c]) => `${st}×${c}`);
  return (
    `${storeName.padEnd(6)} min ${String(minute).padStart(2)} | ${String(tally.requests).padStart(7)} req (${(tally.requests / seconds).toFixed(0)}/s) ` +
    `2xx ${count(200, 300)} 429 ${tally.byStatus.get(429) ?? 0}${other.length > 0 ? ` other ${other.join(' ')}` : ''} errors ${tally.errors} | ` +
    `heap ${s.heapMb.toFixed(1)} MB rss ${s.rssMb.toFixed(0)} MB | ` +
    `ELD p50 ${s.eldP50Ms.toFixed(1)} p99 ${s.eldP99Ms.toFixed(1)} max ${s.eldMaxMs.toFixed(0)} ms | ` +
    `store ${s.storeKeys} keys (${s.storeDetail})`
  );
}

async function soak(storeName: StoreName, minutes: number, intervalMs: number, rate: number): Promise<void> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', storeName], { execArgv: ['--expose-gc'] });
  const messages: Array<(m: { port?: number; sample?: ServerSample }) => void> = [];
  child.on('message', (m: { port?: number; sample?: ServerSample }) => messages.shift()?.(m));
  const next = (): Promise<{ port?: number; sample?: ServerSample }> => new Promise((resolve) => messages.push(resolve));
  const { port } = await next();
  if (port === undefined) throw new Error('Cannot soak because the server did not report its port.');

  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let tally = newTally();
  let n = 0;
  let running = true;
  const t0 = performance.now();
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (running) {
      const i = n++;
      // With --rate, request i is due at t0 + i/rate: a steady load whatever else the machine
      // runs, so the live records (nonces, idempotency records) reach a plateau after their
      // retention instead of following the throughput. Behind schedule, it sends at once.
      const wait = rate > 0 ? t0 + (i * 1000) / rate - performance.now() : 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await send(agent, port, tally, i);
    }
  });

  const pace = rate > 0 ? `steady ${rate} req/s` : 'as fast as it answers';
  console.log(`${storeName}: ${minutes} min, ${CONCURRENCY} concurrent, ${pace}, ${KEYS} API keys, node ${process.version}`);
  for (let minute = 1; minute <= minutes; minute++) {
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const done = tally;
    tally = newTally();
    const seconds = (performance.now() - started) / 1000;
    child.send('sample');
    const { sample } = await next();
    console.log(line(storeName, minute, done, seconds, sample as ServerSample));
  }
  running = false;
  await Promise.all(workers);
  agent.destroy();
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') return serve(args[1] as StoreName);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const minutes = Number(option('--minutes') ?? 10);
  if (!(minutes >= 1) || !Number.isInteger(minutes)) throw new Error(`Cannot soak because --minutes is ${option('--minutes')}. Fix: pass a whole number of minutes >= 1.`);
  // Seconds per reported interval (default 60): only to smoke-test the harness in seconds.
  const intervalMs = Number(option('--interval-seconds') ?? 60) * 1000;
  // Requests per second (default 0: as fast as the server answers).
  const rate = Number(option('--rate') ?? 0);
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new Error(`Cannot soak because --rate is ${option('--rate')}. Fix: pass requests per second (> 0), or leave it out for as fast as it answers.`);
  const which = option('--store') ?? 'both';
  const stores: StoreName[] = which === 'both' ? ['memory', 'redis'] : [which as StoreName];
  for (const store of stores) {
    if (store !== 'memory' && store !== 'redis') throw new Error(`Cannot soak because --store is ${which}. Fix: pass memory, redis or both.`);
    await soak(store, minutes, intervalMs, rate);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
