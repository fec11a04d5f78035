import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ApiEdgeModuleExtras } from '../../lib/api-edge.extras.js';
import { ApiEdgeModule, type ApiEdgeModuleOptions } from '../../lib/index.js';
import { createTestAdapter, testPlatform, type TestPlatform } from './adapter.js';
import { CapturingLogger } from './capturing-logger.js';

/** What {@link createEdgeApp} builds. */
export interface EdgeAppSpec {
  /** Module options of `ApiEdgeModule.forRoot`. */
  readonly options?: ApiEdgeModuleOptions;
  /** Static switches (globalGuard …). */
  readonly extras?: ApiEdgeModuleExtras;
  readonly controllers?: Type[];
  readonly providers?: Provider[];
  readonly imports?: Array<Type | DynamicModule>;
  /** Body size limit of the JSON parser (default Nest's 100kb). */
  readonly bodyLimit?: string;
  /** Listen on a real port (default false: supertest binds an ephemeral one). */
  readonly listen?: boolean;
  /** The platform (default: this run's, from `EDGE_ADAPTER`). */
  readonly platform?: TestPlatform;
}

/** A started app plus the logger that captured everything it logged. */
export interface EdgeApp {
  readonly app: INestApplication;
  readonly logs: CapturingLogger;
  /** The http.Server, for supertest. */
  readonly server: ReturnType<INestApplication['getHttpServer']>;
  close(): Promise<void>;
}

/**
 * Starts a real Nest application (Express, or Fastify in the `fastify` test project) with `ApiEdgeModule.forRoot(options)`, raw body
 * enabled (signatures need it), and a logger that captures every line for assertions.
 */
export async function createEdgeApp(spec: EdgeAppSpec): Promise<EdgeApp> {
  @Module({
    imports: [ApiEdgeModule.forRoot({ ...(spec.options ?? {}), ...(spec.extras ?? {}) }), ...(spec.imports ?? [])],
    controllers: spec.controllers ?? [],
    providers: spec.providers ?? [],
  })
  class TestAppModule {}

  const logs = new CapturingLogger();
  const platform = spec.platform ?? testPlatform();
  const app = await NestFactory.create(TestAppModule, createTestAdapter(platform, spec.bodyLimit), {
    logger: logs,
    rawBody: true,
    abortOnError: false,
  });
  if (spec.bodyLimit && platform === 'express') (app as unknown as { useBodyParser(type: string, options: object): void }).useBodyParser('json', { limit: spec.bodyLimit });
  await app.init();
  // Fastify answers only once its plugins are loaded; supertest talks to the bare server.
  if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  if (spec.listen) await app.listen(0, '127.0.0.1');
  return { app, logs, server: app.getHttpServer(), close: () => app.close() };
}

/**
 * What starting an app threw (`undefined` when it started; the app is closed again). For tests of
 * options that must fail the start with a message.
 */
export async function startupError(start: () => Promise<EdgeApp>): Promise<unknown> {
  try {
    const edge = await start();
    await edge.close();
    return undefined;
  } catch (error) {
    return error;
  }
}
