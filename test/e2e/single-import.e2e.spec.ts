import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { ApiEdgeModule, OptionsConfigurationError } from '../../lib/index.js';
import { createTestAdapter, testPlatform } from '../support/adapter.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';

@Controller()
class PingController {
  @Get('ping') ping() {
    return { pong: true };
  }
}

/** A feature module of the app's own that (wrongly) imports the edge again. */
function featureImporting(edge: DynamicModule) {
  @Module({ imports: [edge] })
  class FeatureModule {}
  return FeatureModule;
}

const message =
  'Cannot import ApiEdgeModule twice because this application imports ApiEdgeModule.forRoot()/forRootAsync() 2 times, and each import runs its own global guard, filter and store, so every request would be checked and counted once per import. Fix: import it once, in the root module (it is global by default, so every module sees its providers and decorators), and remove the other imports.';

// Each import of forRoot is a module instance with its own guard, filter and store: a second one
// fails the start. The count is per application, so apps side by side in one process all start.
describe(`ApiEdgeModule imported twice (${testPlatform()})`, () => {
  const open: Array<Pick<EdgeApp, 'close'>> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((edge) => edge.close()));
  });

  it('forRoot() in the app module and forRoot() in a feature module: the start fails', async () => {
    const error = await startupError(() => createEdgeApp({ imports: [featureImporting(ApiEdgeModule.forRoot({}))], controllers: [PingController] }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toBe(message);
  });

  it('forRoot() and forRootAsync(): the start fails', async () => {
    const error = await startupError(() =>
      createEdgeApp({ imports: [featureImporting(ApiEdgeModule.forRootAsync({ useFactory: () => ({ envelope: 'flat' }) }))] }),
    );
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toBe(message);
  });

  it('one dynamic module imported from two modules is one instance: the app starts and answers', async () => {
    const edge = ApiEdgeModule.forRoot({});
    @Module({ imports: [edge, featureImporting(edge)], controllers: [PingController] })
    class SharedImportModule {}
    // createEdgeApp imports forRoot itself, so this root module is started directly.
    const app = await NestFactory.create(SharedImportModule, createTestAdapter(), { logger: false, abortOnError: false });
    await app.init();
    if (testPlatform() === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
    open.push({ close: () => app.close() });
    const res = await request(app.getHttpServer()).get('/ping');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ pong: true });
  });

  it('two apps in sequence, each importing once: both start and answer', async () => {
    for (const envelope of ['nested', 'flat'] as const) {
      const edge = await createEdgeApp({ options: { envelope }, controllers: [PingController] });
      const ok = await request(edge.server).get('/ping');
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ pong: true });
      const missing = await request(edge.server).get('/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(
        envelope === 'nested'
          ? { error: { code: 'not_found', message: 'The resource does not exist.', details: [] } }
          : { error: 'not_found', message: 'The resource does not exist.' },
      );
      await edge.close();
    }
  });

  it('two apps side by side, each importing once: both start and answer', async () => {
    const first = await createEdgeApp({ controllers: [PingController] });
    open.push(first);
    const second = await createEdgeApp({ controllers: [PingController] });
    open.push(second);
    for (const edge of [first, second]) {
      const res = await request(edge.server).get('/ping');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ pong: true });
    }
  });
});
