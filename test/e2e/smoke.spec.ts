import 'reflect-metadata';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiEdgeModule, apiError } from '../../lib/index.js';

@Controller()
class C {
  @Get('ok') ok() { return { ok: true }; }
  @Get('boom') boom() { throw new Error('secret db detail'); }
  @Get('nf') nf() { throw apiError('not_found'); }
}
@Module({ imports: [ApiEdgeModule.forRoot({ envelope: 'nested' })], controllers: [C] })
class AppModule {}

describe('smoke', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const ref = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = ref.createNestApplication();
    await app.init();
  });
  afterAll(() => app.close());
  it('works', async () => {
    for (const p of ['/ok', '/boom', '/nf', '/nope']) {
      const r = await request(app.getHttpServer()).get(p);
      console.log(p, r.status, JSON.stringify(r.headers), JSON.stringify(r.body));
    }
    const r = await request(app.getHttpServer()).post('/ok').set('content-type', 'application/json').send('{bad');
    console.log('json', r.status, JSON.stringify(r.headers), JSON.stringify(r.body));
    expect(1).toBe(1);
  });
});
