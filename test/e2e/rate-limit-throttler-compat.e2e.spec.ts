import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import request from 'supertest';
import type { ExecutionContext } from '@nestjs/common';
import { ApiEdgeModule, Public, RateLimitGuard, SkipThrottle, Throttle, type ApiEdgeModuleOptions } from '../../lib/index.js';
import { edgeState } from '../../lib/context/edge-request-state.js';
import { createTestAdapter, testPlatform } from '../support/adapter.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

// Throttler decorator semantics the compiled per-route windows must keep (RateLimitGuard reads
// throttler's metadata once per route instead of on every request).

const START = Date.UTC(2026, 0, 1);

@Public()
@Throttle({ default: { limit: 2 } })
@Controller('c')
class ClassThrottledController {
  @Get('class') byClass() { return { ok: true }; }
  @Throttle({ default: { limit: 1 } }) @Get('handler') byHandler() { return { ok: true }; }
  @SkipThrottle() @Get('skip-default') skipDefault() { return { ok: true }; }
  @Throttle({ default: { limit: () => 1 } }) @Get('fn') byFunction() { return { ok: true }; }
  @Throttle({ default: { limit: 1, blockDuration: 10_000 } }) @Get('blocked') blocked() { return { ok: true }; }
  @Throttle({ default: { limit: (context: ExecutionContext) => (isRouteContextOf(context, 'byContext') ? 2 : 1) } }) @Get('context') byContext() { return { ok: true }; }
}

// What a limit function (or getTracker/generateKey) may read on the context it is given: the
// route, the request and response it was called for, through every accessor Nest offers.
function isRouteContextOf(context: ExecutionContext, handler: string): boolean {
  const http = context.switchToHttp();
  const req = http.getRequest<{ headers: Record<string, string | undefined> }>();
  return (
    context.getType() === 'http' &&
    context.getClass() === ClassThrottledController &&
    context.getHandler().name === handler &&
    context.getArgByIndex(0) === req &&
    context.getArgs()[1] === http.getResponse() &&
    req.headers['x-forwarded-for'] === '198.51.100.6'
  );
}

const rateLimit: ApiEdgeModuleOptions['rateLimit'] = {
  windows: [
    { ttl: 1000, limit: 3 },
    { name: 'hour', ttl: 3_600_000, limit: 100 },
  ],
};

describe('rate limits: throttler decorators on compiled routes', () => {
  const clock = { now: START };
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      options: { clientIp: { trustedProxies: 'loopback' }, clock: () => clock.now, rateLimit },
      controllers: [ClassThrottledController],
    });
  });
  afterAll(() => edge.close());
  const get = (path: string, ip: string) => request(edge.server).get(path).set('X-Forwarded-For', ip);

  it('applies a class-level @Throttle, and a handler-level one over it', async () => {
    expect((await get('/c/class', '198.51.100.1')).status).toBe(200);
    expect((await get('/c/class', '198.51.100.1')).status).toBe(200);
    const third = await get('/c/class', '198.51.100.1');
    expect(third.status).toBe(429);
    expect(third.headers['ratelimit-policy']).toBe('"default";q=2;w=1');
    expect(third.headers['ratelimit']).toBe('"default";r=0;t=1');

    const first = await get('/c/handler', '198.51.100.2');
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"default";q=1;w=1, "hour";q=100;w=3600');
    expect(first.headers['ratelimit']).toBe('"default";r=0;t=1, "hour";r=99;t=3600');
    expect((await get('/c/handler', '198.51.100.2')).status).toBe(429);
  });

  it('skips only the "default" window on a bare @SkipThrottle()', async () => {
    const res = await get('/c/skip-default', '198.51.100.3');
    expect(res.status).toBe(200);
    expect(res.headers['ratelimit-policy']).toBe('"hour";q=100;w=3600');
    expect(res.headers['ratelimit']).toBe('"hour";r=99;t=3600');
  });

  it('resolves a @Throttle limit function per request, in a budget of the route', async () => {
    const first = await get('/c/fn', '198.51.100.4');
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"default";q=1;w=1, "hour";q=100;w=3600');
    const second = await get('/c/fn', '198.51.100.4');
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
  });

  it('gives a @Throttle limit function the route, request and response through every context accessor', async () => {
    expect((await get('/c/context', '198.51.100.6')).status).toBe(200);
    const second = await get('/c/context', '198.51.100.6');
    expect(second.status).toBe(200);
    expect(second.headers['ratelimit-policy']).toBe('"default";q=2;w=1, "hour";q=100;w=3600');
    expect(second.headers['ratelimit']).toBe('"default";r=0;t=1, "hour";r=98;t=3600');
    expect((await get('/c/context', '198.51.100.6')).status).toBe(429);
  });

  it('keeps refusing for a route @Throttle blockDuration after the window resets', async () => {
    expect((await get('/c/blocked', '198.51.100.5')).status).toBe(200);
    const refused = await get('/c/blocked', '198.51.100.5');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    clock.now += 2000;
    const still = await get('/c/blocked', '198.51.100.5');
    expect(still.status).toBe(429);
    expect(still.headers['retry-after']).toBe('8');
    clock.now = START;
  });
});

describe('rate limits: a ThrottlerStorage provided under getStorageToken() replaces the module one', () => {
  const calls: unknown[][] = [];
  const storage: ThrottlerStorage = {
    async increment(key, ttl, limit, blockDuration, name) {
      calls.push([key, ttl, limit, blockDuration, name]);
      return { totalHits: calls.length, timeToExpire: 7, isBlocked: calls.length > 1, timeToBlockExpire: calls.length > 1 ? 7 : 0 };
    },
  };
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ApiEdgeModule.forRoot({ clientIp: { trustedProxies: 'loopback' }, rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 1 }] } })],
      controllers: [ClassThrottledController],
    })
      .overrideProvider(getStorageToken())
      .useValue(storage)
      .compile();
    app = moduleRef.createNestApplication(createTestAdapter());
    await app.init();
    // A testing module's Fastify instance routes only once it is ready (NestFactory's listen does it).
    if (testPlatform() === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  });
  afterAll(() => app.close());

  it('counts through storage.increment(key, ttl, limit, blockDuration, name) and refuses on its answer', async () => {
    const ok = await request(app.getHttpServer()).get('/c/skip-default').set('X-Forwarded-For', '203.0.113.9');
    expect(ok.status).toBe(200);
    expect(ok.headers['ratelimit']).toBe('"minute";r=0;t=7');
    const refused = await request(app.getHttpServer()).get('/c/skip-default').set('X-Forwarded-For', '203.0.113.9');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('7');
    expect(calls).toEqual([
      ['ip:203.0.113.9', 60_000, 1, 60_000, 'minute'],
      ['ip:203.0.113.9', 60_000, 1, 60_000, 'minute'],
    ]);
  });
});

/** A bare HTTP context of `ClassThrottledController.byClass` from one client address. */
function contextOf(ip: string, headers: Record<string, string>): { context: ExecutionContext; req: object } {
  const req = { headers: {}, socket: { remoteAddress: ip } };
  // Node's setHeader (Express) and Fastify's reply.header: the seam of either project's app calls one.
  const set = (name: string, value: string): void => {
    headers[name] = value;
  };
  const res = { setHeader: set, header: set };
  const context = {
    getType: () => 'http',
    getClass: () => ClassThrottledController,
    getHandler: () => ClassThrottledController.prototype.byClass,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { context, req };
}

describe('rate limits: no promise on the memory store', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({ options: { rateLimit }, controllers: [ClassThrottledController] });
  });
  afterAll(() => edge.close());

  it('counts synchronously (returns undefined, sets the headers) and refuses by throwing at once', () => {
    const guard = edge.app.get(RateLimitGuard);
    const headers: Record<string, string> = {};
    const first = contextOf('192.0.2.1', headers);
    expect(guard.check(first.context, edgeState(first.req))).toBeUndefined();
    expect(headers).toEqual({ 'RateLimit-Policy': '"default";q=2;w=1, "hour";q=100;w=3600', RateLimit: '"default";r=1;t=1, "hour";r=99;t=3600' });
    const second = contextOf('192.0.2.1', {});
    expect(guard.check(second.context, edgeState(second.req))).toBeUndefined();
    const third = contextOf('192.0.2.1', {});
    expect(() => guard.check(third.context, edgeState(third.req))).toThrow(expect.objectContaining({ status: 429 }) as unknown as Error);
  });
});
