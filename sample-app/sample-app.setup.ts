import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { parse } from 'qs';
import { SampleDocs } from './docs/sample-docs.js';
import type { SampleProfile } from './profiles/sample-profile.js';

/** The part of a Nest Fastify application used here (platform-fastify's useBodyParser). */
interface FastifyBodyParsers {
  useBodyParser(type: string, options: object, parser: (request: unknown, body: Buffer) => Promise<unknown>): unknown;
}

/**
 * What the sample app sets on the created Nest application beyond its module: CORS for profiles
 * whose contract has browser clients (Nest's `enableCors`). The CORS middleware answers a
 * preflight (`OPTIONS` with `Access-Control-Request-Method`) with 204 before any guard, so a
 * preflight never meets authentication and never counts against a rate limit. main.ts and the
 * tests both call this, before `listen()` / `init()`.
 */
export function setUpSampleApp(app: INestApplication, profile: SampleProfile): void {
  if (profile.cors !== undefined) app.enableCors(profile.cors);
  // The published contract: /openapi.json and /docs/errors are routes of DocsController; Swagger UI
  // at /docs reads the same document, built at the first request (after init compiled the routes).
  const docs = app.get(SampleDocs);
  docs.attach(app, profile);
  SwaggerModule.setup('docs', app, () => docs.document(), {
    raw: false,
    ui: true,
    // No call to the public validator badge service: the page works offline.
    swaggerOptions: { validatorUrl: null },
  });
  // Form bodies with nested fields (`recipients[0]=…`, what the Stripe SDK sends) parse into arrays
  // and objects on Express (qs, extended); Fastify's own parser is flat. The same qs on Fastify, so
  // the sample answers alike on both (the raw bytes are still kept for signatures).
  if (app.getHttpAdapter().getType() === 'fastify') {
    (app as unknown as FastifyBodyParsers).useBodyParser('application/x-www-form-urlencoded', {}, async (_request, body) => parse(body.toString('utf8')));
  }
}
