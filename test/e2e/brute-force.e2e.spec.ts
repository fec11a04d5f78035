import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import request from 'supertest';
import {
  apiError,
  BruteForceGuard,
  CurrentPrincipal,
  mintApiKey,
  Public,
  SkipRateLimit,
  StayOpen,
  type ApiKeyRecord,
  type Principal,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const START = Date.UTC(2026, 0, 1);
const ATTACKER = '203.0.113.66';

@Controller()
class KeyedController {
  @Get('me') me(@CurrentPrincipal() principal: Principal) { return { key: principal.id }; }
  // A health check stays reachable for a blocked address: the block is about guessing keys.
  @Public() @StayOpen() @SkipRateLimit() @Get('health') health() { return { status: 'ok' }; }
}

@Controller('session')
class SessionController {
  constructor(private readonly bruteForce: BruteForceGuard) {}

  @Public() @Post()
  async login(@Req() req: object, @Body() body: { password?: string }) {
    if (body.password !== 'right') {
      await this.bruteForce.recordFailure(req);
      throw apiError('invalid_credentials');
    }
    await this.bruteForce.reset(req);
    return { session: 'started' };
  }
}

describe('brute-force limiter on API key failures (typed envelope, renamed code)', () => {
  const clock = { now: START };
  const good = mintApiKey({ prefix: 'test_' });
  const record: ApiKeyRecord = { id: 'key_good', hash: good.hash, accountId: 'acc_1', scopes: ['*'] };
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        envelope: 'typed',
        catalogue: { overrides: { too_many_attempts: { code: 'TOO_MANY_ATTEMPTS' } } },
        clock: () => clock.now,
        clientIp: { trustedProxies: 'loopback' },
        apiKeys: { store: { findByHash: (hash) => (hash === record.hash ? record : null) } },
        rateLimit: {
          windows: [{ name: 'minute', ttl: 60_000, limit: 100 }],
          bruteForce: { maxFailures: 3, windowMs: 60_000, blockMs: 120_000 },
        },
      },
      controllers: [KeyedController],
    });
  });
  afterAll(() => edge.close());

  const get = (ip: string, key?: string) => {
    const req = request(edge.server).get('/me').set('X-Forwarded-For', ip);
    return key === undefined ? req : req.set('x-api-key', key);
  };
  const wrongKey = () => mintApiKey({ prefix: 'test_' }).key;
  const typed = (type: string, code: string, message: string, requestId: unknown) => ({
    type,
    code,
    message,
    param: null,
    request_id: requestId,
  });

  it('never closes a @StayOpen() route (health) for a blocked address', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 3; i++) expect((await get(ip, wrongKey())).status).toBe(401);
    const blocked = await get(ip, good.key);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    const health = await request(edge.server).get('/health').set('X-Forwarded-For', ip);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('blocks an IP after repeated failures, even for a right key, and leaves other clients alone', async () => {
    for (let i = 0; i < 3; i++) {
      const failed = await get(ATTACKER, wrongKey());
      expect(failed.status).toBe(401);
      expect(failed.headers['retry-after']).toBeUndefined();
      expect(failed.body).toEqual(
        typed('authentication_error', 'invalid_api_key', 'The API key is invalid.', failed.headers['x-request-id']),
      );
    }

    const blocked = await get(ATTACKER, wrongKey());
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toBe(JSON_TYPE);
    expect(blocked.headers['retry-after']).toBe('120');
    expect(blocked.body).toEqual(
      typed('rate_limit_error', 'TOO_MANY_ATTEMPTS', 'Too many failed attempts. Try again later.', blocked.headers['x-request-id']),
    );

    // Refused before authentication: a right guess during the block learns nothing.
    const rightGuess = await get(ATTACKER, good.key);
    expect(rightGuess.status).toBe(429);
    expect(rightGuess.headers['retry-after']).toBe('120');
    expect(rightGuess.body).toEqual(
      typed('rate_limit_error', 'TOO_MANY_ATTEMPTS', 'Too many failed attempts. Try again later.', rightGuess.headers['x-request-id']),
    );

    // The key's owner, elsewhere: served, and its rate-limit budget untouched by the attack.
    const owner = await get('198.51.100.7', good.key);
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual({ key: 'key_good' });
    expect(owner.headers['ratelimit']).toBe('"minute";r=99;t=60');

    clock.now += 60_000;
    const stillBlocked = await get(ATTACKER, good.key);
    expect(stillBlocked.status).toBe(429);
    expect(stillBlocked.headers['retry-after']).toBe('60');

    clock.now += 60_000;
    const afterBlock = await get(ATTACKER, good.key);
    expect(afterBlock.status).toBe(200);
    expect(afterBlock.body).toEqual({ key: 'key_good' });

    // Counting starts afresh after a block.
    const oneMore = await get(ATTACKER, wrongKey());
    expect(oneMore.status).toBe(401);
    expect((await get(ATTACKER, good.key)).status).toBe(200);
  });

  it('does not count a missing key (not a guess)', async () => {
    for (let i = 0; i < 5; i++) {
      const missing = await get('203.0.113.77');
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual(
        typed('authentication_error', 'missing_api_key', 'No API key was supplied.', missing.headers['x-request-id']),
      );
    }
    expect((await get('203.0.113.77', good.key)).status).toBe(200);
  });

  it('counts failures within the window only', async () => {
    const ip = '203.0.113.88';
    expect((await get(ip, wrongKey())).status).toBe(401);
    expect((await get(ip, wrongKey())).status).toBe(401);
    clock.now += 60_000;
    // The two earlier failures expired with their window.
    expect((await get(ip, wrongKey())).status).toBe(401);
    expect((await get(ip, wrongKey())).status).toBe(401);
    expect((await get(ip, good.key)).status).toBe(200);
  });
});

describe('brute-force limiter called by app code on a login route (status-flag envelope)', () => {
  const clock = { now: START };
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        envelope: 'status-flag',
        clock: () => clock.now,
        clientIp: { trustedProxies: 'loopback' },
        rateLimit: { bruteForce: { maxFailures: 3, blockMs: 300_000 } },
      },
      controllers: [SessionController],
    });
  });
  afterAll(() => edge.close());

  const login = (ip: string, password: string) =>
    request(edge.server).post('/session').set('X-Forwarded-For', ip).send({ password });

  it('blocks the login after wrong passwords, resets on a right one, and spares other IPs', async () => {
    const ip = '192.0.2.50';
    for (let i = 0; i < 2; i++) {
      const wrong = await login(ip, 'wrong');
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ status: false, error_code: 'invalid_credentials', description: 'The username or password is wrong.' });
    }
    // A right password forgets the two failures.
    expect((await login(ip, 'right')).body).toEqual({ session: 'started' });

    for (let i = 0; i < 3; i++) expect((await login(ip, 'wrong')).status).toBe(401);
    const blocked = await login(ip, 'right');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toBe(JSON_TYPE);
    expect(blocked.headers['x-request-id']).toEqual(expect.any(String));
    expect(blocked.headers['retry-after']).toBe('300');
    expect(blocked.body).toEqual({ status: false, error_code: 'too_many_attempts', description: 'Too many failed attempts. Try again later.' });

    const other = await login('192.0.2.51', 'right');
    expect(other.status).toBe(201);
    expect(other.body).toEqual({ session: 'started' });
  });
});
