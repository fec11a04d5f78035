import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import { CurrentPrincipal, mintApiKey, OptionsConfigurationError, Public, type ApiKeyRecord, type Principal, type RateLimitTracker } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

@Controller()
class TrackedController {
  @Get('private') keyed(@CurrentPrincipal() principal: Principal) { return { key: principal.id }; }
  @Public() @Get('public') anonymous() { return { ok: true }; }
}

// Two keys of one account (acc_1), one of another (acc_2).
const records: Array<Omit<ApiKeyRecord, 'hash'>> = [
  { id: 'key_a', accountId: 'acc_1', scopes: ['*'] },
  { id: 'key_b', accountId: 'acc_1', scopes: ['*'] },
  { id: 'key_c', accountId: 'acc_2', scopes: ['*'] },
];
const byHash = new Map<string, ApiKeyRecord>();
const [keyA, keyB, keyC] = records.map((record) => {
  const { key, hash } = mintApiKey({ prefix: 'test_' });
  byHash.set(hash, { ...record, hash });
  return key;
}) as [string, string, string];

/** One workspace per `X-Team` header value: the tenant. */
const resolver = { resolve: (_principal: Principal, id: string | undefined) => (id === undefined ? { status: 'none' as const } : { status: 'found' as const, id, workspace: { id } }) };

let edge: EdgeApp | undefined;
afterEach(async () => {
  await edge?.close();
  edge = undefined;
});

async function start(tracker: RateLimitTracker | undefined): Promise<EdgeApp> {
  edge = await createEdgeApp({
    options: {
      envelope: 'nested',
      clientIp: { trustedProxies: 'loopback' },
      clock: () => Date.UTC(2026, 0, 1),
      apiKeys: { store: { findByHash: (hash: string) => byHash.get(hash) ?? null } },
      workspace: { header: 'X-Team', resolver },
      rateLimit: { ...(tracker === undefined ? {} : { tracker }), windows: [{ name: 'minute', ttl: 60_000, limit: 2 }] },
    },
    controllers: [TrackedController],
  });
  return edge;
}

type Call = readonly [key: string | null, ip: string, team?: string];
const a: Call = [keyA, '198.51.100.1'];
const b: Call = [keyB, '198.51.100.2'];
const c: Call = [keyC, '198.51.100.3'];
const aFromB: Call = [keyA, '198.51.100.2'];
const anonymousB: Call = [null, '198.51.100.2'];
const bTeam1: Call = [keyB, '198.51.100.2', '1'];
const cTeam1: Call = [keyC, '198.51.100.3', '1'];
const cTeam2: Call = [keyC, '198.51.100.3', '2'];

async function statusOf([key, ip, team]: Call): Promise<number> {
  const headers: Record<string, string> = { 'X-Forwarded-For': ip };
  if (key !== null) headers['x-api-key'] = key;
  if (team !== undefined) headers['X-Team'] = team;
  const res = await request((edge as EdgeApp).server).get(key === null ? '/public' : '/private').set(headers);
  return res.status;
}

describe('rateLimit.tracker: whom a window counts (limit 2 a minute)', () => {
  it.each<[string, RateLimitTracker | undefined, readonly Call[], readonly number[]]>([
    // tracker      calls in order                          statuses
    ['default (key)', undefined, [a, b, a, b, a, c], [200, 200, 200, 200, 429, 200]],
    ['key', 'key', [a, a, b, a], [200, 200, 200, 429]],
    ['account: two keys of one account share', 'account', [a, b, a, c, c], [200, 200, 429, 200, 200]],
    ['ip: keys and anonymous calls from one IP share', 'ip', [aFromB, b, anonymousB, a], [200, 200, 429, 200]],
    ['tenant: the workspace, else the account', 'tenant', [bTeam1, cTeam1, cTeam2, a, b, cTeam1, a], [200, 200, 200, 200, 200, 429, 429]],
    ['a function of the request and principal', (_request, principal) => `plan-of:${principal.accountId === 'acc_2' ? 'x' : 'y'}`, [a, c, b, a], [200, 200, 200, 429]],
  ])('%s', async (_what, tracker, calls, statuses) => {
    await start(tracker);
    const seen: number[] = [];
    for (const call of calls) seen.push(await statusOf(call));
    expect(seen).toEqual(statuses);
  });

  it('a 429 names the window and carries Retry-After, whichever the tracker', async () => {
    await start('account');
    await statusOf(a);
    await statusOf(b);
    const res = await request((edge as EdgeApp).server).get('/private').set({ 'x-api-key': keyA, 'X-Forwarded-For': '198.51.100.9' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.headers['ratelimit-policy']).toBe('"minute";q=2;w=60');
    expect(res.body).toEqual({ error: { code: 'rate_limited', message: 'Too many requests. Retry after the time given in Retry-After.', details: [] } });
  });

  it('a tracker function that returns no string fails the request as a 500 with the fix logged', async () => {
    await start(() => undefined as unknown as string);
    const res = await request((edge as EdgeApp).server).get('/private').set({ 'x-api-key': keyA, 'X-Forwarded-For': '198.51.100.1' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal_error', message: 'An unexpected error occurred.', details: [] } });
    expect((edge as EdgeApp).logs.text()).toContain('Cannot rate-limit this request because rateLimit.tracker returned undefined. Fix: return a non-empty string.');
  });

  it('fails the start on an unknown tracker', async () => {
    await expect(start('workspace' as RateLimitTracker)).rejects.toThrow(
      new OptionsConfigurationError(
        `Cannot use rateLimit.tracker because "workspace" is not a tracker. Fix: pass 'key', 'account', 'tenant', 'ip' or a function (request, principal) => string.`,
      ),
    );
  });
});
