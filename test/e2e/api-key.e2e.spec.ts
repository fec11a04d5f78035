import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Inject } from '@nestjs/common';
import request, { type Response } from 'supertest';
import {
  AuthenticationGuard,
  CurrentPrincipal,
  OptionsConfigurationError,
  Public,
  hashApiKey,
  mintApiKey,
  type ApiKeyRecord,
  type ApiKeyStore,
  type Principal,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp, startupError } from '../support/edge-app.js';

// ---- The app's side: an in-memory key store holding only hashes -------------------------------

const T0 = Date.UTC(2026, 0, 1);
let now = T0;
const clock = (): number => now;

const records = new Map<string, ApiKeyRecord>();
const secrets: string[] = [];
let lookups = 0;
let storeDown = false;

function addKey(record: Omit<ApiKeyRecord, 'hash'>, prefix = 'msgf_live_'): string {
  const { key, hash } = mintApiKey({ prefix });
  records.set(hash, { ...record, hash });
  secrets.push(key, hash);
  return key;
}

const store: ApiKeyStore = {
  async findByHash(hash) {
    lookups++;
    if (storeDown) throw new Error('db down: connection refused');
    return records.get(hash) ?? null;
  },
};

const alice = addKey({
  id: 'key_alice',
  accountId: 'acc_alice',
  scopes: ['messages:write'],
  allowedIps: ['127.0.0.0/8', '::1'],
  signingSecrets: ['whsec_alice_1'],
  requireSignature: false,
  plan: 'pro',
  data: { label: 'ci' },
});
const bob = addKey({ id: 'key_bob', accountId: 'acc_bob' });
const team = addKey({ id: 'key_team', accountId: 'acc_team', workspaceId: 'ws_1' }, 'msgf_team_');
const teamButOrg = addKey({ id: 'key_org', accountId: 'acc_org', kind: 'organization' }, 'msgf_team_');
const inactive = addKey({ id: 'key_inactive', accountId: 'acc_1', status: 'inactive' });
const revoked = addKey({ id: 'key_revoked', accountId: 'acc_1', status: 'revoked' });
const deleted = addKey({ id: 'key_deleted', accountId: 'acc_1', status: 'deleted' });
const expired = addKey({ id: 'key_expired', accountId: 'acc_1', expiresAt: new Date(T0 - 1) });
const expiring = addKey({ id: 'key_expiring', accountId: 'acc_1', expiresAt: T0 + 20_000 });
const suspended = addKey({ id: 'key_suspended', accountId: 'acc_suspended', accountActive: false });
const unknown = mintApiKey({ prefix: 'msgf_live_' }).key;
secrets.push(unknown);

// A store that matches loosely (e.g. by a prefix index) hands back another key's record.
const impostor = mintApiKey({ prefix: 'msgf_live_' });
records.set(impostor.hash, { id: 'key_bob', accountId: 'acc_bob', hash: hashApiKey(bob) });
secrets.push(impostor.key, impostor.hash);

// ---- Routes -----------------------------------------------------------------------------------

@Controller()
class KeysController {
  constructor(@Inject(AuthenticationGuard) private readonly authentication: AuthenticationGuard) {}

  @Get('me') me(@CurrentPrincipal() principal: Principal) {
    return { principal };
  }

  @Public()
  @Get('health') health(@CurrentPrincipal() principal: Principal | undefined) {
    return { ok: true, principal: principal ?? null };
  }

  @Public()
  @Get('forget-bob') forget() {
    this.authentication.forgetApiKey(hashApiKey(bob));
    return { ok: true };
  }
}

@Public()
@Controller('open')
class OpenController {
  @Get() open() {
    return { open: true };
  }
}

// ---- Helpers ----------------------------------------------------------------------------------

function expectNoKeyMaterial(res: Response): void {
  const wire = res.text + JSON.stringify(res.headers);
  for (const secret of secrets) expect(wire).not.toContain(secret);
}

function expectNested(res: Response, status: number, code: string, message: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body).toEqual({ error: { code, message, details: [] } });
  expectNoKeyMaterial(res);
}

/** GET with raw header lines (supertest cannot send one header twice). */
function rawGet(server: http.Server, path: string, headers: Record<string, string | string[]>): Promise<{ status: number; body: unknown; text: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ALICE_PRINCIPAL = {
  credential: 'api_key',
  id: 'key_alice',
  accountId: 'acc_alice',
  kind: 'personal',
  scopes: ['messages:write'],
  scopeLevel: 'personal',
  allowedIps: ['127.0.0.0/8', '::1'],
  signingSecrets: ['whsec_alice_1'],
  requireSignature: false,
  plan: 'pro',
  data: { label: 'ci' },
};

// ---- Nested envelope, several sources, formats, cache ------------------------------------------

describe('API keys (nested envelope, four sources, prefixes)', () => {
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await createEdgeApp({
      listen: true,
      options: {
        envelope: 'nested',
        clock,
        apiKeys: {
          store,
          sources: ['x-api-key', 'X-Token', { header: 'Authorization', scheme: 'Bearer' }, 'X-Integration-Key'],
          formats: [
            { prefix: 'msgf_live_', kind: 'personal', charset: 'base62', length: 43 },
            { prefix: 'msgf_team_', kind: 'team', charset: 'base62', length: 43 },
          ],
          cache: { ttlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 100 },
        },
      },
      controllers: [KeysController, OpenController],
    });
  });
  afterAll(() => edge.close());
  beforeEach(() => {
    now = T0;
    storeDown = false;
  });

  it('admits a key from x-api-key and hands the principal to the handler', async () => {
    const res = await request(edge.server).get('/me').set('x-api-key', alice);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ principal: ALICE_PRINCIPAL });
    expectNoKeyMaterial(res);
  });

  it.each([
    ['X-Token', (k: string) => k],
    ['Authorization', (k: string) => `Bearer ${k}`],
    ['authorization', (k: string) => `bearer   ${k}  `],
    ['X-Integration-Key', (k: string) => k],
  ])('admits a key from %s', async (header, value) => {
    const res = await request(edge.server).get('/me').set(header, value(bob));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      principal: { credential: 'api_key', id: 'key_bob', accountId: 'acc_bob', kind: 'personal', scopes: [], scopeLevel: 'personal' },
    });
  });

  it('admits the same key sent in two sources', async () => {
    const res = await request(edge.server).get('/me').set('x-api-key', bob).set('Authorization', `Bearer ${bob}`);
    expect(res.status).toBe(200);
    expect((res.body as { principal: Principal }).principal.id).toBe('key_bob');
  });

  it('takes the key kind from the prefix, unless the record says otherwise', async () => {
    const t = await request(edge.server).get('/me').set('x-api-key', team);
    expect(t.status).toBe(200);
    expect(t.body).toEqual({
      principal: { credential: 'api_key', id: 'key_team', accountId: 'acc_team', kind: 'team', scopes: [], scopeLevel: 'team', workspaceId: 'ws_1' },
    });
    const o = await request(edge.server).get('/me').set('x-api-key', teamButOrg);
    expect((o.body as { principal: Principal }).principal.kind).toBe('organization');
    expect((o.body as { principal: Principal }).principal.scopeLevel).toBe('organization');
  });

  it('refuses a request without a key: missing_api_key', async () => {
    expectNested(await request(edge.server).get('/me'), 401, 'missing_api_key', 'No API key was supplied.');
  });

  it('treats an empty or blank value as missing', async () => {
    expectNested(await request(edge.server).get('/me').set('x-api-key', '   '), 401, 'missing_api_key', 'No API key was supplied.');
    expectNested(await request(edge.server).get('/me').set('Authorization', 'Bearer   '), 401, 'missing_api_key', 'No API key was supplied.');
  });

  it('ignores an Authorization header with another scheme', async () => {
    expectNested(
      await request(edge.server).get('/me').set('Authorization', `Basic ${bob}`),
      401,
      'missing_api_key',
      'No API key was supplied.',
    );
  });

  it('refuses two different keys in two sources: ambiguous_api_key', async () => {
    const res = await request(edge.server).get('/me').set('x-api-key', alice).set('X-Token', bob);
    expectNested(res, 401, 'ambiguous_api_key', 'Several different API keys were supplied. Send exactly one.');
  });

  it('refuses one header sent twice with two keys (also Authorization, which Node collapses)', async () => {
    const twice = await rawGet(edge.server as http.Server, '/me', { 'x-api-key': [alice, bob] });
    expect(twice.status).toBe(401);
    expect((twice.body as { error: { code: string } }).error.code).toBe('ambiguous_api_key');
    const auth = await rawGet(edge.server as http.Server, '/me', { Authorization: [`Bearer ${alice}`, `Bearer ${bob}`] });
    expect(auth.status).toBe(401);
    expect(auth.body).toEqual({ error: { code: 'ambiguous_api_key', message: 'Several different API keys were supplied. Send exactly one.', details: [] } });
    for (const secret of secrets) expect(twice.text + auth.text).not.toContain(secret);
    const same = await rawGet(edge.server as http.Server, '/me', { 'x-api-key': [bob, bob] });
    expect(same.status).toBe(200);
  });

  it('refuses malformed keys before any lookup: invalid_api_key', async () => {
    const before = lookups;
    const bodyOfAlice = alice.slice('msgf_live_'.length);
    for (const malformed of [
      `sk_live_${bodyOfAlice}`, // unknown prefix
      `msgf_live_${bodyOfAlice.slice(1)}`, // too short
      `msgf_live_${bodyOfAlice}x`, // too long
      `msgf_live_${bodyOfAlice.slice(2)}-_`, // outside base62
      'msgf_live_' + 'é'.repeat(33), // non-ASCII
      'x'.repeat(300), // over maxLength
    ]) {
      expectNested(await request(edge.server).get('/me').set('x-api-key', malformed), 401, 'invalid_api_key', 'The API key is invalid.');
    }
    expect(lookups).toBe(before);
  });

  it('refuses an unknown key, and remembers it for negativeTtlMs', async () => {
    const before = lookups;
    expectNested(await request(edge.server).get('/me').set('x-api-key', unknown), 401, 'invalid_api_key', 'The API key is invalid.');
    expectNested(await request(edge.server).get('/me').set('x-api-key', unknown), 401, 'invalid_api_key', 'The API key is invalid.');
    expect(lookups).toBe(before + 1);
    now = T0 + 5_001;
    expectNested(await request(edge.server).get('/me').set('x-api-key', unknown), 401, 'invalid_api_key', 'The API key is invalid.');
    expect(lookups).toBe(before + 2);
  });

  it('refuses a record whose stored hash is not the key hash (constant-time compare)', async () => {
    expectNested(await request(edge.server).get('/me').set('x-api-key', impostor.key), 401, 'invalid_api_key', 'The API key is invalid.');
  });

  it.each([
    ['inactive', () => inactive, 'api_key_inactive', 'The API key is disabled.'],
    ['revoked', () => revoked, 'api_key_revoked', 'The API key has been revoked.'],
    ['deleted', () => deleted, 'api_key_deleted', 'The API key has been deleted.'],
    ['expired', () => expired, 'api_key_expired', 'The API key has expired.'],
    ['owned by an inactive account', () => suspended, 'account_inactive', 'The account is suspended or inactive.'],
  ])('refuses a key that is %s', async (_state, key, code, message) => {
    expectNested(await request(edge.server).get('/me').set('x-api-key', key()), 401, code, message);
  });

  it('caches a found key, and re-checks expiresAt at request time', async () => {
    const before = lookups;
    expect((await request(edge.server).get('/me').set('x-api-key', expiring)).status).toBe(200);
    now = T0 + 19_999;
    expect((await request(edge.server).get('/me').set('x-api-key', expiring)).status).toBe(200);
    expect(lookups).toBe(before + 1);
    now = T0 + 20_000;
    expectNested(await request(edge.server).get('/me').set('x-api-key', expiring), 401, 'api_key_expired', 'The API key has expired.');
    expect(lookups).toBe(before + 1); // refused from the cache, not from a new lookup
  });

  it('sees a revocation after the cache TTL, or at once after forgetApiKey', async () => {
    const bobHash = hashApiKey(bob);
    const original = records.get(bobHash) as ApiKeyRecord;
    expect((await request(edge.server).get('/me').set('x-api-key', bob)).status).toBe(200);
    records.set(bobHash, { ...original, status: 'revoked' });
    try {
      expect((await request(edge.server).get('/me').set('x-api-key', bob)).status).toBe(200); // still cached
      expect((await request(edge.server).get('/forget-bob')).status).toBe(200);
      expectNested(await request(edge.server).get('/me').set('x-api-key', bob), 401, 'api_key_revoked', 'The API key has been revoked.');
      records.set(bobHash, original);
      now = T0 + 30_001;
      expect((await request(edge.server).get('/me').set('x-api-key', bob)).status).toBe(200);
    } finally {
      records.set(bobHash, original);
    }
  });

  it('answers 503 service_unavailable when the key store fails, and logs the cause without the key', async () => {
    storeDown = true;
    const fresh = addKey({ id: 'key_fresh', accountId: 'acc_fresh' });
    const res = await request(edge.server).get('/me').set('x-api-key', fresh);
    expectNested(res, 503, 'service_unavailable', 'The service is temporarily unavailable.');
    expect(res.headers['retry-after']).toBe('5');
    expect(edge.logs.text()).toContain('db down: connection refused');
  });

  it('lets @Public() routes and controllers through without a key', async () => {
    const res = await request(edge.server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, principal: null });
    const open = await request(edge.server).get('/open').set('x-api-key', 'garbage');
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ open: true });
  });

  it('never reads the query string unless configured', async () => {
    expectNested(await request(edge.server).get('/me').query({ api_key: bob }), 401, 'missing_api_key', 'No API key was supplied.');
  });

  it('logged no key and no hash (the log holds the 503 above, so it is not empty)', () => {
    const text = edge.logs.text();
    expect(text).toContain('service_unavailable');
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });
});

// ---- Renamed codes, typed envelope, query source ------------------------------------------------

describe('API keys (typed envelope, renamed codes, query source)', () => {
  let edge: EdgeApp;

  beforeAll(async () => {
    now = T0;
    edge = await createEdgeApp({
      options: {
        envelope: 'typed',
        clock,
        catalogue: {
          overrides: {
            invalid_api_key: { code: 'INVALID_API_KEY', status: 401 },
            api_key_inactive: { code: 'token_inactive' },
            api_key_deleted: { code: 'token_deleted', status: 403 },
            missing_api_key: { as: 'invalid_api_key', message: 'Send your key in X-Token.' },
          },
        },
        apiKeys: { store, sources: ['X-Token', { query: 'api_key' }], cache: false },
      },
      controllers: [KeysController],
    });
  });
  afterAll(() => edge.close());

  function expectTyped(res: Response, status: number, code: string, message: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ type: 'authentication_error', code, message, param: null, request_id: requestId });
    expectNoKeyMaterial(res);
  }

  it('reports a renamed code with its new status', async () => {
    expectTyped(await request(edge.server).get('/me').set('X-Token', unknown), 401, 'INVALID_API_KEY', 'The API key is invalid.');
    expectTyped(await request(edge.server).get('/me').set('X-Token', inactive), 401, 'token_inactive', 'The API key is disabled.');
    expectTyped(await request(edge.server).get('/me').set('X-Token', deleted), 403, 'token_deleted', 'The API key has been deleted.');
  });

  it('folds missing into the invalid code with its own message', async () => {
    expectTyped(await request(edge.server).get('/me'), 401, 'INVALID_API_KEY', 'Send your key in X-Token.');
  });

  it('reads the query string when it is a configured source (without the cache, every request looks up)', async () => {
    const before = lookups;
    const res = await request(edge.server).get('/me').query({ api_key: bob });
    expect(res.status).toBe(200);
    expect((res.body as { principal: Principal }).principal.id).toBe('key_bob');
    await request(edge.server).get('/me').query({ api_key: bob });
    expect(lookups).toBe(before + 2);
    expectTyped(
      await request(edge.server).get(`/me?api_key=${alice}&api_key=${bob}`),
      401,
      'ambiguous_api_key',
      'Several different API keys were supplied. Send exactly one.',
    );
  });

  it('any key is looked up without formats (no prefix rule)', async () => {
    const res = await request(edge.server).get('/me').set('X-Token', team);
    expect(res.status).toBe(200);
    expect((res.body as { principal: Principal }).principal.kind).toBe('personal'); // no format: defaultKind
  });
});

// ---- A synchronous store and the stand-alone guard --------------------------------------------

describe('API keys (synchronous store)', () => {
  it('admits with a store that answers synchronously', async () => {
    const edge = await createEdgeApp({
      options: { apiKeys: { store: { findByHash: (hash) => records.get(hash) ?? null } } },
      controllers: [KeysController],
    });
    try {
      const res = await request(edge.server).get('/me').set('x-api-key', alice);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ principal: ALICE_PRINCIPAL });
      expectNested(await request(edge.server).get('/me').set('x-api-key', unknown), 401, 'invalid_api_key', 'The API key is invalid.');
    } finally {
      await edge.close();
    }
  });
});

// ---- Wrong options fail the start ------------------------------------------------------------

describe('API key options', () => {
  it.each([
    [{ store: {} }, /^Cannot authenticate API keys because apiKeys.store has no findByHash function\. Fix: /],
    [{ store, sources: [] }, /^Cannot read credentials because apiKeys.sources is empty\. Fix: /],
    [{ store, sources: ['bad header'] }, /^Cannot use apiKeys.sources\[0\] because "bad header" is not a header name\. Fix: /],
    [{ store, formats: [{ prefix: '' }] }, /^Cannot use apiKeys.formats\[0\] because its prefix is empty/],
    [{ store, formats: [{ prefix: 'sk_', length: 2 }] }, /^Cannot use apiKeys.formats\[0\].length because/],
    [{ store, cache: { ttlMs: -1 } }, /^Cannot use apiKeys.cache.ttlMs -1 because it must be an integer >= 0\. Fix: /],
  ])('refuses %j', async (apiKeys, message) => {
    const error = await startupError(() => createEdgeApp({ options: { apiKeys: apiKeys as never }, controllers: [KeysController] }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});
