// node --test over the BUILT app (dist/test/app.e2e.test.js): plain Node ESM, no transform, so the
// package is loaded exactly as an ESM app loads it (the CommonJS build, Nest 12 through require(esm)).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { API_KEY } from '../src/edge.config.js';
import { setUpApp } from '../src/setup.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const nested = (code: string, message: string, details: unknown[] = []) => ({ error: { code, message, details } });

/** Every error leaves as JSON in the app's envelope, uncached, with a request id. */
function expectError(res: request.Response, status: number, body: unknown): void {
  assert.equal(res.status, status);
  assert.equal(res.headers['content-type'], JSON_TYPE);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  assert.deepEqual(res.body, body);
}

describe('nest-api-edge in a Nest 12 ESM app (packed tarball)', () => {
  let app: INestApplication;

  before(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = setUpApp(moduleRef.createNestApplication({ rawBody: true }));
    await app.init();
  });
  after(() => app.close());

  it('refuses a request without a key: 401 missing_api_key', async () => {
    const res = await request(app.getHttpServer()).get('/v1/me');
    expectError(res, 401, nested('missing_api_key', 'No API key was supplied.'));
  });

  it('refuses a wrong key with the renamed code: 401 INVALID_API_KEY', async () => {
    const res = await request(app.getHttpServer()).get('/v1/me').set('x-api-key', 'sk_test_compat_wrong_0123456789abcdefghijklm');
    expectError(res, 401, nested('INVALID_API_KEY', 'That API key is not valid.'));
  });

  it('accepts the key: 200 with the principal', async () => {
    const res = await request(app.getHttpServer()).get('/v1/me').set('x-api-key', API_KEY);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, { key: 'key_compat', account: 'acc_compat' });
  });

  it('reports a class-validator violation: 400 validation_failed with the field', async () => {
    const res = await request(app.getHttpServer()).post('/v1/messages').set('x-api-key', API_KEY).send({ to: '+15550001', text: 5 });
    expectError(
      res,
      400,
      nested('validation_failed', 'The request failed validation. See details for each field.', [
        { field: 'text', constraint: 'isString', message: 'text must be a string' },
      ]),
    );
  });

  it('rate-limits with RateLimit, RateLimit-Policy and Retry-After: 429 rate_limited', async () => {
    const get = () => request(app.getHttpServer()).get('/v1/limited').set('x-api-key', API_KEY);
    const first = await get();
    assert.equal(first.status, 200);
    assert.equal(first.headers['ratelimit'], '"minute";r=1;t=60');
    assert.equal(first.headers['ratelimit-policy'], '"minute";q=2;w=60');
    assert.equal((await get()).status, 200);
    const refused = await get();
    expectError(refused, 429, nested('rate_limited', 'Too many requests. Retry after the time given in Retry-After.'));
    assert.equal(refused.headers['retry-after'], '60');
    assert.equal(refused.headers['ratelimit'], '"minute";r=0;t=60');
    assert.equal(refused.headers['ratelimit-policy'], '"minute";q=2;w=60');
  });

  it('replays an idempotent request byte for byte with Idempotent-Replayed: true', async () => {
    const send = () =>
      request(app.getHttpServer())
        .post('/v1/messages')
        .set('x-api-key', API_KEY)
        .set('Idempotency-Key', 'compat-replay-1')
        .set('content-type', 'application/json')
        .send('{"to":"+15550001","text":"hello"}');
    const original = await send();
    assert.equal(original.status, 201);
    assert.equal(original.headers['content-type'], JSON_TYPE);
    assert.equal(original.headers['idempotent-replayed'], undefined);
    assert.match(original.body.id, /^msg_\d+$/);
    assert.deepEqual(original.body, { id: original.body.id, to: '+15550001', text: 'hello' });
    const replay = await send();
    assert.equal(replay.status, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.headers['content-type'], original.headers['content-type']);
    assert.equal(replay.headers['content-length'], original.headers['content-length']);
    assert.equal(replay.text, original.text);
  });

  it('maps malformed JSON to 400 invalid_json', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/messages')
      .set('x-api-key', API_KEY)
      .set('content-type', 'application/json')
      .send('{"to": tru');
    expectError(res, 400, nested('invalid_json', 'The request body is not valid JSON.'));
  });

  it('answers an unknown route with 404 not_found in the envelope', async () => {
    const res = await request(app.getHttpServer()).get('/v1/does-not-exist');
    expectError(res, 404, nested('not_found', 'The resource does not exist.'));
  });
});
