import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { API_KEY } from '../src/edge.config';
import { setUpApp } from '../src/setup';

const JSON_TYPE = 'application/json; charset=utf-8';
const nested = (code: string, message: string, details: unknown[] = []) => ({ error: { code, message, details } });

/** Every error leaves as JSON in the app's envelope, uncached, with a request id. */
function expectError(res: request.Response, status: number, body: unknown): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe(JSON_TYPE);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body).toEqual(body);
}

describe('nest-api-edge in a Nest 11 CommonJS app (packed tarball)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = setUpApp(moduleRef.createNestApplication({ rawBody: true }));
    await app.init();
  });
  afterAll(() => app.close());

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
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({ key: 'key_compat', account: 'acc_compat' });
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
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit']).toBe('"minute";r=1;t=60');
    expect(first.headers['ratelimit-policy']).toBe('"minute";q=2;w=60');
    expect((await get()).status).toBe(200);
    const refused = await get();
    expectError(refused, 429, nested('rate_limited', 'Too many requests. Retry after the time given in Retry-After.'));
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['ratelimit']).toBe('"minute";r=0;t=60');
    expect(refused.headers['ratelimit-policy']).toBe('"minute";q=2;w=60');
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
    expect(original.status).toBe(201);
    expect(original.headers['content-type']).toBe(JSON_TYPE);
    expect(original.headers['idempotent-replayed']).toBeUndefined();
    expect(original.body).toEqual({ id: expect.stringMatching(/^msg_\d+$/), to: '+15550001', text: 'hello' });
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['content-type']).toBe(original.headers['content-type']);
    expect(replay.headers['content-length']).toBe(original.headers['content-length']);
    expect(replay.text).toBe(original.text);
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
