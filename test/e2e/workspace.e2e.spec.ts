import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Delete, Get, Param, Post } from '@nestjs/common';
import request from 'supertest';
import {
  CurrentPrincipal,
  CurrentWorkspace,
  mintApiKey,
  OptionsConfigurationError,
  ownedOrNotFound,
  PersonalKeyOnly,
  Public,
  RequireRole,
  RequireWorkspace,
  type ApiKeyRecord,
  type ApiKeyStore,
  type Principal,
  type WorkspaceResolution,
  type WorkspaceResolver,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp, startupError } from '../support/edge-app.js';
import { RouteConfigurationError } from '../../lib/index.js';

const JSON_TYPE = 'application/json; charset=utf-8';

// ---- Real API keys: the app keeps only hashes ------------------------------------------------

const records = new Map<string, ApiKeyRecord>();
const keyStore: ApiKeyStore = { findByHash: (hash) => records.get(hash) ?? null };
function addKey(record: Omit<ApiKeyRecord, 'hash'>): string {
  const { key, hash } = mintApiKey({ prefix: record.kind === 'team' ? 'msgf_team_' : 'msgf_live_' });
  records.set(hash, { scopes: ['*'], ...record, hash });
  return key;
}

// ---- App A, seed 000 style: X-Team-Id, team keys, roles, nested envelope ---------------------

interface Team {
  readonly id: string;
  readonly name: string;
  readonly deleted?: boolean;
  readonly members: Readonly<Record<string, string>>; // accountId → role
}
const teams = new Map<string, Team>([
  ['10', { id: '10', name: 'Support', members: { acc_alice: 'owner', acc_bob: 'collaborator' } }],
  ['20', { id: '20', name: 'Old team', deleted: true, members: { acc_alice: 'owner' } }],
  ['30', { id: '30', name: 'Carol’s team', members: { acc_carol: 'owner' } }],
]);

/** Synchronous resolver (a cache hit): not a member and another tenant's both come back. */
const teamResolver: WorkspaceResolver<Team> = {
  resolve(principal, teamId): WorkspaceResolution<Team> {
    if (teamId === undefined) return { status: 'none' };
    const team = teams.get(teamId);
    if (team === undefined) return { status: 'not_found' };
    if (team.deleted) return { status: 'deleted' };
    const role = team.members[principal.accountId];
    if (role === undefined) return { status: 'other_tenant' };
    return { status: 'found', id: team.id, role, workspace: team };
  },
};

const alice = addKey({ id: 'key_alice', accountId: 'acc_alice', kind: 'personal' });
const ownerTeamKey = addKey({ id: 'key_team_owner', accountId: 'acc_alice', kind: 'team', workspaceId: '10' });
const collaboratorTeamKey = addKey({ id: 'key_team_bob', accountId: 'acc_bob', kind: 'team', workspaceId: '10' });
const deletedTeamKey = addKey({ id: 'key_team_old', accountId: 'acc_alice', kind: 'team', workspaceId: '20' });
const carolPersonal = addKey({ id: 'key_carol', accountId: 'acc_carol', kind: 'personal' });

@Controller()
class TeamController {
  @Get('me') @PersonalKeyOnly() me(@CurrentPrincipal() principal: Principal) {
    return { key: principal.id };
  }
  @Get('instances') instances(
    @CurrentWorkspace() team: Team | undefined,
    @CurrentWorkspace('id') id: string | undefined,
    @CurrentWorkspace('role') role: string | undefined,
  ) {
    return { team: team?.name ?? null, id: id ?? null, role: role ?? null };
  }
  @Delete('team/keys/:id') @RequireRole('owner') revoke(@Param('id') id: string) {
    return { revoked: id };
  }
}

@Controller('billing')
@RequireRole({ roles: ['owner'], methods: ['POST'], error: 'billing_team_mutation_forbidden' })
class BillingController {
  @Get('payments') payments() {
    return { payments: [] };
  }
  @Post('checkout') checkout() {
    return { checkout: 'started' };
  }
}

function expectNested(res: request.Response, status: number, code: string, message: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe(JSON_TYPE);
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body).toEqual({ error: { code, message, details: [] } });
}

describe('workspaces, seed 000 style (X-Team-Id, team keys, roles; nested envelope)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [TeamController, BillingController],
      options: {
        envelope: 'nested',
        catalogue: {
          overrides: {
            workspace_not_found: { code: 'TEAM_NOT_FOUND', message: 'X-Team-Id is not a team you belong to.' },
            // Another tenant's team is reported exactly like a missing one.
            cross_tenant_workspace: { as: 'workspace_not_found' },
            workspace_not_available: { as: 'workspace_not_found' },
            team_key_required: { code: 'TEAM_KEY_REQUIRED' },
            team_key_not_allowed: { code: 'TEAM_KEY_NOT_ALLOWED' },
            workspace_access_denied: { code: 'TEAM_ACCESS_DENIED' },
            invalid_workspace_header: { code: 'BAD_REQUEST', message: 'X-Team-Id must be a positive integer.' },
            bad_request: { code: 'INVALID_REQUEST' },
          },
          entries: {
            billing_team_mutation_forbidden: {
              code: 'BILLING_TEAM_MUTATION_FORBIDDEN',
              status: 403,
              type: 'authorization_error',
              message: 'Billing mutations in a team workspace are reserved to the team owner.',
            },
          },
        },
        apiKeys: { store: keyStore, sources: ['x-api-key'] },
        workspace: {
          header: 'X-Team-Id',
          format: 'positive-integer',
          resolver: teamResolver,
          personalKeyWithHeader: 'reject',
          personalContextRole: 'owner',
        },
      },
    });
  });
  afterAll(() => edge.close());

  it('success: a team key reaches the handler with its team and role', async () => {
    const res = await request(edge.server).get('/instances').set('x-api-key', ownerTeamKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ team: 'Support', id: '10', role: 'owner' });
    const named = await request(edge.server).get('/instances').set('x-api-key', collaboratorTeamKey).set('X-Team-Id', '10');
    expect(named.status).toBe(200);
    expect(named.body).toEqual({ team: 'Support', id: '10', role: 'collaborator' });
  });

  it('success: a personal key without the header works in its personal context', async () => {
    const res = await request(edge.server).get('/instances').set('x-api-key', alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ team: null, id: null, role: null });
  });

  it('TEAM_KEY_REQUIRED: a personal key with X-Team-Id', async () => {
    expectNested(
      await request(edge.server).get('/instances').set('x-api-key', alice).set('X-Team-Id', '10'),
      403,
      'TEAM_KEY_REQUIRED',
      'A personal API key cannot be used with a team context. Use a team key.',
    );
  });

  it('TEAM_KEY_NOT_ALLOWED: a team key on a personal-only route', async () => {
    expectNested(
      await request(edge.server).get('/me').set('x-api-key', ownerTeamKey),
      403,
      'TEAM_KEY_NOT_ALLOWED',
      'A team API key cannot be used on this personal-only route. Use a personal key.',
    );
    const personal = await request(edge.server).get('/me').set('x-api-key', alice);
    expect(personal.status).toBe(200);
    expect(personal.body).toEqual({ key: 'key_alice' });
  });

  it('TEAM_NOT_FOUND: a team key naming another team, a deleted team, and a malformed header', async () => {
    const message = 'X-Team-Id is not a team you belong to.';
    expectNested(await request(edge.server).get('/instances').set('x-api-key', ownerTeamKey).set('X-Team-Id', '30'), 404, 'TEAM_NOT_FOUND', message);
    expectNested(await request(edge.server).get('/instances').set('x-api-key', deletedTeamKey), 404, 'TEAM_NOT_FOUND', message);
    for (const bad of ['abc', '0', '-1', '007', '1234567890123456']) {
      expectNested(
        await request(edge.server).get('/instances').set('x-api-key', ownerTeamKey).set('X-Team-Id', bad),
        400,
        'BAD_REQUEST',
        'X-Team-Id must be a positive integer.',
      );
    }
    // Sent twice: Node joins the values, which is not one id.
    expectNested(
      await request(edge.server).get('/instances').set('x-api-key', ownerTeamKey).set('X-Team-Id', ['10', '10'] as unknown as string),
      400,
      'BAD_REQUEST',
      'X-Team-Id must be a positive integer.',
    );
  });

  it('TEAM_ACCESS_DENIED: a collaborator on an owner-only route; the owner passes', async () => {
    expectNested(
      await request(edge.server).delete('/team/keys/k1').set('x-api-key', collaboratorTeamKey),
      403,
      'TEAM_ACCESS_DENIED',
      'Your role in this workspace does not allow this action.',
    );
    const owner = await request(edge.server).delete('/team/keys/k1').set('x-api-key', ownerTeamKey);
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual({ revoked: 'k1' });
  });

  it('owner-only mutations with their own code; reads stay open to members; personal context is owner', async () => {
    const read = await request(edge.server).get('/billing/payments').set('x-api-key', collaboratorTeamKey);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ payments: [] });
    expectNested(
      await request(edge.server).post('/billing/checkout').set('x-api-key', collaboratorTeamKey),
      403,
      'BILLING_TEAM_MUTATION_FORBIDDEN',
      'Billing mutations in a team workspace are reserved to the team owner.',
    );
    const owner = await request(edge.server).post('/billing/checkout').set('x-api-key', ownerTeamKey);
    expect(owner.status).toBe(201);
    const personal = await request(edge.server).post('/billing/checkout').set('x-api-key', carolPersonal);
    expect(personal.status).toBe(201);
    expect(personal.body).toEqual({ checkout: 'started' });
  });
});

// ---- App B, seed 002 style: X-Workspace-ID, main workspace, cross-tenant; typed envelope -----

interface Workspace {
  readonly id: string;
  readonly owner: string;
  readonly main?: boolean;
  readonly deleted?: boolean;
}
const workspaces = new Map<string, Workspace>([
  ['1', { id: '1', owner: 'acc_dave', main: true }],
  ['2', { id: '2', owner: 'acc_dave', deleted: true }],
  ['3', { id: '3', owner: 'acc_erin', main: true }],
]);
const messages = new Map([
  ['msg_1', { id: 'msg_1', workspaceId: '1', text: 'hello' }],
  ['msg_3', { id: 'msg_3', workspaceId: '3', text: 'erin’s secret' }],
]);

/** Asynchronous resolver (a database): main workspace when the header is absent. */
const workspaceResolver: WorkspaceResolver<Workspace> = {
  async resolve(principal, workspaceId): Promise<WorkspaceResolution<Workspace>> {
    if (principal.accountId === 'acc_gina') return { status: 'no_main_workspace' };
    const workspace =
      workspaceId === undefined ? [...workspaces.values()].find((w) => w.owner === principal.accountId && w.main) : workspaces.get(workspaceId);
    if (workspace === undefined) return { status: workspaceId === undefined ? 'none' : 'not_found' };
    if (workspace.owner !== principal.accountId) return { status: 'other_tenant' };
    if (workspace.deleted) return { status: 'deleted' };
    return { status: 'found', id: workspace.id, role: 'owner', workspace };
  },
};

const dave = addKey({ id: 'key_dave', accountId: 'acc_dave', kind: 'personal' });
const frank = addKey({ id: 'key_frank', accountId: 'acc_frank', kind: 'personal' });
const gina = addKey({ id: 'key_gina', accountId: 'acc_gina', kind: 'personal' });

@Controller()
class SmsController {
  @Get('messages/:id') message(@Param('id') id: string, @CurrentWorkspace('id') workspaceId: string) {
    return ownedOrNotFound(messages.get(id), (m) => m.workspaceId === workspaceId);
  }
  @Get('balance') balance(@CurrentWorkspace() workspace: Workspace) {
    return { workspace: workspace.id };
  }
  @Get('open') @Public() @RequireWorkspace() open() {
    return { never: true };
  }
}

describe('workspaces, seed 002 style (X-Workspace-ID, main workspace, cross-tenant; typed envelope)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [SmsController],
      options: {
        envelope: 'typed',
        catalogue: {
          overrides: {
            invalid_workspace_header: { code: 'INVALID_WORKSPACE_HEADER', message: 'X-Workspace-ID is not a positive integer' },
            cross_tenant_workspace: { code: 'CROSS_TENANT_WORKSPACE', message: 'X-Workspace-ID names a workspace you don’t own' },
            no_main_workspace: { code: 'NO_MAIN_WORKSPACE', message: 'No live main workspace — contact support' },
            workspace_not_available: { code: 'WORKSPACE_NOT_AVAILABLE', message: 'Target workspace deleted — use a live workspace' },
            not_found: { code: 'NOT_FOUND', message: 'Message or resource not found' },
          },
        },
        apiKeys: { store: keyStore },
        workspace: { header: 'X-Workspace-ID', format: 'positive-integer', resolver: workspaceResolver, required: true },
      },
    });
  });
  afterAll(() => edge.close());

  const typed = (res: request.Response, status: number, type: string, code: string, message: string, param: string | null = null) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({ type, code, message, param, request_id: res.headers['x-request-id'] });
  };

  it('success: the main workspace when the header is absent, the named one when present', async () => {
    const main = await request(edge.server).get('/balance').set('x-api-key', dave);
    expect(main.status).toBe(200);
    expect(main.body).toEqual({ workspace: '1' });
    const own = await request(edge.server).get('/messages/msg_1').set('x-api-key', dave).set('X-Workspace-ID', '1');
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ id: 'msg_1', workspaceId: '1', text: 'hello' });
  });

  it('INVALID_WORKSPACE_HEADER with the header as param', async () => {
    for (const bad of ['x', '1.5', '']) {
      typed(
        await request(edge.server).get('/balance').set('x-api-key', dave).set('X-Workspace-ID', bad),
        400,
        'invalid_request_error',
        'INVALID_WORKSPACE_HEADER',
        'X-Workspace-ID is not a positive integer',
        'X-Workspace-ID',
      );
    }
  });

  it('CROSS_TENANT_WORKSPACE, WORKSPACE_NOT_AVAILABLE, workspace_not_found', async () => {
    typed(
      await request(edge.server).get('/balance').set('x-api-key', dave).set('X-Workspace-ID', '3'),
      403,
      'authorization_error',
      'CROSS_TENANT_WORKSPACE',
      'X-Workspace-ID names a workspace you don’t own',
    );
    typed(
      await request(edge.server).get('/balance').set('x-api-key', dave).set('X-Workspace-ID', '2'),
      403,
      'authorization_error',
      'WORKSPACE_NOT_AVAILABLE',
      'Target workspace deleted — use a live workspace',
    );
    typed(
      await request(edge.server).get('/balance').set('x-api-key', dave).set('X-Workspace-ID', '99'),
      404,
      'not_found_error',
      'workspace_not_found',
      'The workspace does not exist or you are not a member.',
    );
  });

  it('NO_MAIN_WORKSPACE: required and none resolved, or the resolver says so', async () => {
    for (const key of [frank, gina]) {
      typed(
        await request(edge.server).get('/balance').set('x-api-key', key),
        403,
        'authorization_error',
        'NO_MAIN_WORKSPACE',
        'No live main workspace — contact support',
      );
    }
  });

  it('another tenant’s resource is a 404 identical to a missing one, but for the request id', async () => {
    const foreign = await request(edge.server).get('/messages/msg_3').set('x-api-key', dave);
    const missing = await request(edge.server).get('/messages/msg_nope').set('x-api-key', dave);
    typed(foreign, 404, 'not_found_error', 'NOT_FOUND', 'Message or resource not found');
    typed(missing, 404, 'not_found_error', 'NOT_FOUND', 'Message or resource not found');
    expect(foreign.headers['x-request-id']).not.toBe(missing.headers['x-request-id']);
    const strip = (body: Record<string, unknown>) => ({ ...body, request_id: undefined });
    expect(strip(foreign.body)).toEqual(strip(missing.body));
    expect(JSON.stringify(foreign.body)).not.toContain('erin');
    expect(foreign.headers['content-length']).toBe(missing.headers['content-length']);
  });

  it('a public route that needs a workspace asks for credentials', async () => {
    typed(await request(edge.server).get('/open'), 401, 'authentication_error', 'missing_credentials', 'No credentials were supplied.');
  });
});

// ---- Formats and wrong options -----------------------------------------------------------------

describe('workspace header formats', () => {
  const echo: WorkspaceResolver = { resolve: (_p, id) => (id === undefined ? { status: 'none' } : { status: 'found', id, workspace: { id } }) };
  const cases: Array<[string, object, string[], string[]]> = [
    ['uuid', { format: 'uuid' }, ['3f1c2a9e-8b7d-4c6e-9f00-1a2b3c4d5e6f', '3F1C2A9E-8B7D-4C6E-9F00-1A2B3C4D5E6F'], ['3f1c2a9e8b7d4c6e9f001a2b3c4d5e6f', 'x']],
    ['prefix', { format: { prefix: 'team_' } }, ['team_a1B2'], ['team_', 'tea_a1', 'team_a-1', 'xteam_a1']],
    ['regex', { format: /^ws-[0-9]{3}$/ }, ['ws-123'], ['ws-12', 'ws-1234']],
    ['token (default)', {}, ['ws_1', 'a.b:c-d'], ['a b', 'é']],
  ];
  it.each(cases)('%s', async (_name, format, good, bad) => {
    const edge = await createEdgeApp({
      controllers: [TeamController],
      options: { apiKeys: { store: keyStore }, workspace: { resolver: echo, ...format } },
    });
    try {
      for (const value of good) {
        const res = await request(edge.server).get('/instances').set('x-api-key', alice).set('X-Workspace-Id', value);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ team: null, id: value, role: null });
      }
      for (const value of bad) {
        expectNested(
          await request(edge.server).get('/instances').set('x-api-key', alice).set('X-Workspace-Id', value),
          400,
          'invalid_workspace_header',
          'The workspace header is malformed.',
        );
      }
    } finally {
      await edge.close();
    }
  });
});

describe('workspace options fail the start with a fix', () => {
  it.each([
    [{}, /^Cannot resolve workspaces because workspace.resolver has no resolve\(\) method\. Fix: /],
    [{ resolver: teamResolver, header: 'X Team' }, /^Cannot use workspace.header "X Team" because it is not a valid HTTP header name\. Fix: /],
    [{ resolver: teamResolver, format: 'integer' }, /^Cannot use workspace.format "integer" because it is not a known format\. Fix: /],
    [{ resolver: teamResolver, format: /^\d+$/g }, /^Cannot use workspace.format \/\^\\d\+\$\/g because it has the g or y flag/],
    [{ resolver: teamResolver, format: { prefix: 'a b' } }, /^Cannot use workspace.format \{"prefix":"a b"\}/],
    [{ resolver: teamResolver, personalKeyWithHeader: 'deny' }, /^Cannot use workspace.personalKeyWithHeader "deny" because it is not a known rule\. Fix: /],
    [{ resolver: teamResolver, required: 'yes' }, /^Cannot use workspace.required yes because it is not a boolean\. Fix: /],
  ])('refuses %j', async (workspace, message) => {
    const error = await startupError(() => createEdgeApp({ options: { workspace: workspace as never }, controllers: [TeamController] }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('a @RequireRole error key the catalogue lacks fails the start, naming the route and the fix', async () => {
    @Controller()
    class Wrong {
      @Get('x') @RequireRole({ roles: ['owner'], error: 'nope_key' }) x() {
        return {};
      }
    }
    const error = await startupError(() =>
      createEdgeApp({ controllers: [Wrong], options: { apiKeys: { store: keyStore }, workspace: { resolver: teamResolver } } }),
    );
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toBe(
      '[Wrong.x] Cannot use error "nope_key" in @RequireRole because the catalogue has no such key. Fix: add the entry to your catalogue, or correct the key.',
    );
  });

  it('a @RequireRole without roles fails the start, naming the route and the fix', async () => {
    @Controller()
    class NoRoles {
      @Get('y') @RequireRole({ roles: [] as unknown as [string] }) y() {
        return {};
      }
    }
    const error = await startupError(() =>
      createEdgeApp({ controllers: [NoRoles], options: { apiKeys: { store: keyStore }, workspace: { resolver: teamResolver } } }),
    );
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toBe(
      "[NoRoles.y] Cannot use @RequireRole because it names no roles. Fix: name at least one role, e.g. @RequireRole('owner').",
    );
  });
});
