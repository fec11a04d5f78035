import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import request, { type Response } from 'supertest';
import {
  AcceptCredentials,
  AuthenticationGuard,
  BoundResource,
  CurrentPrincipal,
  RequireScopeLevel,
  RequireScopes,
  ScopeGuard,
  defineCatalogue,
  mintApiKey,
  type ApiKeyRecord,
  type ApiKeyStore,
  type Principal,
} from '../../lib/index.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';
import { RouteConfigurationError } from '../../lib/index.js';

// ---- The app's side ----------------------------------------------------------------------------

const records = new Map<string, ApiKeyRecord>();
const secrets: string[] = [];
function addKey(record: Omit<ApiKeyRecord, 'hash' | 'accountId'>): string {
  const { key, hash } = mintApiKey({ prefix: 'sk_' });
  records.set(hash, { accountId: 'acc_1', ...record, hash });
  secrets.push(key, hash);
  return key;
}
const store: ApiKeyStore = { findByHash: async (hash) => records.get(hash) ?? null };

const reader = addKey({ id: 'k_reader', scopes: ['messages:read'] });
const readWrite = addKey({ id: 'k_rw', scopes: ['messages:read', 'messages:write'] });
const everything = addKey({ id: 'k_all', scopes: ['*'] });
const messagesWildcard = addKey({ id: 'k_msg', scopes: ['messages:*'] });
const lookalike = addKey({ id: 'k_lookalike', scopes: ['messages*', 'message:*'] });
const personal = addKey({ id: 'k_personal', kind: 'personal', scopes: ['*'] });
const organization = addKey({ id: 'k_org', kind: 'organization', scopes: ['*'] });
const personalAtOrgLevel = addKey({ id: 'k_elevated', kind: 'personal', scopeLevel: 'organization', scopes: ['*'] });
const lineBound = addKey({ id: 'k_line', scopes: ['*'], boundResources: { line: ['ln_1', 'ln_2'] } });
const instanceBound = addKey({ id: 'k_instance', scopes: ['*'], boundResources: { instance: ['in_1'] } });

// ---- Routes -----------------------------------------------------------------------------------

@RequireScopes('messages:read')
@Controller('messages')
class MessagesController {
  @Get() list(@CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id };
  }

  @RequireScopes('messages:write')
  @Post() send(@CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id };
  }
}

@Controller()
class OrgController {
  @RequireScopeLevel('organization')
  @Get('dnc') dnc(@CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id };
  }

  @BoundResource('line', 'lineId')
  @Get('lines/:lineId/chats') chats(@Param('lineId') lineId: string) {
    return { lineId };
  }

  @BoundResource('line', 'lineId')
  @BoundResource('instance', 'instanceId', { error: 'INSTANCE_NOT_ASSIGNED' })
  @Get('lines/:lineId/instances/:instanceId') instance(@Param('instanceId') instanceId: string) {
    return { instanceId };
  }
}

function expectNoKeyMaterial(res: Response): void {
  const wire = res.text + JSON.stringify(res.headers);
  for (const secret of secrets) expect(wire).not.toContain(secret);
}

// ---- Seed 003: object envelope, renamed scope level code, invalid key at 403 --------------------

describe('scopes (object envelope, seed 003 codes)', () => {
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        envelope: 'object',
        docsBaseUrl: 'https://docs.example.com/errors',
        catalogue: defineCatalogue({
          overrides: {
            invalid_api_key: { status: 403 },
            scope_level_invalid: { code: 'scope_invalid' },
          },
          entries: {
            INSTANCE_NOT_ASSIGNED: { status: 403, type: 'authorization_error', message: 'Instance not assigned to you.' },
          },
        }),
        apiKeys: { store, sources: [{ header: 'authorization', scheme: 'Bearer' }, 'X-Integration-Key'] },
      },
      controllers: [MessagesController, OrgController],
    });
  });
  afterAll(() => edge.close());

  function expectObject(res: Response, status: number, code: string, message: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({
      object: 'error',
      code,
      message,
      request_id: requestId,
      docs_url: `https://docs.example.com/errors#${code}`,
    });
    expectNoKeyMaterial(res);
  }

  const get = (path: string, key: string) => request(edge.server).get(path).set('Authorization', `Bearer ${key}`);
  const post = (path: string, key: string) => request(edge.server).post(path).set('X-Integration-Key', key);

  it('admits a key holding every scope of the controller and the handler', async () => {
    const res = await post('/messages', readWrite);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ keyId: 'k_rw' });
    expectNoKeyMaterial(res);
  });

  it('refuses a key missing one of them: insufficient_scope', async () => {
    expect((await get('/messages', reader)).status).toBe(200);
    expectObject(await post('/messages', reader), 403, 'insufficient_scope', 'The API key does not hold the scope required for this endpoint.');
  });

  it('honours * and prefix:* grants, and nothing that merely looks like them', async () => {
    expect((await post('/messages', everything)).body).toEqual({ keyId: 'k_all' });
    expect((await post('/messages', messagesWildcard)).body).toEqual({ keyId: 'k_msg' });
    expectObject(await get('/messages', lookalike), 403, 'insufficient_scope', 'The API key does not hold the scope required for this endpoint.');
  });

  it('refuses a personal key on an organization-level route: scope_invalid (renamed)', async () => {
    expectObject(await get('/dnc', personal), 403, 'scope_invalid', "The API key's scope level does not permit this resource.");
    expect((await get('/dnc', organization)).body).toEqual({ keyId: 'k_org' });
    expect((await get('/dnc', personalAtOrgLevel)).body).toEqual({ keyId: 'k_elevated' });
  });

  it('refuses a line-bound key on another line: resource_not_accessible', async () => {
    expect((await get('/lines/ln_2/chats', lineBound)).body).toEqual({ lineId: 'ln_2' });
    expectObject(
      await get('/lines/ln_9/chats', lineBound),
      403,
      'resource_not_accessible',
      'The API key is bound to other resources and cannot access this one.',
    );
  });

  it('lets a key without a binding for the type through', async () => {
    expect((await get('/lines/ln_9/chats', everything)).body).toEqual({ lineId: 'ln_9' });
    expect((await get('/lines/ln_9/chats', instanceBound)).body).toEqual({ lineId: 'ln_9' });
  });

  it('raises the per-type catalogue entry named on the decorator: INSTANCE_NOT_ASSIGNED', async () => {
    expect((await get('/lines/ln_1/instances/in_1', instanceBound)).body).toEqual({ instanceId: 'in_1' });
    expectObject(await get('/lines/ln_1/instances/in_2', instanceBound), 403, 'INSTANCE_NOT_ASSIGNED', 'Instance not assigned to you.');
  });

  it('reports an unknown key with the re-statused code before any scope check', async () => {
    expectObject(await get('/dnc', 'sk_unknownkey'), 403, 'invalid_api_key', 'The API key is invalid.');
  });

  it('logged no key and no hash', () => {
    const text = edge.logs.text();
    expect(text).toContain('Nest application successfully started');
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });
});

// ---- Seed 004: typed envelope, line_not_accessible with param ----------------------------------

describe('scopes (typed envelope, seed 004 line_not_accessible)', () => {
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await createEdgeApp({
      options: {
        envelope: 'typed',
        catalogue: {
          overrides: { resource_not_accessible: { code: 'line_not_accessible', message: "The key is line-scoped and can't access the requested line." } },
          // OrgController's @BoundResource names it: every route's error keys must exist at start-up.
          entries: { INSTANCE_NOT_ASSIGNED: { status: 403, type: 'authorization_error', message: 'Instance not assigned to you.' } },
        },
        apiKeys: { store, sources: [{ header: 'authorization', scheme: 'Bearer' }] },
      },
      controllers: [MessagesController, OrgController],
    });
  });
  afterAll(() => edge.close());

  it('names the route parameter at fault', async () => {
    const res = await request(edge.server).get('/lines/ln_3/chats').set('Authorization', `Bearer ${lineBound}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({
      type: 'authorization_error',
      code: 'line_not_accessible',
      message: "The key is line-scoped and can't access the requested line.",
      param: 'lineId',
      request_id: res.headers['x-request-id'],
    });
    expectNoKeyMaterial(res);
  });

  it('answers insufficient_scope as an authorization_error', async () => {
    const res = await request(edge.server).post('/messages').set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      type: 'authorization_error',
      code: 'insufficient_scope',
      message: 'The API key does not hold the scope required for this endpoint.',
      param: null,
      request_id: res.headers['x-request-id'],
    });
  });
});

// ---- The checks as stand-alone guards, and scopes on JWT principals ----------------------------

@UseGuards(AuthenticationGuard, ScopeGuard)
@Controller('alone')
class StandaloneController {
  @RequireScopes('reports:read')
  @Get() read(@CurrentPrincipal() principal: Principal) {
    return { id: principal.id, credential: principal.credential };
  }

  @AcceptCredentials('jwt')
  @RequireScopes('reports:read')
  @Get('console') console(@CurrentPrincipal() principal: Principal) {
    return { id: principal.id, credential: principal.credential };
  }
}

describe('AuthenticationGuard and ScopeGuard used alone (no global guard)', () => {
  let edge: EdgeApp;
  const reports = addKey({ id: 'k_reports', scopes: ['reports:read'] });

  beforeAll(async () => {
    edge = await createEdgeApp({
      extras: { globalGuard: false },
      options: {
        apiKeys: { store },
        jwt: { verify: (t) => (t === 'tok_reports' ? { userId: 'usr_1', scopes: ['reports:*'] } : t === 'tok_none' ? { userId: 'usr_2' } : null) },
      },
      controllers: [StandaloneController],
    });
  });
  afterAll(() => edge.close());

  it('authenticates and checks scopes through @UseGuards', async () => {
    const ok = await request(edge.server).get('/alone').set('x-api-key', reports);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: 'k_reports', credential: 'api_key' });
    const missing = await request(edge.server).get('/alone');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { code: 'missing_api_key', message: 'No API key was supplied.', details: [] } });
    const scope = await request(edge.server).get('/alone').set('x-api-key', reader);
    expect(scope.status).toBe(403);
    expect(scope.body).toEqual({
      error: { code: 'insufficient_scope', message: 'The API key does not hold the scope required for this endpoint.', details: [] },
    });
    expectNoKeyMaterial(scope);
  });

  it('checks the scopes of a JWT principal too', async () => {
    const ok = await request(edge.server).get('/alone/console').set('Authorization', 'Bearer tok_reports');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: 'usr_1', credential: 'jwt' });
    const refused = await request(edge.server).get('/alone/console').set('Authorization', 'Bearer tok_none');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: 'insufficient_scope', message: 'The API key does not hold the scope required for this endpoint.', details: [] },
    });
  });
});

describe('a @BoundResource error key the catalogue lacks', () => {
  @Controller('misconfigured')
  class MisconfiguredController {
    @BoundResource('line', 'lineId', { error: 'no_such_key' })
    @Get(':lineId') line(@Param('lineId') lineId: string) {
      return { lineId };
    }
  }

  it('fails the start, naming the route and the fix', async () => {
    const error = await startupError(() => createEdgeApp({ options: { envelope: 'nested', apiKeys: { store } }, controllers: [MisconfiguredController] }));
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toBe(
      `[MisconfiguredController.line] Cannot refuse a bound resource with "no_such_key" because it is not a catalogue key. Fix: add "no_such_key" to your catalogue's entries, or drop the error option of @BoundResource('line', 'lineId').`,
    );
  });
});
