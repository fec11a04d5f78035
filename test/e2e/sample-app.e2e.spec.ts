import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import request from 'supertest';
import { OptionsConfigurationError, RedisEdgeStore, ResilientEdgeStore } from '../../lib/index.js';
import { signRequest } from '../../lib/client/index.js';
import { readFixtures, SampleData, sha256Hex } from '../../sample-app/data/sample-data.js';
import { integrationsProfile } from '../../sample-app/profiles/integrations.profile.js';
import { msgflashProfile } from '../../sample-app/profiles/msgflash.profile.js';
import { profileNamed } from '../../sample-app/profiles/profiles.js';
import { workspacesProfile } from '../../sample-app/profiles/workspaces.profile.js';
import { xtokenProfile } from '../../sample-app/profiles/xtoken.profile.js';
import { ManualClock, startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

describe('sample app (default profile, nested envelope)', () => {
  let sample: SampleApp;
  beforeAll(async () => {
    sample = await startSampleApp();
  });
  afterAll(() => sample.close());

  it('sends a message and reads it back', async () => {
    const sent = await request(sample.server)
      .post('/v1/messages')
      .send({ recipients: ['+33612345678', '+14155550100'], message: 'Hello', sender_id: 'Acme' });
    expect(sent.status).toBe(201);
    expect(sent.headers['content-type']).toBe(JSON_UTF8);
    expect(sent.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.body).toEqual({
      id: expect.stringMatching(/^msg_[0-9a-f]{24}$/),
      object: 'message',
      account_id: 'public',
      sender_id: 'Acme',
      message: 'Hello',
      media_url: null,
      recipients: [
        { to: '+33612345678', status: 'sent', provider_id: expect.stringMatching(/^prv_[0-9a-f]{16}$/) },
        { to: '+14155550100', status: 'sent', provider_id: expect.stringMatching(/^prv_[0-9a-f]{16}$/) },
      ],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const read = await request(sample.server).get(`/v1/messages/${sent.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(sent.body);
  });

  it('reports all three bad fields of a send', async () => {
    const res = await request(sample.server)
      .post('/v1/messages')
      .set('X-Request-Id', 'req_validation_01')
      .send({ recipients: [], message: '', sender_id: 'this sender id is far too long' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers['x-request-id']).toBe('req_validation_01');
    expect(res.body).toEqual({
      error: {
        code: 'validation_failed',
        message: 'The request failed validation. See details for each field.',
        details: [
          { field: 'recipients', constraint: 'arrayNotEmpty', message: 'recipients should not be empty' },
          { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
          { field: 'sender_id', constraint: 'matches', message: 'sender_id must be 1 to 11 letters, digits or spaces' },
        ],
      },
    });
  });

  it('answers an unknown route with the catalogued 404', async () => {
    const res = await request(sample.server).get('/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'The resource does not exist.', details: [] } });
  });

  it('answers health without credentials', async () => {
    const res = await request(sample.server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('sample app start-up options', () => {
  it('replaces the profile envelope with ENVELOPE (problem)', async () => {
    const sample = await startSampleApp({ envelope: 'problem' });
    try {
      const res = await request(sample.server).get('/v1/nope');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body).toEqual({
        type: 'about:blank',
        // RFC 9457 §4.2.1: with about:blank the title is the HTTP status phrase.
        title: 'Not Found',
        status: 404,
        detail: 'The resource does not exist.',
        instance: '/v1/nope',
        code: 'not_found',
        request_id: res.headers['x-request-id'],
      });
    } finally {
      await sample.close();
    }
  });

  it('loads another fixtures file (SAMPLE_FIXTURES) and keeps only key hashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-fixtures-'));
    const path = join(dir, 'fixtures.json');
    writeFileSync(
      path,
      JSON.stringify({
        plans: { solo: { features: [], limits: {}, message_cost: 0.01 } },
        accounts: [{ id: 'acc_solo', email: 'solo@example.com', plan: 'solo', balance: 1 }],
        keys: [{ id: 'key_solo', account: 'acc_solo', key: 'msgf_live_SoloKeyForAnotherFixtureFile01' }],
        workspaces: [], instances: [], lines: [], contacts: [], templates: [], invitations: [],
      }),
    );
    const sample = await startSampleApp({ profile: msgflashProfile, fixtures: readFixtures(path) });
    try {
      const ok = await request(sample.server).get('/v1/me').set('x-api-key', 'msgf_live_SoloKeyForAnotherFixtureFile01');
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ id: 'acc_solo', email: 'solo@example.com', plan: 'solo', balance: 1 });
      const data = sample.app.get(SampleData);
      expect(data.keyByHash(sha256Hex('msgf_live_SoloKeyForAnotherFixtureFile01'))).toEqual({ id: 'key_solo', account: 'acc_solo', sha256: sha256Hex('msgf_live_SoloKeyForAnotherFixtureFile01') });

      // The default fixtures' keys do not exist here.
      const unknown = await request(sample.server).get('/v1/me').set('x-api-key', 'msgf_live_MsgflashAliceTest000000000000000');
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'API key missing, invalid, or revoked. Check x-api-key.', details: [] } });
    } finally {
      await sample.close();
    }
  });

  it('fails the start with the fix for a fixture that names a missing plan', () => {
    expect(() => new SampleData({ plans: {}, accounts: [{ id: 'acc_x', email: 'x@example.com', plan: 'gold' }] } as never)).toThrow(
      new OptionsConfigurationError('Cannot load fixtures because account acc_x names plan "gold", which does not exist. Fix: add the plan under "plans".'),
    );
  });

  it('fails the start with the list of profiles for an unknown PROFILE', () => {
    expect(() => profileNamed('msgflsh')).toThrow(
      new OptionsConfigurationError(
        'Cannot start profile "msgflsh" because no such profile exists. Fix: set PROFILE to one of demo, default, msgflash, xtoken, workspaces, integrations, lines.',
      ),
    );
  });
});

describe('sample app success paths behind the checks', () => {
  const clock = new ManualClock();
  let xtoken: SampleApp;
  let integrations: SampleApp;
  let msgflash: SampleApp;
  beforeAll(async () => {
    [xtoken, integrations, msgflash] = await Promise.all([
      startSampleApp({ profile: xtokenProfile, clock: clock.read }),
      startSampleApp({ profile: integrationsProfile, clock: clock.read }),
      startSampleApp({ profile: msgflashProfile, clock: clock.read }),
    ]);
  });
  afterAll(() => Promise.all([xtoken.close(), integrations.close(), msgflash.close()]));

  it('accepts a request signed with either rotated secret (xtoken)', async () => {
    const body = JSON.stringify({ recipients: ['+33612345678'], message: 'Hello', sender_id: 'Acme' });
    for (const secret of ['whsec_sample_signing_secret_1', 'whsec_sample_signing_secret_2']) {
      const headers = signRequest({
        secret,
        method: 'POST',
        path: '/v1/messages',
        body,
        timestamp: Math.floor(clock.read() / 1000),
        nonce: `nonce-${secret}`,
        headerNames: { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' },
      });
      const res = await request(xtoken.server)
        .post('/v1/messages')
        .set({ 'X-Token': 'xt_XtokenSignedTest0000000000000000', 'Content-Type': 'application/json', ...headers })
        .send(body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ object: 'message', account_id: 'acc_alice', message: 'Hello' }));
    }
  });

  it('replays a retried send with the same Idempotency-Key instead of sending twice (integrations)', async () => {
    const send = () =>
      request(integrations.server)
        .post('/v1/messages')
        .set({ Authorization: 'Bearer ik_live_IntegrationsAliceTest00000000000', 'Idempotency-Key': 'retry-me-000001' })
        .send({ recipients: ['+33612345678'], message: 'Once', sender_id: 'Acme' });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
  });

  it('lets the invited user join a team with a console JWT, once (msgflash)', async () => {
    const login = await request(msgflash.server).post('/v1/auth/login').send({ email: 'alice@example.com', password: 'alice-password-1' });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), token_type: 'Bearer', expires_in: 3600 });
    const accept = () =>
      request(msgflash.server).post('/v1/invitations/inv_valid_for_alice/accept').set('Authorization', `Bearer ${login.body.access_token}`);
    const joined = await accept();
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({ workspace: '101', role: 'collaborator' });
    const again = await accept();
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      error: { code: 'INVITE_INVALID_OR_EXPIRED', message: 'Invitation token / id is unknown, already used, or past its 24h expiry.', details: [] },
    });
  });

  it('mints a team key in a team workspace that authenticates at once (msgflash)', async () => {
    const created = await request(msgflash.server)
      .post('/v1/api-keys')
      .set('x-api-key', 'msgf_team_MsgflashOliviateamTest0000000000')
      .send({ name: 'ci', scopes: ['messages:read'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^key_/), name: 'ci', key: expect.stringMatching(/^msgf_team_[0-9A-Za-z]+$/), kind: 'team', workspace: '101' });
    const team = await request(msgflash.server).get('/v1/team').set('x-api-key', created.body.key);
    expect(team.status).toBe(200);
    expect(team.body).toEqual(expect.objectContaining({ id: '101', owner: 'acc_olivia' }));
  });
});

describe('sample app on a shared Redis store (two instances)', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `sample-e2e:${randomUUID()}:`;
  const clients: Redis[] = [];
  const apps: SampleApp[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
      clients.push(client);
      const store = new ResilientEdgeStore(new RedisEdgeStore(client, { prefix }), { onFailure: 'closed' });
      apps.push(await startSampleApp({ profile: workspacesProfile, store }));
    }
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    const keys = await clients[0]?.keys(`${prefix}*`);
    if (keys && keys.length > 0) await clients[0]?.del(...keys);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('enforces one per-minute limit across both instances', async () => {
    const [a, b] = apps as [SampleApp, SampleApp];
    const key = { 'X-API-Key': 'wsk_live_WorkspacesOliviaTest000000000000' };
    for (let i = 0; i < 30; i++) await request(a.server).get('/v1/billing/subscription').set(key).expect(200);
    for (let i = 0; i < 30; i++) await request(b.server).get('/v1/billing/subscription').set(key).expect(200);
    const res = await request(a.server).get('/v1/billing/subscription').set(key);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(res.headers['ratelimit-policy']).toBe('"minute";q=60;w=60');
    expect(res.body).toEqual({ status: false, error_code: 'RATE_LIMIT_EXCEEDED', description: 'Per-account rate limit hit' });
  });
});
