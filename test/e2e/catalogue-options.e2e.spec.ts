import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsInt, IsNotEmpty, IsString, Min } from 'class-validator';
import request from 'supertest';
import {
  ApiEdgeModule,
  apiError,
  CatalogueConfigurationError,
  createValidationPipe,
  OptionsConfigurationError,
  type Envelope,
} from '../../lib/index.js';
import { CapturingLogger } from '../support/capturing-logger.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

class SendDto {
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(2) @IsString({ each: true }) to!: string[];
  @IsString() @IsNotEmpty() message!: string;
  @IsString() @IsNotEmpty() sender_id!: string;
}
class ListQuery {
  @IsInt() @Min(1) limit!: number;
}

@Controller()
class C {
  @Get('keyless') keyless() {
    throw apiError('invalid_api_key');
  }
  @Get('missing') missing() {
    throw apiError('missing_api_key');
  }
  @Post('send') send(@Body(createValidationPipe()) dto: SendDto) {
    return dto;
  }
  @Get('list') list(@Query(createValidationPipe({ errorKey: 'INVALID_PARAMS' })) query: ListQuery) {
    return query;
  }
}

describe('catalogue through module options (seed 002 style)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [C],
      options: {
        envelope: 'status-flag',
        catalogue: {
          overrides: {
            invalid_api_key: { code: 'INVALID_API_KEY', status: 403, message: 'API key not found or hash mismatch' },
            missing_api_key: { as: 'invalid_api_key' },
          },
          entries: {
            INVALID_TO: { status: 400, type: 'invalid_request_error', message: 'Missing/empty recipients' },
            TOO_MANY_RECIPIENTS: { status: 400, type: 'invalid_request_error', message: 'Over 100 recipients' },
            INVALID_MESSAGE: { status: 400, type: 'invalid_request_error', message: 'Missing/empty message' },
            INVALID_PARAMS: { status: 400, type: 'invalid_request_error', message: 'Invalid query or path parameters' },
          },
        },
        validation: {
          rules: [
            { field: 'to', constraint: 'arrayMaxSize', key: 'TOO_MANY_RECIPIENTS' },
            { field: /^to(\.|$)/, key: 'INVALID_TO' },
            { field: 'message', key: 'INVALID_MESSAGE' },
          ],
        },
      },
    });
  });
  afterAll(() => edge.close());

  it('renames and re-statuses a built-in code', async () => {
    const res = await request(edge.server).get('/keyless');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ status: false, error_code: 'INVALID_API_KEY', description: 'API key not found or hash mismatch' });
  });

  it('reports an aliased meaning with the target code', async () => {
    const res = await request(edge.server).get('/missing');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ status: false, error_code: 'INVALID_API_KEY', description: 'API key not found or hash mismatch' });
  });

  it('maps a violation to an app code and keeps every violation in details', async () => {
    const res = await request(edge.server).post('/send').send({ to: ['a', 'b', 'c'], message: '', sender_id: 'S' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      status: false,
      error_code: 'TOO_MANY_RECIPIENTS',
      description: 'Over 100 recipients',
      details: [
        { field: 'to', constraint: 'arrayMaxSize', message: 'to must contain no more than 2 elements' },
        { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
      ],
    });
  });

  it('falls through the rules in order', async () => {
    const empty = await request(edge.server).post('/send').send({ to: [], message: 'hi', sender_id: 'S' });
    expect(empty.body.error_code).toBe('INVALID_TO');
    const noMessage = await request(edge.server).post('/send').send({ to: ['a'], sender_id: 'S' });
    expect(noMessage.body.error_code).toBe('INVALID_MESSAGE');
    const noSender = await request(edge.server).post('/send').send({ to: ['a'], message: 'hi' });
    expect(noSender.status).toBe(400);
    expect(noSender.body.error_code).toBe('validation_failed');
  });

  it('raises the pipe-specific key for query parameters', async () => {
    const res = await request(edge.server).get('/list?limit=zero');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: false, error_code: 'INVALID_PARAMS', description: 'Invalid query or path parameters' });
    expect(res.body.details[0]).toMatchObject({ field: 'limit', constraint: 'min' });
  });
});

describe('forRootAsync and a custom envelope function', () => {
  let edge: EdgeApp;
  const envelope: Envelope = (e) => ({
    status: e.entry.status === 404 ? 410 : e.entry.status,
    headers: { 'X-Error-Code': e.entry.code },
    body: { ok: false, err: e.entry.code, rid: e.requestId },
  });
  beforeAll(async () => {
    @Module({
      imports: [ApiEdgeModule.forRootAsync({ useFactory: async () => ({ envelope, requestId: { header: 'X-Trace' } }) })],
      controllers: [C],
    })
    class AsyncModule {}
    const logs = new CapturingLogger();
    const app = await NestFactory.create(AsyncModule, { logger: logs });
    await app.init();
    edge = { app, logs, server: app.getHttpServer(), close: () => app.close() };
  });
  afterAll(() => edge.close());

  it('uses the function for status, headers and body', async () => {
    const res = await request(edge.server).get('/nowhere').set('X-Trace', 'trace-0000-1111');
    expect(res.status).toBe(410);
    expect(res.headers['x-error-code']).toBe('not_found');
    expect(res.headers['x-trace']).toBe('trace-0000-1111');
    expect(res.body).toEqual({ ok: false, err: 'not_found', rid: 'trace-0000-1111' });
  });
});

describe('wrong options fail the start with a fix', () => {
  const start = async (options: object) => {
    @Module({ imports: [ApiEdgeModule.forRoot(options)] })
    class M {}
    const app = await NestFactory.create(M, { logger: false, abortOnError: false });
    await app.close();
  };
  it('an unknown envelope preset', async () => {
    await expect(start({ envelope: 'nestd' })).rejects.toThrow(OptionsConfigurationError);
    await expect(start({ envelope: 'nestd' })).rejects.toThrow(
      'Cannot use envelope "nestd" because it is not a preset. Fix: use one of nested, flat, status-flag, object, typed, problem, stripe, or pass a function (error) => ({ status, body }).',
    );
  });
  it('a docs base URL that is not absolute', async () => {
    await expect(start({ docsBaseUrl: 'docs/errors' })).rejects.toThrow(/Cannot use docsBaseUrl "docs\/errors"/);
  });
  it('an inconsistent catalogue', async () => {
    await expect(start({ catalogue: { overrides: { not_found: { status: 200 } } } })).rejects.toThrow(CatalogueConfigurationError);
  });
  it('idempotency for all POSTs without the global interceptor', async () => {
    await expect(start({ idempotency: { allPosts: true } })).rejects.toThrow(
      /^Cannot apply idempotency to every POST route because the idempotency interceptor is not registered globally\. Fix: pass globalInterceptors: true/,
    );
  });
  it('a validation rule naming an unknown key', async () => {
    await expect(start({ validation: { rules: [{ key: 'NOPE' }] } })).rejects.toThrow(
      /Cannot map validation violations to "NOPE" because the catalogue has no such key/,
    );
  });
});
