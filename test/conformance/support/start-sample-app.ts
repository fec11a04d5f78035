import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule, type SampleAppOptions } from '../../../sample-app/app.module.js';
import { defaultProfile } from '../../../sample-app/profiles/default.profile.js';
import { setUpSampleApp } from '../../../sample-app/sample-app.setup.js';
import { createTestAdapter, testPlatform } from '../../support/adapter.js';
import { CapturingLogger } from '../../support/capturing-logger.js';

/** A running sample app. */
export interface SampleApp {
  readonly app: INestApplication;
  /** The http.Server, for supertest. */
  readonly server: ReturnType<INestApplication['getHttpServer']>;
  /** Everything the app logged. */
  readonly logs: CapturingLogger;
  close(): Promise<void>;
}

/**
 * Starts the real sample AppModule as main.ts does (raw body on), with a capturing logger, on this
 * test run's platform (Express, or Fastify in the `fastify` Jest project).
 */
export async function startSampleApp(options: SampleAppOptions = {}): Promise<SampleApp> {
  const logs = new CapturingLogger();
  const platform = testPlatform();
  const app = await NestFactory.create(AppModule.forRoot(options), createTestAdapter(platform), {
    rawBody: true,
    logger: logs,
    abortOnError: false,
  });
  setUpSampleApp(app, options.profile ?? defaultProfile);
  await app.init();
  if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  return { app, server: app.getHttpServer(), logs, close: () => app.close() };
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private now = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  /** The clock function to pass as `clock`. */
  readonly read = (): number => this.now;
  /** Moves time forward. */
  advance(ms: number): void {
    this.now += ms;
  }
}
