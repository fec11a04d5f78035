import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { compileErrors, validate } from '@readme/openapi-parser';
import {
  Idempotent,
  Public,
  RaisesErrors,
  RequireScopes,
  RequireSignature,
  SkipRateLimit,
  applyApiEdgeOpenApi,
  type ApiEdgeModuleOptions,
} from '../../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../../support/edge-app.js';

@Controller('things')
class ThingsController {
  @Get('status')
  @Public()
  @SkipRateLimit()
  status(): object {
    return {};
  }

  @Get(':id')
  @RequireScopes('things:read')
  @RaisesErrors('not_found')
  get(@Param('id') id: string): object {
    return { id };
  }

  @Post()
  @Idempotent({ required: true })
  @RequireSignature()
  create(@Body() body: object): object {
    return body;
  }
}

const options: ApiEdgeModuleOptions = {
  envelope: 'problem',
  docsBaseUrl: 'https://docs.example.com/errors',
  apiKeys: { store: { findByHash: () => null }, sources: ['x-api-key', { header: 'authorization', scheme: 'Bearer' }, { query: 'api_key' }] },
  signature: { headers: { signature: 'X-Sig' } },
  rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 60 }] },
  idempotency: {},
  workspace: { resolver: { resolve: () => null } as never, header: 'X-Team-Id' },
};

const documentOf = (edge: EdgeApp) => applyApiEdgeOpenApi(SwaggerModule.createDocument(edge.app, new DocumentBuilder().setTitle('t').build()), edge.app);

describe('applyApiEdgeOpenApi', () => {
  let edge: EdgeApp;
  // Read as plain JSON (swagger's types make every field optional).
  let document: Record<string, any>;

  beforeAll(async () => {
    edge = await createEdgeApp({ options, controllers: [ThingsController] });
    document = documentOf(edge) as unknown as Record<string, any>;
  });
  afterAll(() => edge.close());

  it('gives a valid OpenAPI document', async () => {
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
  });

  it('declares one security scheme per credential source', () => {
    expect(document.components.securitySchemes).toEqual({
      'ApiKey-x-api-key': { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key.' },
      ApiKeyBearer: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>.' },
      'ApiKeyQuery-api_key': { type: 'apiKey', in: 'query', name: 'api_key', description: 'An API key in the query string.' },
    });
  });

  it('marks a public route as needing nothing, and lists only what can fail there', () => {
    const op = document.paths['/things/status'].get;
    expect(op.security).toEqual([]);
    expect(Object.keys(op.responses)).toEqual(['200', '500']);
    expect(op.responses['200'].headers).toEqual({ 'X-Request-Id': expect.objectContaining({ schema: { type: 'string' } }) });
  });

  it('documents the errors of an authenticated, scoped route by status, one example per code, in the envelope', () => {
    const op = document.paths['/things/{id}'].get;
    expect(op.security).toEqual([{ 'ApiKey-x-api-key': [] }, { ApiKeyBearer: [] }, { 'ApiKeyQuery-api_key': [] }]);
    expect(Object.keys(op.responses)).toEqual(['200', '400', '401', '403', '404', '429', '500']);
    const forbidden = op.responses['403'];
    expect(Object.keys(forbidden.content)).toEqual(['application/problem+json']);
    expect(forbidden.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ApiEdgeError' });
    // Per-key IP allowlists, the workspace check and the route's scope; no role, no personal-key rule.
    expect(Object.keys(forbidden.content['application/problem+json'].examples)).toEqual([
      'ip_not_allowed',
      'cross_tenant_workspace',
      'workspace_not_available',
      'no_main_workspace',
      'insufficient_scope',
    ]);
    expect(forbidden.content['application/problem+json'].examples.insufficient_scope.value).toEqual({
      type: 'https://docs.example.com/errors#insufficient_scope',
      title: expect.any(String),
      status: 403,
      detail: expect.any(String),
      code: 'insufficient_scope',
      request_id: '5f0c6d2e-8a41-4b7e-9c3d-2a1b0e9f7c64',
      instance: '/things/{id}',
    });
    expect(op.responses['404'].content['application/problem+json'].examples).toHaveProperty('not_found');
    expect(op.responses['429'].headers).toEqual({
      'X-Request-Id': expect.objectContaining({ required: true }),
      'Retry-After': expect.objectContaining({ required: true }),
      RateLimit: expect.any(Object),
      'RateLimit-Policy': expect.any(Object),
    });
    // The key may demand signing (requireSignature), so the signature headers are listed, optional.
    expect(op.parameters.map((p: { name: string; in: string; required: boolean }) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:id:true',
      'header:X-Sig:false',
      'header:X-Signature-Timestamp:false',
      'header:X-Signature-Nonce:false',
      'header:X-Team-Id:false',
    ]);
  });

  it('adds the signature and Idempotency-Key headers where the route needs them, and the replay mark to its answers', () => {
    const op = document.paths['/things'].post;
    expect(op.parameters.map((p: { name: string; required: boolean }) => `${p.name}:${p.required}`)).toEqual([
      'X-Sig:true',
      'X-Signature-Timestamp:false',
      'X-Signature-Nonce:false',
      'X-Team-Id:false',
      'Idempotency-Key:true',
    ]);
    expect(Object.keys(op.responses['201'].headers)).toEqual(['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Idempotent-Replayed']);
    const codes = Object.values<Record<string, any>>(op.responses).flatMap((r) => Object.keys(r.content?.['application/problem+json']?.examples ?? {}));
    expect(codes).toEqual(expect.arrayContaining(['signature_missing', 'signature_replayed', 'idempotency_key_required', 'idempotency_key_reused', 'idempotency_in_progress', 'invalid_json']));
  });

  it('refuses an app that is not initialized (the route table is empty)', async () => {
    const { NestFactory } = await import('@nestjs/core');
    const { Module } = await import('@nestjs/common');
    const { ApiEdgeModule } = await import('../../../lib/index.js');
    @Module({ imports: [ApiEdgeModule.forRoot({})], controllers: [ThingsController] })
    class Uninitialized {}
    const app = await NestFactory.create(Uninitialized, { logger: false });
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    expect(() => applyApiEdgeOpenApi(document, app)).toThrow(
      'Cannot document the edge because the route table is empty: the app has not been initialized. Fix: call applyApiEdgeOpenApi after await app.init() (or from a document factory that runs at the first request).',
    );
    await app.close();
  });

  it('refuses @RaisesErrors with a key the catalogue does not have', async () => {
    @Controller('bad')
    class BadController {
      @Get()
      @RaisesErrors('no_such_key')
      get(): object {
        return {};
      }
    }
    const bad = await createEdgeApp({ options: {}, controllers: [BadController] });
    expect(() => documentOf(bad)).toThrow(
      `Cannot document @RaisesErrors('no_such_key') on BadController.get because "no_such_key" is not a catalogue key. Fix: add it to your catalogue's entries, or remove it from @RaisesErrors.`,
    );
    await bad.close();
  });
});
