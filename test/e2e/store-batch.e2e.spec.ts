import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Post } from '@nestjs/common';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { signRequest } from '../../lib/client/index.js';
import {
  MemoryEdgeStore,
  RedisEdgeStore,
  RequireScopes,
  RequireSignature,
  mintApiKey,
  type AccountPlan,
  type ApiKeyRecord,
  type EdgeStore,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';
import { connectRedis, deleteKeys } from '../support/redis.js';

// The checks of a signed, rate-limited, quota-counted request with the brute-force limiter on,
// answered the same on the memory store (each check calls it at once) and on Redis (the global
// guard batches every store operation of the request into one script). Exact answers on both.

const START = Date.UTC(2026, 0, 10, 12); // ms; the month's quota period ends 2026-02-01
const SECRET = 'whsec_batch_0123456789abcdef';
const PREFIX = `edge-test:${randomUUID()}:batch:`;

@Controller()
class SendController {
  @RequireSignature()
  @Post('send')
  @HttpCode(200)
  send() {
    return { sent: true };
  }

  @RequireSignature()
  @RequireScopes('admin')
  @Post('admin')
  @HttpCode(200)
  admin() {
    return { admin: true };
  }
}

interface Fixture {
  readonly edge: EdgeApp;
  readonly keys: Record<string, string>;
  now: number;
}

async function start(store: EdgeStore): Promise<Fixture> {
  const byHash = new Map<string, ApiKeyRecord>();
  const keys: Record<string, string> = {};
  for (const [id, accountId] of [['key_a', 'acc_a'], ['key_b', 'acc_b'], ['key_c', 'acc_c'], ['key_d', 'acc_d']] as const) {
    const { key, hash } = mintApiKey({ prefix: 'sk_test_' });
    byHash.set(hash, { id, accountId, hash, scopes: ['messages'], signingSecrets: [SECRET] });
    keys[id] = key;
  }
  const plans: Record<string, AccountPlan> = {
    acc_a: { active: true, quotas: { monthly_api_request: 100 } },
    acc_b: { active: true, quotas: { monthly_api_request: 1 } },
    acc_c: { active: true, quotas: { monthly_api_request: 100 } },
    acc_d: { active: true, quotas: { monthly_api_request: 100 } },
  };
  const fixture = { keys, now: START } as Fixture;
  const edge = await createEdgeApp({
    options: {
      store,
      clock: () => fixture.now,
      clientIp: { trustedProxies: 'loopback' },
      apiKeys: { store: { findByHash: (hash) => byHash.get(hash) ?? null }, sources: ['x-api-key'] },
      signature: { requireNonce: true },
      plans: { provider: { plan: ({ principal }) => plans[principal.accountId] as AccountPlan }, quotas: { monthly_api_request: { period: 'month' } } },
      rateLimit: {
        windows: [
          { name: 'second', ttl: 1_000, limit: 100 },
          // A block longer than the window: the refused hit writes a block marker.
          { name: 'minute', ttl: 60_000, limit: 3, blockDuration: 120_000 },
        ],
        bruteForce: { maxFailures: 2 },
      },
    },
    controllers: [SendController],
  });
  return Object.assign(fixture, { edge });
}

function signed(f: Fixture, path: string, keyId: string, nonce: string, ip = '198.51.100.1') {
  const body = '{"to":"+15550100"}';
  const headers = signRequest({ secret: SECRET, method: 'POST', path, body, timestamp: Math.floor(f.now / 1000), nonce: `batch-${nonce}` });
  let test = request(f.edge.server).post(path).set('x-api-key', f.keys[keyId] as string).set('x-forwarded-for', ip);
  for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
  return test.set('content-type', 'application/json').send(body);
}

const error = (code: string, message: string) => ({ error: { code, message, details: [] } });

describe.each(['memory', 'redis'] as const)('one request, every store-backed check (%s store)', (kind) => {
  let f: Fixture;
  let client: Redis | undefined;

  beforeAll(async () => {
    if (kind === 'redis') client = await connectRedis();
    const store = client === undefined ? new MemoryEdgeStore() : new RedisEdgeStore(client, { prefix: PREFIX });
    f = await start(store);
  });

  afterAll(async () => {
    await f?.edge.close();
    if (client !== undefined) {
      await deleteKeys(client, `${PREFIX}*`);
      await client.quit();
    }
  });

  it('admits signed requests with the rate-limit headers, then refuses the replayed nonce before counting it', async () => {
    const ok = await signed(f, '/send', 'key_a', 'nonce-1');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ sent: true });
    expect(ok.headers['ratelimit-policy']).toBe('"second";q=100;w=1, "minute";q=3;w=60');
    expect(ok.headers['ratelimit']).toBe('"second";r=99;t=1, "minute";r=2;t=60');

    const replay = await signed(f, '/send', 'key_a', 'nonce-1');
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(error('signature_replayed', 'This signed request was already received.'));
    // Refused at the nonce: neither window counted it.
    expect(replay.headers['ratelimit']).toBeUndefined();

    const next = await signed(f, '/send', 'key_a', 'nonce-2');
    expect(next.status).toBe(200);
    expect(next.headers['ratelimit']).toBe('"second";r=98;t=1, "minute";r=1;t=60');
  });

  it('refuses the hit over the minute window with its block, and keeps refusing until the block ends', async () => {
    expect((await signed(f, '/send', 'key_a', 'nonce-3')).status).toBe(200);
    const over = await signed(f, '/send', 'key_a', 'nonce-4');
    expect(over.status).toBe(429);
    expect(over.body).toEqual(error('rate_limited', 'Too many requests. Retry after the time given in Retry-After.'));
    expect(over.headers['retry-after']).toBe('120');
    expect(over.headers['ratelimit']).toBe('"second";r=96;t=1, "minute";r=0;t=120');

    f.now += 30_000;
    const blocked = await signed(f, '/send', 'key_a', 'nonce-5');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('90');
    expect(blocked.headers['ratelimit']).toBe('"second";r=95;t=1, "minute";r=0;t=90');
  });

  it('refuses a request over its monthly quota, with Retry-After until the month ends', async () => {
    expect((await signed(f, '/send', 'key_b', 'nonce-b1')).status).toBe(200);
    const over = await signed(f, '/send', 'key_b', 'nonce-b2');
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('quota_exceeded');
    const monthEnd = Date.UTC(2026, 1, 1);
    expect(over.headers['retry-after']).toBe(String(Math.ceil((monthEnd - f.now) / 1000)));
    // Refused by the quota, before the windows: they did not count it.
    expect(over.headers['ratelimit']).toBeUndefined();
  });

  it('stores the nonce of a request a later check refuses, so its replay is refused as a replay', async () => {
    const refused = await signed(f, '/admin', 'key_c', 'nonce-c1');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('insufficient_scope');
    // Scopes come before the windows: they never ran.
    expect(refused.headers['ratelimit']).toBeUndefined();
    const replay = await signed(f, '/admin', 'key_c', 'nonce-c1');
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('signature_replayed');
  });

  it('blocks an address after two failed authentications; then even a good key is refused, and nothing more is counted', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 2; i++) {
      const bad = await request(f.edge.server).post('/send').set('x-api-key', 'sk_test_wrong').set('x-forwarded-for', ip);
      expect(bad.status).toBe(401);
      expect(bad.body.error.code).toBe('invalid_api_key');
    }
    const good = await signed(f, '/send', 'key_d', 'nonce-d1', ip);
    expect(good.status).toBe(429);
    expect(good.body.error.code).toBe('too_many_attempts');
    expect(good.headers['retry-after']).toBe('900');
    const bad = await request(f.edge.server).post('/send').set('x-api-key', 'sk_test_wrong').set('x-forwarded-for', ip);
    expect(bad.status).toBe(429);
    expect(bad.body.error.code).toBe('too_many_attempts');
    // The refused good request used up neither its nonce nor its key's windows.
    const elsewhere = await signed(f, '/send', 'key_d', 'nonce-d1');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers['ratelimit']).toBe('"second";r=99;t=1, "minute";r=2;t=60');
  });
});

/** The commands Redis received while `run` ran, as MONITOR shows them (commands run by scripts left out). */
async function commandsDuring(client: Redis, run: () => Promise<unknown>): Promise<string[][]> {
  const watcher = await connectRedis();
  const monitor = await watcher.monitor();
  const seen: string[][] = [];
  const marker = `end-of-request-${randomUUID()}`;
  const done = new Promise<void>((resolve) => {
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) resolve();
      else if (!source.includes('lua') && args.some((arg) => arg.startsWith(PREFIX))) seen.push(args);
    });
  });
  try {
    await run();
    // MONITOR streams in order: once the marker arrives, every command of the request has.
    await client.echo(marker);
    await done;
  } finally {
    monitor.disconnect();
    watcher.disconnect();
  }
  return seen;
}

describe('one Redis round trip per request', () => {
  let f: Fixture;
  let client: Redis;

  beforeAll(async () => {
    client = await connectRedis();
    f = await start(new RedisEdgeStore(client, { prefix: PREFIX + 'trip:' }));
    // Loads the script into Redis' cache (the first call of a fresh Redis may need EVAL after EVALSHA).
    expect((await signed(f, '/send', 'key_a', 'warm-up')).status).toBe(200);
  });

  afterAll(async () => {
    await f?.edge.close();
    await deleteKeys(client, `${PREFIX}trip:*`);
    await client.quit();
  });

  it('sends the brute-force block, the nonce, the quota and both windows of a signed request in one script', async () => {
    const commands = await commandsDuring(client, async () => {
      const ok = await signed(f, '/send', 'key_a', 'one-trip');
      expect(ok.status).toBe(200);
      expect(ok.headers['ratelimit']).toBe('"second";r=98;t=1, "minute";r=1;t=60');
    });
    expect(commands).toHaveLength(1);
    const [command, , numKeys, ...rest] = commands[0] as string[];
    expect(command?.toLowerCase()).toBe('evalsha');
    const keys = rest.slice(0, Number(numKeys)).map((key) => key.slice(`${PREFIX}trip:`.length));
    expect(keys).toEqual([
      'bf-block:198.51.100.1',
      'sig:key_a:n:batch-one-trip',
      'q:monthly_api_request:a:acc_a:2026-01',
      'rl:second:api_key:key_a',
      'rlb:minute:api_key:key_a',
      'rl:minute:api_key:key_a',
      'rlb:minute:api_key:key_a',
    ]);
  });

  it('refuses a replay in the same single round trip, counting nothing after the nonce', async () => {
    const commands = await commandsDuring(client, async () => {
      const replay = await signed(f, '/send', 'key_a', 'one-trip');
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('signature_replayed');
    });
    expect(commands).toHaveLength(1);
    expect(await client.get(`${PREFIX}trip:rl:second:api_key:key_a`)).toBe('2');
  });
});
