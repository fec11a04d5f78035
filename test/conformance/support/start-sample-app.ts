import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, type SampleAppOptions } from '../../../sample-app/app.module.js';
import { defaultProfile } from '../../../sample-app/profiles/default.profile.js';
import { setUpSampleApp } from '../../../sample-app/sample-app.setup.js';
import { CapturingLogger } from '../../support/capturing-logger.js';

/** A running sample app. */
export interface SampleApp {
  readonly app: NestExpressApplication;
  /** The http.Server, for supertest. */
  readonly server: ReturnType<NestExpressApplication['getHttpServer']>;
  /** Everything the app logged. */
  readonly logs: CapturingLogger;
  close(): Promise<void>;
}

/** Starts the real sample AppModule as main.ts does (raw body on), with a capturing logger. */
export async function startSampleApp(options: SampleAppOptions = {}): Promise<SampleApp> {
  const logs = new CapturingLogger();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    rawBody: true,
    logger: logs,
    abortOnError: false,
  });
  setUpSampleApp(app, options.profile ?? defaultProfile);
  await app.init();
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
