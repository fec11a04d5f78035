import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request, { type Response } from 'supertest';
import {
  AcceptCredentials,
  CurrentPrincipal,
  OptionsConfigurationError,
  mintApiKey,
  type ApiKeyRecord,
  type ApiKeyStore,
  type Principal,
  type TokenIdentity,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp, startupError } from '../support/edge-app.js';
import { RouteConfigurationError } from '../../lib/index.js';

// ---- The app's side: users, sessions, a JwtService, an in-memory key store ---------------------

const jwtService = new JwtService({ secret: 'jwt-test-secret-0123456789abcdef' });
const otherService = new JwtService({ secret: 'another-secret-0123456789abcdef' });
const users = new Map<string, { active: boolean; scopes: string[] }>([
  ['usr_ana', { active: true, scopes: ['billing:read'] }],
  ['usr_gone', { active: false, scopes: [] }],
]);
const revokedSessions = new Set(['ses_revoked']);
const secrets: string[] = [];

const records = new Map<string, ApiKeyRecord>();
const { key: apiKey, hash: apiKeyHash } = mintApiKey({ prefix: 'sk_live_' });
records.set(apiKeyHash, { id: 'key_1', accountId: 'acc_1', hash: apiKeyHash });
secrets.push(apiKey, apiKeyHash);
const keyStore: ApiKeyStore = { findByHash: (hash) => records.get(hash) ?? null };

const nowSeconds = Math.floor(Date.now() / 1000);
function token(payload: Record<string, unknown>, service = jwtService): string {
  const t = service.sign(payload);
  secrets.push(t);
  return t;
}
const ana = token({ sub: 'usr_ana', jti: 'ses_1' });
// Expiry and not-before are set in the payload relative to now, far from the edge: no timing.
const expired = token({ sub: 'usr_ana', jti: 'ses_1', exp: nowSeconds - 3600 });
const notYet = token({ sub: 'usr_ana', jti: 'ses_1', nbf: nowSeconds + 3600 });
const forged = token({ sub: 'usr_ana', jti: 'ses_1' }, otherService);
const revoked = token({ sub: 'usr_ana', jti: 'ses_revoked' });
const inactiveUser = token({ sub: 'usr_gone', jti: 'ses_2' });
const unknownUser = token({ sub: 'usr_nobody', jti: 'ses_3' });
const withScopes = token({ sub: 'usr_x', scope: 'messages:read messages:write' });

async function resolve(payload: Record<string, unknown>): Promise<TokenIdentity | null> {
  const user = users.get(String(payload.sub));
  if (!user || revokedSessions.has(String(payload.jti))) return null;
  return { userId: String(payload.sub), accountId: `acc_${String(payload.sub)}`, sessionId: String(payload.jti), active: user.active, scopes: user.scopes };
}

// ---- Routes -----------------------------------------------------------------------------------

@AcceptCredentials('jwt')
@Controller('console')
class ConsoleController {
  @Get('me') me(@CurrentPrincipal() principal: Principal) {
    return { principal };
  }
}

@Controller()
class MixedController {
  @AcceptCredentials('api_key', 'jwt')
  @Get('either') either(@CurrentPrincipal() principal: Principal) {
    return { credential: principal.credential, id: principal.id };
  }

  @Get('keys-only') keysOnly(@CurrentPrincipal() principal: Principal) {
    return { credential: principal.credential, id: principal.id };
  }
}

function expectNoSecrets(res: Response): void {
  const wire = res.text + JSON.stringify(res.headers);
  for (const secret of secrets) expect(wire).not.toContain(secret);
}

function expectFlag(res: Response, status: number, code: string, description: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body).toEqual({ status: false, error_code: code, description });
  expectNoSecrets(res);
}

const ANA = {
  credential: 'jwt',
  id: 'ses_1',
  accountId: 'acc_usr_ana',
  kind: 'personal',
  scopes: ['billing:read'],
  scopeLevel: 'personal',
};

// ---- Seed 002: status-flag envelope, JwtService, keys and tokens sharing Authorization: Bearer -----

describe('JWT through @nestjs/jwt (status-flag envelope, seed 002 codes)', () => {
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        envelope: 'status-flag',
        catalogue: {
          overrides: {
            missing_credentials: { code: 'UNAUTHORIZED' },
            missing_api_key: { as: 'missing_credentials' },
            invalid_token: { code: 'INVALID_TOKEN' },
            token_expired: { code: 'TOKEN_EXPIRED' },
            account_inactive: { code: 'USER_NOT_ACTIVE' },
            invalid_api_key: { code: 'INVALID_API_KEY' },
          },
        },
        apiKeys: { store: keyStore, sources: ['x-api-key', { header: 'authorization', scheme: 'Bearer' }] },
        jwt: { jwtService, verifyOptions: { algorithms: ['HS256'] }, resolve },
      },
      controllers: [ConsoleController, MixedController],
    });
  });
  afterAll(() => edge.close());

  it('admits a valid token and hands a personal jwt principal to the handler', async () => {
    const res = await request(edge.server).get('/console/me').set('Authorization', `Bearer ${ana}`);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ principal: ANA });
    expectNoSecrets(res);
  });

  it('refuses an expired token: TOKEN_EXPIRED', async () => {
    expectFlag(await request(edge.server).get('/console/me').set('Authorization', `Bearer ${expired}`), 401, 'TOKEN_EXPIRED', 'The bearer token has expired.');
  });

  it.each([
    ['malformed', () => 'not-a.jwt.at-all'],
    ['signed with another secret', () => forged],
    ['not yet valid (nbf)', () => notYet],
    ['revoked (resolve returns null)', () => revoked],
    ['of an unknown user', () => unknownUser],
  ])('refuses a token that is %s: INVALID_TOKEN', async (_what, t) => {
    expectFlag(await request(edge.server).get('/console/me').set('Authorization', `Bearer ${t()}`), 401, 'INVALID_TOKEN', 'The bearer token is invalid.');
  });

  it('refuses a token of an inactive user: USER_NOT_ACTIVE', async () => {
    expectFlag(
      await request(edge.server).get('/console/me').set('Authorization', `Bearer ${inactiveUser}`),
      401,
      'USER_NOT_ACTIVE',
      'The account is suspended or inactive.',
    );
  });

  it('refuses a JWT-only route without a token: UNAUTHORIZED (missing credentials), even with an API key', async () => {
    expectFlag(await request(edge.server).get('/console/me'), 401, 'UNAUTHORIZED', 'No credentials were supplied.');
    expectFlag(await request(edge.server).get('/console/me').set('x-api-key', apiKey), 401, 'UNAUTHORIZED', 'No credentials were supplied.');
  });

  it('treats an API key in Authorization: Bearer as an invalid token on a JWT-only route', async () => {
    expectFlag(await request(edge.server).get('/console/me').set('Authorization', `Bearer ${apiKey}`), 401, 'INVALID_TOKEN', 'The bearer token is invalid.');
  });

  it('takes either credential where both are accepted, telling them apart in a shared Bearer header', async () => {
    const byKeyHeader = await request(edge.server).get('/either').set('x-api-key', apiKey);
    expect(byKeyHeader.status).toBe(200);
    expect(byKeyHeader.body).toEqual({ credential: 'api_key', id: 'key_1' });
    const byKeyBearer = await request(edge.server).get('/either').set('Authorization', `Bearer ${apiKey}`);
    expect(byKeyBearer.body).toEqual({ credential: 'api_key', id: 'key_1' });
    const byToken = await request(edge.server).get('/either').set('Authorization', `Bearer ${ana}`);
    expect(byToken.status).toBe(200);
    expect(byToken.body).toEqual({ credential: 'jwt', id: 'ses_1' });
    expectNoSecrets(byToken);
  });

  it('refuses a route taking both with neither: UNAUTHORIZED', async () => {
    expectFlag(await request(edge.server).get('/either'), 401, 'UNAUTHORIZED', 'No credentials were supplied.');
  });

  it('refuses an API key and a token together: ambiguous', async () => {
    expectFlag(
      await request(edge.server).get('/either').set('x-api-key', apiKey).set('Authorization', `Bearer ${ana}`),
      401,
      'ambiguous_api_key',
      'Both an API key and a bearer token were supplied. Send exactly one.',
    );
  });

  it('does not take a token on an API-key-only route (the Bearer value is read as a key)', async () => {
    expectFlag(await request(edge.server).get('/keys-only').set('Authorization', `Bearer ${ana}`), 401, 'INVALID_API_KEY', 'The API key is invalid.');
    const res = await request(edge.server).get('/keys-only').set('x-api-key', apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ credential: 'api_key', id: 'key_1' });
  });

  it('maps default JwtService payloads without resolve: sub, jti, scope', async () => {
    const plain = await createEdgeApp({ options: { jwt: { jwtService } }, controllers: [ConsoleController] });
    try {
      const res = await request(plain.server).get('/console/me').set('Authorization', `Bearer ${withScopes}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        principal: { credential: 'jwt', id: 'usr_x', accountId: 'usr_x', kind: 'personal', scopes: ['messages:read', 'messages:write'], scopeLevel: 'personal' },
      });
    } finally {
      await plain.close();
    }
  });

  it('logged no token, key or hash', () => {
    const text = edge.logs.text();
    expect(text).toContain('Nest application successfully started');
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });
});

// ---- The app's own verifier (nested envelope), acceptByDefault, a custom header -----------------

describe('JWT through the app verifier (nested envelope)', () => {
  let edge: EdgeApp;
  const sessions = new Map<string, TokenIdentity>([
    ['tok_ok', { userId: 'usr_1', sessionId: 'ses_ok', scopes: ['*'] }],
    ['tok_inactive', { userId: 'usr_2', active: false }],
  ]);

  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        envelope: 'nested',
        apiKeys: { store: keyStore },
        jwt: {
          header: 'x-session',
          scheme: '',
          acceptByDefault: true,
          verify: (t) => {
            if (t === 'tok_expired') throw Object.assign(new Error('jwt expired'), { name: 'TokenExpiredError' });
            if (t === 'tok_broken') throw new Error('session store unreachable');
            return sessions.get(t) ?? null;
          },
        },
      },
      controllers: [MixedController],
    });
  });
  afterAll(() => edge.close());

  function expectNested(res: Response, status: number, code: string, message: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ error: { code, message, details: [] } });
    expect(res.text).not.toContain('tok_');
  }

  it('takes a token on a default route when acceptByDefault is set (synchronous verifier)', async () => {
    const res = await request(edge.server).get('/keys-only').set('x-session', 'tok_ok');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ credential: 'jwt', id: 'ses_ok' });
    const key = await request(edge.server).get('/keys-only').set('x-api-key', apiKey);
    expect(key.body).toEqual({ credential: 'api_key', id: 'key_1' });
  });

  it('maps the verifier outcomes to the catalogue', async () => {
    expectNested(await request(edge.server).get('/keys-only').set('x-session', 'tok_unknown'), 401, 'invalid_token', 'The bearer token is invalid.');
    expectNested(await request(edge.server).get('/keys-only').set('x-session', 'tok_expired'), 401, 'token_expired', 'The bearer token has expired.');
    expectNested(await request(edge.server).get('/keys-only').set('x-session', 'tok_inactive'), 401, 'account_inactive', 'The account is suspended or inactive.');
    expectNested(await request(edge.server).get('/keys-only'), 401, 'missing_credentials', 'No credentials were supplied.');
  });

  it('lets an unexpected verifier failure through as a logged 500, without the token', async () => {
    expectNested(await request(edge.server).get('/keys-only').set('x-session', 'tok_broken'), 500, 'internal_error', 'An unexpected error occurred.');
    const text = edge.logs.text();
    expect(text).toContain('session store unreachable');
    expect(text).not.toContain('tok_broken');
  });
});

// ---- Wrong options ----------------------------------------------------------------------------

describe('JWT options', () => {
  it.each([
    [{}, /^Cannot authenticate bearer tokens because jwt has neither verify nor jwtService\. Fix: /],
    [{ verify: () => null, jwtService }, /^Cannot authenticate bearer tokens because jwt has both verify and jwtService\. Fix: /],
    [{ jwtService: {} }, /^Cannot use jwt.jwtService because it has no verifyAsync method\. Fix: /],
    [{ verify: () => null, resolve: () => null }, /^Cannot use jwt.resolve because it applies only with jwt.jwtService/],
  ])('refuses %p', async (jwt, message) => {
    const error = await startupError(() => createEdgeApp({ options: { jwt: jwt as never }, controllers: [ConsoleController] }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('fails the start on a route that accepts only an unconfigured kind, naming the route and the fix', async () => {
    const error = await startupError(() => createEdgeApp({ options: { apiKeys: { store: keyStore } }, controllers: [ConsoleController] }));
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toBe(
      '[ConsoleController.me] Cannot authenticate ConsoleController.me because it accepts only jwt and that credential kind is not configured. Fix: configure "jwt" in ApiEdgeModule.forRoot, or change @AcceptCredentials on the route.',
    );
  });
});
