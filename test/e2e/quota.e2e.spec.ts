import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import {
  mintApiKey,
  OptionsConfigurationError,
  Quota,
  type AccountPlan,
  type ApiKeyRecord,
  type ApiKeyStore,
  type PlanProvider,
} from '../../lib/index.js';
import { RedisEdgeStore } from '../../lib/stores/redis-edge.store.js';
import { createEdgeApp, type EdgeApp, startupError } from '../support/edge-app.js';
import { RouteConfigurationError } from '../../lib/index.js';
import { connectRedis } from '../support/redis.js';

const JSON_TYPE = 'application/json; charset=utf-8';

const records = new Map<string, ApiKeyRecord>();
const keyStore: ApiKeyStore = { findByHash: (hash) => records.get(hash) ?? null };
function addKey(record: Omit<ApiKeyRecord, 'hash'>): string {
  const { key, hash } = mintApiKey({ prefix: 'sk_' });
  records.set(hash, { scopes: ['*'], kind: 'personal', ...record, hash });
  return key;
}

const plans: Record<string, AccountPlan> = {
  acc_a: { active: true },
  acc_b: { active: true },
  acc_big: { active: true, quotas: { monthly_api_request: 5 } },
  acc_unlimited: { active: true, quotas: { monthly_api_request: null } },
};
const provider: PlanProvider = { plan: ({ principal }) => plans[principal.accountId] as AccountPlan };

const keyA = addKey({ id: 'key_a', accountId: 'acc_a' });
const keyA2 = addKey({ id: 'key_a2', accountId: 'acc_a' });
const keyB = addKey({ id: 'key_b', accountId: 'acc_b' });
const keyBig = addKey({ id: 'key_big', accountId: 'acc_big' });
const keyUnlimited = addKey({ id: 'key_unlimited', accountId: 'acc_unlimited' });

@Controller()
class QuotaController {
  @Get('lines') lines() {
    return { lines: [] };
  }
}

// Mounted only where a `sandbox` quota is configured: elsewhere the route table refuses the start.
@Controller()
class SandboxController {
  @Post('sandbox/messages') @Quota('sandbox') sandbox() {
    return { sent: true };
  }
}

/** A clock the tests move by hand. */
const clock = { now: 0, read: () => clock.now };

describe('monthly API request quota, seed 000 style (memory store; nested envelope)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [QuotaController],
      options: {
        envelope: 'nested',
        clock: clock.read,
        catalogue: {
          entries: {
            // Found by convention: <quota name>_quota_exceeded.
            monthly_api_request_quota_exceeded: {
              code: 'MONTHLY_API_REQUEST_QUOTA_EXCEEDED',
              status: 429,
              type: 'rate_limit_error',
              message: 'Monthly API request quota exhausted',
              retryable: true,
            },
          },
        },
        apiKeys: { store: keyStore },
        plans: { provider, quotas: { monthly_api_request: { period: 'month', limit: 3 } } },
      },
    });
  });
  afterAll(() => edge.close());

  const exceeded = (res: request.Response, retryAfter: string) => {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.headers['retry-after']).toBe(retryAfter);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ error: { code: 'MONTHLY_API_REQUEST_QUOTA_EXCEEDED', message: 'Monthly API request quota exhausted', details: [] } });
  };
  const get = (key: string) => request(edge.server).get('/lines').set('x-api-key', key);

  it('counts every route per account, refuses the 4th request, and resets on the 1st at 00:00 UTC', async () => {
    clock.now = Date.UTC(2026, 0, 31, 23, 59, 58); // 2 s before February
    expect((await get(keyA)).status).toBe(200);
    expect((await get(keyA2)).status).toBe(200); // another key of the same account shares the quota
    expect((await get(keyA)).status).toBe(200);
    exceeded(await get(keyA), '2');
    exceeded(await get(keyA2), '2');
    // Another account has its own counter.
    expect((await get(keyB)).status).toBe(200);

    clock.now = Date.UTC(2026, 0, 31, 23, 59, 59, 999);
    exceeded(await get(keyA), '1');

    clock.now = Date.UTC(2026, 1, 1, 0, 0, 0); // February: a new period
    const res = await get(keyA);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ lines: [] });
  });

  it('Retry-After counts the seconds to the next month, across the year boundary', async () => {
    clock.now = Date.UTC(2026, 1, 15, 12, 0, 0);
    for (let i = 0; i < 3; i++) expect((await get(keyB)).status).toBe(200);
    exceeded(await get(keyB), String(13.5 * 86_400)); // to 1 March 00:00 UTC

    clock.now = Date.UTC(2026, 11, 31, 23, 0, 0);
    for (let i = 0; i < 3; i++) expect((await get(keyB)).status).toBe(200);
    exceeded(await get(keyB), '3600');
    clock.now = Date.UTC(2027, 0, 1, 0, 0, 0);
    expect((await get(keyB)).status).toBe(200);
  });

  it('the plan overrides the limit, or lifts it', async () => {
    clock.now = Date.UTC(2026, 5, 10);
    for (let i = 0; i < 5; i++) expect((await get(keyBig)).status).toBe(200);
    exceeded(await get(keyBig), String(21 * 86_400)); // 10 June 00:00 → 1 July 00:00
  });

  it('an unlimited plan is never refused', async () => {
    clock.now = Date.UTC(2026, 5, 10);
    for (let i = 0; i < 10; i++) expect((await get(keyUnlimited)).status).toBe(200);
  });
});


describe('daily sandbox quota, seed 004 style (Redis store; typed envelope)', () => {
  const prefix = `test:quota:${randomUUID()}:`;
  let client: Redis;
  let edge: EdgeApp;
  beforeAll(async () => {
    client = await connectRedis();
    edge = await createEdgeApp({
      controllers: [QuotaController, SandboxController],
      options: {
        envelope: 'typed',
        clock: clock.read,
        store: new RedisEdgeStore(client, { prefix }),
        catalogue: {
          entries: {
            sandbox_quota_exceeded: {
              status: 429,
              type: 'rate_limit_error',
              message: 'Daily sandbox limit of 2 messages reached. Resets at midnight UTC',
              retryable: true,
            },
          },
        },
        apiKeys: { store: keyStore },
        plans: { provider, quotas: { sandbox: { period: 'day', limit: 2, routes: 'marked', per: 'key' } } },
      },
    });
  });
  afterAll(async () => {
    await edge.close();
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  });

  const send = (key: string) => request(edge.server).post('/sandbox/messages').set('x-api-key', key);

  it('counts only marked routes, per key, and resets at midnight UTC', async () => {
    clock.now = Date.UTC(2026, 2, 10, 23, 59, 59, 500);
    expect((await send(keyA)).status).toBe(201);
    expect((await request(edge.server).get('/lines').set('x-api-key', keyA)).status).toBe(200); // not marked
    expect((await send(keyA)).status).toBe(201);
    const res = await send(keyA);
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.headers['retry-after']).toBe('1'); // 0.5 s, rounded up
    expect(res.body).toEqual({
      type: 'rate_limit_error',
      code: 'sandbox_quota_exceeded',
      message: 'Daily sandbox limit of 2 messages reached. Resets at midnight UTC',
      param: null,
      request_id: res.headers['x-request-id'],
    });
    // per: 'key' — the account's other key has its own counter
    expect((await send(keyA2)).status).toBe(201);
    expect(await client.get(`${prefix}q:sandbox:k:key_a:2026-03-10`)).toBe('3');

    clock.now = Date.UTC(2026, 2, 11, 0, 0, 0); // midnight UTC
    const next = await send(keyA);
    expect(next.status).toBe(201);
    expect(next.body).toEqual({ sent: true });
  });
});

describe('quota options fail the start with a fix', () => {
  it.each([
    [{ 'bad name': { period: 'day' } }, /^Cannot use quota name "bad name" because/],
    [{ api: { period: 'week' } }, /^Cannot use plans.quotas.api.period "week" because only calendar periods in UTC are supported\. Fix: /],
    [{ api: { period: 'day', limit: -1 } }, /^Cannot use plans.quotas.api.limit -1 because it is not an integer >= 0\. Fix: /],
    [{ api: { period: 'day', routes: 'some' } }, /^Cannot use plans.quotas.api.routes "some" because it is not a route rule\. Fix: /],
    [{ api: { period: 'day', per: 'ip' } }, /^Cannot use plans.quotas.api.per "ip" because it is not a subject quotas count by\. Fix: /],
    [{ api: { period: 'day', error: 'nope' } }, /^Cannot use plans.quotas.api.error "nope" because the catalogue has no such key\. Fix: /],
  ])('refuses %j', async (quotas, message) => {
    const error = await startupError(() => createEdgeApp({ options: { plans: { provider, quotas: quotas as never } }, controllers: [QuotaController] }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('a @Quota naming an unknown quota fails the start, naming the route and the fix', async () => {
    const error = await startupError(() =>
      createEdgeApp({ controllers: [QuotaController, SandboxController], options: { apiKeys: { store: keyStore }, plans: { provider } } }),
    );
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toBe(
      "[SandboxController.sandbox] Cannot count @Quota('sandbox') because plans.quotas has no quota of that name. Fix: configure plans.quotas.sandbox, or correct the name.",
    );
  });
});
