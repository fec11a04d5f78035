import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Inject, Injectable, UseGuards } from '@nestjs/common';
import request, { type Response } from 'supertest';
import {
  ApiKeyCache,
  AuthenticationGuard,
  CurrentPrincipal,
  OptionsConfigurationError,
  Public,
  hashApiKey,
  mintApiKey,
  type ApiKeyRecord,
  type ApiKeyStore,
  type KeyKind,
  type Principal,
} from '../../lib/index.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';

// The app's key store: hashes only, and a counter of lookups to prove the cache is used.
const records = new Map<string, ApiKeyRecord>();
let lookups = 0;
const store: ApiKeyStore = {
  async findByHash(hash) {
    lookups++;
    return records.get(hash) ?? null;
  },
};

function addKey(record: Omit<ApiKeyRecord, 'hash'>): { key: string; hash: string } {
  const minted = mintApiKey({ prefix: 'hs_live_' });
  records.set(minted.hash, { ...record, hash: minted.hash });
  return minted;
}

function revoke(hash: string): void {
  records.set(hash, { ...(records.get(hash) as ApiKeyRecord), status: 'revoked' });
}

function expectRevoked(res: Response): void {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.body).toEqual({ error: { code: 'api_key_revoked', message: 'The API key has been revoked.', details: [] } });
}

// ---- Guards by hand (globalGuard: false): Nest builds its own AuthenticationGuard here ----------

@Controller('by-hand')
@UseGuards(AuthenticationGuard)
class ByHandController {
  constructor(
    @Inject(ApiKeyCache) private readonly apiKeyCache: ApiKeyCache,
    // The module's instance, not the one Nest built for @UseGuards above.
    @Inject(AuthenticationGuard) private readonly authentication: AuthenticationGuard,
  ) {}

  @Get('me') me(@CurrentPrincipal() principal: Principal) {
    return { id: principal.id };
  }

  @Public()
  @Get('forget-by-cache') forgetByCache() {
    this.apiKeyCache.forget(hashApiKey(byCache.key));
    return { ok: true };
  }

  @Public()
  @Get('forget-by-guard') forgetByGuard() {
    this.authentication.forgetApiKey(hashApiKey(byGuard.key).toUpperCase());
    return { ok: true };
  }
}

const byCache = addKey({ id: 'key_by_cache', accountId: 'acc_1' });
const byGuard = addKey({ id: 'key_by_guard', accountId: 'acc_1' });

describe('the API-key cache is one provider, shared by guards built by hand (globalGuard: false)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({ options: { apiKeys: { store } }, extras: { globalGuard: false }, controllers: [ByHandController] });
  });
  afterAll(() => edge.close());

  it.each([
    ['ApiKeyCache.forget()', byCache, '/by-hand/forget-by-cache'],
    ["the module's AuthenticationGuard.forgetApiKey()", byGuard, '/by-hand/forget-by-guard'],
  ])('a revoked key is refused on the next request after %s', async (_how, minted, forgetPath) => {
    const first = await request(edge.server).get('/by-hand/me').set('x-api-key', minted.key);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: minted.hash === byCache.hash ? 'key_by_cache' : 'key_by_guard' });
    revoke(minted.hash);
    const before = lookups;
    // Still cached: the store is not asked.
    expect((await request(edge.server).get('/by-hand/me').set('x-api-key', minted.key)).status).toBe(200);
    expect(lookups).toBe(before);
    expect((await request(edge.server).get(forgetPath)).body).toEqual({ ok: true });
    expectRevoked(await request(edge.server).get('/by-hand/me').set('x-api-key', minted.key));
    expect(lookups).toBe(before + 1);
  });

  it('the cache is the one provider the app injects', () => {
    expect(edge.app.get(ApiKeyCache).enabled).toBe(true);
  });
});

// ---- apiKeys.toPrincipal: the app's own mapping --------------------------------------------------

@Controller('mapped')
class MappedController {
  @Get('me') me(@CurrentPrincipal() principal: Principal) {
    return { principal, frozen: Object.isFrozen(principal) };
  }
}

const mapped = addKey({ id: 'key_mapped', accountId: 'acc_2', scopes: ['messages:read'], plan: 'pro', kind: 'team' });

describe('apiKeys.toPrincipal replaces the principal mapping', () => {
  let edge: EdgeApp;
  const calls: Array<[string, KeyKind]> = [];
  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        apiKeys: {
          store,
          toPrincipal: (record, kind) => {
            calls.push([record.id, kind]);
            return { credential: 'api_key', id: `mapped:${record.id}`, accountId: record.accountId, kind, scopes: ['*'], data: { tier: record.plan } };
          },
        },
      },
      controllers: [MappedController],
    });
  });
  afterAll(() => edge.close());

  it('the handler sees the mapped principal, built once per lookup', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await request(edge.server).get('/mapped/me').set('x-api-key', mapped.key);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        principal: { credential: 'api_key', id: 'mapped:key_mapped', accountId: 'acc_2', kind: 'team', scopes: ['*'], data: { tier: 'pro' } },
        frozen: true,
      });
    }
    expect(calls).toEqual([['key_mapped', 'team']]);
  });

  it('refuses a toPrincipal that is not a function at start', async () => {
    const error = await startupError(() =>
      createEdgeApp({ options: { apiKeys: { store, toPrincipal: 'nope' as unknown as () => Principal } }, controllers: [MappedController] }),
    );
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toBe(
      'Cannot use apiKeys.toPrincipal because it is not a function. Fix: pass (record, kind) => principal, or omit it for the built-in mapping.',
    );
  });
});

// ---- checks: { authentication: Subclass }: the global guard uses the subclass -------------------

@Injectable()
class RegionAuthentication extends AuthenticationGuard {
  protected override principalFromRecord(record: ApiKeyRecord, kind: KeyKind): Principal {
    const principal = super.principalFromRecord(record, kind);
    return { ...principal, data: { ...principal.data, region: 'eu-west' } };
  }
}

@Controller('sub')
class SubclassController {
  constructor(@Inject(AuthenticationGuard) private readonly authentication: AuthenticationGuard) {}

  @Get('me') me(@CurrentPrincipal() principal: Principal) {
    return { id: principal.id, data: principal.data, subclass: this.authentication instanceof RegionAuthentication };
  }
}

const regional = addKey({ id: 'key_regional', accountId: 'acc_3', data: { label: 'ci' } });

describe('checks: { authentication } registers a subclass inside the module', () => {
  let edge: EdgeApp | undefined;
  afterEach(async () => {
    await edge?.close();
    edge = undefined;
  });

  it('the global guard runs the subclass: the handler sees its hook', async () => {
    edge = await createEdgeApp({
      options: { apiKeys: { store } },
      extras: { checks: { authentication: RegionAuthentication } },
      controllers: [SubclassController],
    });
    const res = await request(edge.server).get('/sub/me').set('x-api-key', regional.key);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'key_regional', data: { label: 'ci', region: 'eu-west' }, subclass: true });
  });

  it('without the switch the built-in class runs', async () => {
    edge = await createEdgeApp({ options: { apiKeys: { store } }, controllers: [SubclassController] });
    const res = await request(edge.server).get('/sub/me').set('x-api-key', regional.key);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'key_regional', data: { label: 'ci' }, subclass: false });
  });

  it.each([
    [
      { authentication: class NotAGuard {} },
      'Cannot replace the check "authentication" because the value given is not a subclass of AuthenticationGuard. Fix: pass a class that extends AuthenticationGuard (checks: { authentication: class extends AuthenticationGuard { … } }).',
    ],
    [
      { authenticate: RegionAuthentication },
      'Cannot replace the check "authenticate" because there is no such check. Fix: use one of maintenance, ipAllowlist, bruteForce, authentication, signature, workspace, scopes, plan, rateLimit.',
    ],
  ])('refuses a bad replacement at start', async (checks, message) => {
    const error = await startupError(() =>
      createEdgeApp({ options: { apiKeys: { store } }, extras: { checks: checks as never }, controllers: [SubclassController] }),
    );
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toBe(message);
  });
});
