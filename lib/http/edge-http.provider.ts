import type { OnModuleInit, Provider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiEdgeConfigurationError } from '../errors/configuration.error.js';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { EdgeHttp, type CaptureListener, type EdgeHttpSettings, type ResponseHeaderValue } from './edge-http.js';
import { ExpressEdgeHttp, type ExpressAppLike } from './express-edge-http.js';
import { FastifyEdgeHttp, type FastifyInstanceLike } from './fastify-edge-http.js';
import type { IncomingMessage } from 'node:http';

/**
 * Chooses the seam once, from the adapter Nest was created with. An adapter the seam does not
 * know fails the start: guessing would answer 500s at the first request.
 *
 * `NestFactory.create` sets the adapter before any provider is built, so the platform's seam is
 * returned directly. A testing module (`Test.createTestingModule(…).compile()`) builds providers
 * before `createNestApplication()` gives it an adapter: then a {@link DeferredEdgeHttp} stands in
 * and picks the platform at `app.init()`, before Fastify is ready for hooks.
 */
export function edgeHttpFactory(host: HttpAdapterHost, options?: Pick<ApiEdgeOptions, 'idempotency'>): EdgeHttp {
  const settings: EdgeHttpSettings = { capture: options === undefined || options.idempotency !== undefined };
  return host.httpAdapter ? edgeHttpFor(host, settings) : new DeferredEdgeHttp(host, settings);
}

function edgeHttpFor(host: HttpAdapterHost, settings: EdgeHttpSettings): EdgeHttp {
  const adapter = host.httpAdapter;
  if (adapter === undefined || adapter === null) {
    throw new ApiEdgeConfigurationError(
      'Cannot start the API edge because Nest has no HTTP adapter (the app was created as a standalone or microservice context). Fix: create the app with NestFactory.create(AppModule) (or moduleRef.createNestApplication() in tests), on @nestjs/platform-express or @nestjs/platform-fastify.',
    );
  }
  const type = adapter.getType();
  if (type === 'express') return new ExpressEdgeHttp(adapter.getInstance<ExpressAppLike>());
  if (type === 'fastify') return new FastifyEdgeHttp(adapter.getInstance<FastifyInstanceLike>(), settings);
  throw new ApiEdgeConfigurationError(
    `Cannot start the API edge because its HTTP seam does not know the "${String(type)}" adapter. Fix: create the app on @nestjs/platform-express or @nestjs/platform-fastify.`,
  );
}

/** The seam of an app whose adapter is not known yet when providers are built (testing modules). */
export class DeferredEdgeHttp extends EdgeHttp implements OnModuleInit {
  private target: EdgeHttp | undefined;

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly settings: EdgeHttpSettings = { capture: true },
  ) {
    super();
  }

  get platform(): string {
    return this.seam().platform;
  }

  /** Picks the platform's seam once the app has its adapter (`app.init()`). */
  onModuleInit(): void {
    this.target ??= edgeHttpFor(this.host, this.settings);
    (this.target as Partial<OnModuleInit>).onModuleInit?.();
  }

  private seam(): EdgeHttp {
    return (this.target ??= edgeHttpFor(this.host, this.settings));
  }

  node(request: object): IncomingMessage {
    return this.seam().node(request);
  }
  url(request: object): string {
    return this.seam().url(request);
  }
  rawBody(request: object): Buffer | undefined {
    return this.seam().rawBody(request);
  }
  params(request: object): Readonly<Record<string, unknown>> | undefined {
    return this.seam().params(request);
  }
  setHeader(response: object, name: string, value: string): void {
    this.seam().setHeader(response, name, value);
  }
  getHeader(response: object, name: string): ResponseHeaderValue | undefined {
    return this.seam().getHeader(response, name);
  }
  headersSent(response: object): boolean {
    return this.seam().headersSent(response);
  }
  end(response: object): void {
    this.seam().end(response);
  }
  send(response: object, status: number, headers: Readonly<Record<string, ResponseHeaderValue>>, body: string | Buffer): void {
    this.seam().send(response, status, headers, body);
  }
  capture(request: object, response: object, listener: CaptureListener): void {
    this.seam().capture(request, response, listener);
  }
}

/** The provider of {@link EdgeHttp}. */
export const edgeHttpProvider: Provider = {
  provide: EdgeHttp,
  useFactory: (host: HttpAdapterHost, options: ApiEdgeOptions) => edgeHttpFactory(host, options),
  inject: [HttpAdapterHost, ApiEdgeOptions],
};
