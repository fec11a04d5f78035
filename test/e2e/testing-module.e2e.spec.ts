import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiEdgeModule, apiError } from '../../lib/index.js';
import { createTestAdapter, testPlatform } from '../support/adapter.js';

@Controller()
class C {
  @Get('ok') ok() {
    return { ok: true };
  }
  @Get('boom') boom() {
    throw new Error('secret db detail');
  }
  @Get('nf') nf() {
    throw apiError('not_found');
  }
  @Post('echo') echo(@Body() body: unknown) {
    return body;
  }
}
@Module({ imports: [ApiEdgeModule.forRoot({ envelope: 'nested' })], controllers: [C] })
class AppModule {}

// Test.createTestingModule builds the providers before the app has an HTTP adapter: the seam must
// wait for app.init() to pick the platform (DeferredEdgeHttp), on Express and on Fastify.
describe(`an app built from a testing module (${testPlatform()})`, () => {
  let app: INestApplication;
  beforeAll(async () => {
    const ref = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = ref.createNestApplication(createTestAdapter(), { logger: false });
    await app.init();
    if (testPlatform() === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  });
  afterAll(() => app.close());

  it('answers a route, with a request id', async () => {
    const res = await request(app.getHttpServer()).get('/ok');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['/boom', 500, 'internal_error', 'An unexpected error occurred.'],
    ['/nf', 404, 'not_found', 'The resource does not exist.'],
    ['/nope', 404, 'not_found', 'The resource does not exist.'],
  ])('GET %s → %i %s in the envelope', async (path, status, code, message) => {
    const res = await request(app.getHttpServer()).get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ error: { code, message, details: [] } });
    expect(res.text).not.toContain('secret');
  });

  it('maps malformed JSON to invalid_json', async () => {
    const res = await request(app.getHttpServer()).post('/echo').set('content-type', 'application/json').send('{bad');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.', details: [] } });
  });
});
