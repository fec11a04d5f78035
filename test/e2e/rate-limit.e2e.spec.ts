import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, UseGuards } from '@nestjs/common';
import request from 'supertest';
import {
  CurrentPrincipal,
  mintApiKey,
  OptionsConfigurationError,
  Public,
  RateLimitGuard,
  SkipRateLimit,
  SkipThrottle,
  Throttle,
  type ApiEdgeModuleOptions,
  type ApiKeyRecord,
  type Principal,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const RATE_LIMITED_MESSAGE = 'Too many requests. Retry after the time given in Retry-After.';
const START = Date.UTC(2026, 0, 1);

@Controller()
class RateLimitedController {
  @Public() @Get('public') anonymous() { return { ok: true }; }
  @Get('private') keyed(@CurrentPrincipal() principal: Principal) { return { key: principal.id }; }
  @Public() @SkipRateLimit() @Get('health') health() { return { ok: true }; }
  @Public() @SkipThrottle({ second: true }) @Get('hourly-only') hourlyOnly() { return { ok: true }; }
  @Public() @Throttle({ second: { limit: 1 } }) @Get('strict') strict() { return { ok: true }; }
}

/** An app whose clock the test moves, behind a trusted loopback proxy so X-Forwarded-For picks the client IP. */
async function startApp(options: ApiEdgeModuleOptions, clock: { now: number }): Promise<EdgeApp> {
  return createEdgeApp({
    options: { clientIp: { trustedProxies: 'loopback' }, clock: () => clock.now, ...options },
    controllers: [RateLimitedController],
  });
}

function keyStore(records: Array<Omit<ApiKeyRecord, 'hash'>>): { keys: string[]; store: { findByHash(hash: string): ApiKeyRecord | null } } {
  const byHash = new Map<string, ApiKeyRecord>();
  const keys = records.map((record) => {
    const { key, hash } = mintApiKey({ prefix: 'test_' });
    byHash.set(hash, { ...record, hash });
    return key;
  });
  return { keys, store: { findByHash: (hash) => byHash.get(hash) ?? null } };
}

describe('rate limits: several windows, headers, Retry-After (IP-tracked, nested envelope)', () => {
  const clock = { now: START };
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp(
      {
        envelope: 'nested',
        rateLimit: {
          windows: [
            { name: 'hour', ttl: 3_600_000, limit: 3 },
            { name: 'second', ttl: 1000, limit: 2 },
          ],
        },
      },
      clock,
    );
  });
  afterAll(() => edge.close());

  const get = (path: string, ip: string) => request(edge.server).get(path).set('X-Forwarded-For', ip);

  it('announces both windows on successes, refuses in the short window first, then in the long one', async () => {
    const first = await get('/public', '198.51.100.1');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true });
    expect(first.headers['ratelimit-policy']).toBe('"second";q=2;w=1, "hour";q=3;w=3600');
    expect(first.headers['ratelimit']).toBe('"second";r=1;t=1, "hour";r=2;t=3600');

    const second = await get('/public', '198.51.100.1');
    expect(second.status).toBe(200);
    expect(second.headers['ratelimit']).toBe('"second";r=0;t=1, "hour";r=1;t=3600');

    const refused = await get('/public', '198.51.100.1');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toBe(JSON_TYPE);
    expect(refused.headers['x-request-id']).toEqual(expect.any(String));
    expect(refused.headers['retry-after']).toBe('1');
    // The short window refused: the hour window was not counted, so it is not reported.
    expect(refused.headers['ratelimit-policy']).toBe('"second";q=2;w=1');
    expect(refused.headers['ratelimit']).toBe('"second";r=0;t=1');
    expect(refused.body).toEqual({ error: { code: 'rate_limited', message: RATE_LIMITED_MESSAGE, details: [] } });

    // Another client has its own budget.
    const other = await get('/public', '198.51.100.2');
    expect(other.status).toBe(200);
    expect(other.headers['ratelimit']).toBe('"second";r=1;t=1, "hour";r=2;t=3600');

    clock.now += 1000;
    const third = await get('/public', '198.51.100.1');
    expect(third.status).toBe(200);
    expect(third.headers['ratelimit']).toBe('"second";r=1;t=1, "hour";r=0;t=3599');

    clock.now += 1000;
    const hourly = await get('/public', '198.51.100.1');
    expect(hourly.status).toBe(429);
    expect(hourly.headers['retry-after']).toBe('3598');
    expect(hourly.headers['ratelimit-policy']).toBe('"second";q=2;w=1, "hour";q=3;w=3600');
    expect(hourly.headers['ratelimit']).toBe('"second";r=1;t=1, "hour";r=0;t=3598');
    expect(hourly.body).toEqual({ error: { code: 'rate_limited', message: RATE_LIMITED_MESSAGE, details: [] } });
  });

  it('skips every window on @SkipRateLimit() routes and one window with @SkipThrottle', async () => {
    for (let i = 0; i < 5; i++) {
      const health = await get('/health', '198.51.100.3');
      expect(health.status).toBe(200);
      expect(health.headers['ratelimit']).toBeUndefined();
      expect(health.headers['ratelimit-policy']).toBeUndefined();
    }
    const hourlyOnly = await get('/hourly-only', '198.51.100.3');
    expect(hourlyOnly.status).toBe(200);
    expect(hourlyOnly.headers['ratelimit-policy']).toBe('"hour";q=3;w=3600');
    expect(hourlyOnly.headers['ratelimit']).toBe('"hour";r=2;t=3600');
  });

  it('gives a route that overrides a window with @Throttle a budget of its own', async () => {
    const ip = '198.51.100.4';
    const strict = await get('/strict', ip);
    expect(strict.status).toBe(200);
    expect(strict.headers['ratelimit-policy']).toBe('"second";q=1;w=1, "hour";q=3;w=3600');
    expect(strict.headers['ratelimit']).toBe('"second";r=0;t=1, "hour";r=2;t=3600');

    const strictAgain = await get('/strict', ip);
    expect(strictAgain.status).toBe(429);
    expect(strictAgain.headers['retry-after']).toBe('1');
    expect(strictAgain.headers['ratelimit']).toBe('"second";r=0;t=1');
    expect(strictAgain.body).toEqual({ error: { code: 'rate_limited', message: RATE_LIMITED_MESSAGE, details: [] } });

    // The API-wide "second" budget of this client is untouched by the route's own budget.
    const elsewhere = await get('/public', ip);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers['ratelimit']).toBe('"second";r=1;t=1, "hour";r=1;t=3600');
  });
});

describe('rate limits: per API key, else per IP (typed envelope, renamed code)', () => {
  const clock = { now: START };
  const { keys, store } = keyStore([
    { id: 'key_a', accountId: 'acc_1', scopes: ['*'] },
    { id: 'key_b', accountId: 'acc_1', scopes: ['*'] },
  ]);
  const [keyA, keyB] = keys as [string, string];
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp(
      {
        envelope: 'typed',
        catalogue: { overrides: { rate_limited: { code: 'RATE_LIMIT_EXCEEDED', message: 'Per-key rate limit hit.' } } },
        apiKeys: { store },
        rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 2 }] },
      },
      clock,
    );
  });
  afterAll(() => edge.close());

  const get = (path: string, ip: string, key?: string) => {
    const req = request(edge.server).get(path).set('X-Forwarded-For', ip);
    return key === undefined ? req : req.set('x-api-key', key);
  };

  it('counts each key apart, whatever the IP, and anonymous callers by IP', async () => {
    expect((await get('/private', '203.0.113.1', keyA)).headers['ratelimit']).toBe('"minute";r=1;t=60');
    // Same key from another IP: the same budget.
    const fromElsewhere = await get('/private', '203.0.113.2', keyA);
    expect(fromElsewhere.status).toBe(200);
    expect(fromElsewhere.body).toEqual({ key: 'key_a' });
    expect(fromElsewhere.headers['ratelimit']).toBe('"minute";r=0;t=60');

    const refused = await get('/private', '203.0.113.3', keyA);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toBe(JSON_TYPE);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['ratelimit-policy']).toBe('"minute";q=2;w=60');
    expect(refused.headers['ratelimit']).toBe('"minute";r=0;t=60');
    expect(refused.body).toEqual({
      type: 'rate_limit_error',
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'Per-key rate limit hit.',
      param: null,
      request_id: refused.headers['x-request-id'],
    });

    // Another key from the very same IP: its own budget.
    const otherKey = await get('/private', '203.0.113.1', keyB);
    expect(otherKey.status).toBe(200);
    expect(otherKey.body).toEqual({ key: 'key_b' });
    expect(otherKey.headers['ratelimit']).toBe('"minute";r=1;t=60');

    // No key: tracked by IP, which key A's traffic did not spend.
    const anonymous = await get('/public', '203.0.113.1');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['ratelimit']).toBe('"minute";r=1;t=60');
    await get('/public', '203.0.113.1');
    const anonymousRefused = await get('/public', '203.0.113.1');
    expect(anonymousRefused.status).toBe(429);
    expect(anonymousRefused.headers['retry-after']).toBe('60');

    // The window resets.
    clock.now += 60_000;
    const reset = await get('/private', '203.0.113.3', keyA);
    expect(reset.status).toBe(200);
    expect(reset.headers['ratelimit']).toBe('"minute";r=1;t=60');
  });
});

describe('rate limits: plan-dependent limits (flat envelope)', () => {
  const clock = { now: START };
  const { keys, store } = keyStore([
    { id: 'key_free', accountId: 'acc_free', scopes: ['*'], plan: 'free' },
    { id: 'key_pro', accountId: 'acc_pro', scopes: ['*'], plan: 'pro' },
  ]);
  const [freeKey, proKey] = keys as [string, string];
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp(
      {
        envelope: 'flat',
        apiKeys: { store },
        rateLimit: {
          windows: [{ name: 'hour', ttl: 3_600_000, limit: ({ principal }) => (principal?.plan === 'pro' ? 3 : 1) }],
        },
      },
      clock,
    );
  });
  afterAll(() => edge.close());

  const get = (key: string) => request(edge.server).get('/private').set('X-Forwarded-For', '192.0.2.10').set('x-api-key', key);

  it('applies the limit of the caller’s plan and announces it in RateLimit-Policy', async () => {
    const free = await get(freeKey);
    expect(free.status).toBe(200);
    expect(free.headers['ratelimit-policy']).toBe('"hour";q=1;w=3600');
    expect(free.headers['ratelimit']).toBe('"hour";r=0;t=3600');
    const freeRefused = await get(freeKey);
    expect(freeRefused.status).toBe(429);
    expect(freeRefused.headers['retry-after']).toBe('3600');
    expect(freeRefused.body).toEqual({ error: 'rate_limited', message: RATE_LIMITED_MESSAGE });

    for (const remaining of [2, 1, 0]) {
      const pro = await get(proKey);
      expect(pro.status).toBe(200);
      expect(pro.headers['ratelimit-policy']).toBe('"hour";q=3;w=3600');
      expect(pro.headers['ratelimit']).toBe(`"hour";r=${remaining};t=3600`);
    }
    const proRefused = await get(proKey);
    expect(proRefused.status).toBe(429);
    expect(proRefused.headers['ratelimit']).toBe('"hour";r=0;t=3600');
  });
});

describe('rate limits: headers switched off', () => {
  const clock = { now: START };
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp(
      { envelope: 'status-flag', rateLimit: { headers: false, windows: [{ ttl: 10_000, limit: 1 }] } },
      clock,
    );
  });
  afterAll(() => edge.close());

  it('sends no RateLimit headers, but still Retry-After on the 429', async () => {
    const ok = await request(edge.server).get('/public').set('X-Forwarded-For', '192.0.2.20');
    expect(ok.status).toBe(200);
    expect(ok.headers['ratelimit']).toBeUndefined();
    expect(ok.headers['ratelimit-policy']).toBeUndefined();

    clock.now += 2500;
    const refused = await request(edge.server).get('/public').set('X-Forwarded-For', '192.0.2.20');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('8');
    expect(refused.headers['ratelimit']).toBeUndefined();
    expect(refused.headers['ratelimit-policy']).toBeUndefined();
    expect(refused.body).toEqual({ status: false, error_code: 'rate_limited', description: RATE_LIMITED_MESSAGE });
  });
});

describe('rate limits: a longer blockDuration keeps refusing after the window resets', () => {
  const clock = { now: START };
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startApp({ rateLimit: { windows: [{ name: 'burst', ttl: 1000, limit: 1, blockDuration: 30_000 }] } }, clock);
  });
  afterAll(() => edge.close());

  it('answers 429 with the block’s Retry-After until the block ends', async () => {
    const get = () => request(edge.server).get('/public').set('X-Forwarded-For', '192.0.2.30');
    expect((await get()).status).toBe(200);
    const blocked = await get();
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('30');
    expect(blocked.headers['ratelimit']).toBe('"burst";r=0;t=30');

    clock.now += 10_000;
    const stillBlocked = await get();
    expect(stillBlocked.status).toBe(429);
    expect(stillBlocked.headers['retry-after']).toBe('20');

    clock.now += 20_000;
    const free = await get();
    expect(free.status).toBe(200);
    expect(free.headers['ratelimit']).toBe('"burst";r=0;t=1');
  });
});

@Controller('guarded')
@UseGuards(RateLimitGuard)
class GuardedController {
  @Get() hit() { return { ok: true }; }
}

@Controller('unguarded')
class UnguardedController {
  @Get() hit() { return { ok: true }; }
}

describe('rate limits: RateLimitGuard on its own (problem envelope, docs URL)', () => {
  const clock = { now: START };
  let alone: EdgeApp;
  let both: EdgeApp;
  beforeAll(async () => {
    const options: ApiEdgeModuleOptions = {
      envelope: 'problem',
      docsBaseUrl: 'https://docs.example.com/errors',
      clock: () => clock.now,
      rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 2 }] },
    };
    alone = await createEdgeApp({ options, extras: { globalGuard: false }, controllers: [GuardedController, UnguardedController] });
    both = await createEdgeApp({ options, controllers: [GuardedController] });
  });
  afterAll(async () => {
    await alone.close();
    await both.close();
  });

  it('limits only the routes that use it when the global guard is off', async () => {
    for (let i = 0; i < 3; i++) expect((await request(alone.server).get('/unguarded')).headers['ratelimit']).toBeUndefined();
    expect((await request(alone.server).get('/guarded')).headers['ratelimit']).toBe('"minute";r=1;t=60');
    expect((await request(alone.server).get('/guarded')).headers['ratelimit']).toBe('"minute";r=0;t=60');
    const refused = await request(alone.server).get('/guarded');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).toEqual({
      type: 'https://docs.example.com/errors#rate_limited',
      title: RATE_LIMITED_MESSAGE,
      status: 429,
      detail: RATE_LIMITED_MESSAGE,
      instance: '/guarded',
      code: 'rate_limited',
      request_id: refused.headers['x-request-id'],
    });
  });

  it('counts a request once when the global guard and @UseGuards(RateLimitGuard) both run', async () => {
    expect((await request(both.server).get('/guarded')).headers['ratelimit']).toBe('"minute";r=1;t=60');
    expect((await request(both.server).get('/guarded')).headers['ratelimit']).toBe('"minute";r=0;t=60');
    expect((await request(both.server).get('/guarded')).status).toBe(429);
  });
});

describe('rate limits: wrong options fail the start', () => {
  it.each([
    [{ windows: [{ name: 'second', ttl: 0, limit: 1 }] }, 'Cannot use window "second" because its ttl is 0.'],
    [{ windows: [{ ttl: 1000, limit: 1.5 }] }, 'Cannot use window "default" because its limit is 1.5.'],
    [
      { windows: [{ name: 'a', ttl: 1000, limit: 1 }, { name: 'a', ttl: 2000, limit: 1 }] },
      'Cannot use window "a" because another window has the same name.',
    ],
    [{}, 'Cannot enable rateLimit because it has neither windows nor bruteForce.'],
    [{ bruteForce: { maxFailures: 0 } }, 'Cannot use rateLimit.bruteForce.maxFailures because it is 0.'],
  ])('%j', async (rateLimit, message) => {
    await expect(startApp({ rateLimit } as ApiEdgeModuleOptions, { now: START })).rejects.toThrow(OptionsConfigurationError);
    await expect(startApp({ rateLimit } as ApiEdgeModuleOptions, { now: START })).rejects.toThrow(message);
  });
});
