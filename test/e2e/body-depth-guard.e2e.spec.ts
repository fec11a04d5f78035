import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Post, ValidationPipe } from '@nestjs/common';
import { IsInt, IsOptional } from 'class-validator';
import request from 'supertest';
import { validationExceptionFactory } from '../../lib/index.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';

class Dto {
  @IsOptional() name?: unknown;
  @IsInt() count!: number;
}

// Nest's own ValidationPipe, not createValidationPipe: the depth bound must come from the guard.
@Controller()
class PlainPipeController {
  @Post('items') create(@Body(new ValidationPipe({ transform: true, exceptionFactory: validationExceptionFactory })) dto: Dto) {
    return { count: dto.count };
  }
  @Post('raw') raw(@Body() body: unknown) {
    return { type: Array.isArray(body) ? 'array' : typeof body };
  }
}

const nested = (levels: number): string => `{"name":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)},"count":1}`;

/** The global guard bounds body depth (validation.maxJsonDepth) before any pipe or handler. */
describe('body depth in the global guard', () => {
  describe('default bound (64)', () => {
    let edge: EdgeApp;
    beforeAll(async () => {
      edge = await createEdgeApp({ controllers: [PlainPipeController], options: { envelope: 'flat' } });
    });
    afterAll(() => edge.close());

    it('1,300 nested arrays under Nest\'s plain ValidationPipe → 400 validation_failed maxDepth, no stack overflow', async () => {
      const res = await request(edge.server).post('/items').set('Content-Type', 'application/json').send(`{"name":${'['.repeat(1300)}${']'.repeat(1300)},"count":1}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({
        error: 'validation_failed',
        message: 'The request failed validation. See details for each field.',
        details: [{ field: 'name', constraint: 'maxDepth', message: 'name must not nest objects or arrays deeper than 64 levels' }],
      });
      expect(edge.logs.text()).not.toContain('Maximum call stack');
    });

    it('a handler without any pipe is guarded too (a whole body of nested arrays → field "0")', async () => {
      const res = await request(edge.server).post('/raw').set('Content-Type', 'application/json').send(`${'['.repeat(200)}${']'.repeat(200)}`);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: '0', constraint: 'maxDepth', message: '0 must not nest objects or arrays deeper than 64 levels' }]);
    });

    it('64 levels pass (the pipe then validates), 65 are refused', async () => {
      const at64 = await request(edge.server).post('/items').set('Content-Type', 'application/json').send(nested(64));
      expect(at64.status).toBe(201);
      expect(at64.body).toEqual({ count: 1 });
      const at65 = await request(edge.server).post('/items').set('Content-Type', 'application/json').send(nested(65));
      expect(at65.status).toBe(400);
      expect(at65.body.details).toEqual([{ field: 'name', constraint: 'maxDepth', message: 'name must not nest objects or arrays deeper than 64 levels' }]);
    });
  });

  describe('validation.maxJsonDepth: 8', () => {
    let edge: EdgeApp;
    beforeAll(async () => {
      edge = await createEdgeApp({ controllers: [PlainPipeController], options: { envelope: 'flat', validation: { maxJsonDepth: 8 } } });
    });
    afterAll(() => edge.close());

    it('8 levels pass, 9 are refused with the configured bound in the message', async () => {
      expect((await request(edge.server).post('/raw').set('Content-Type', 'application/json').send(nested(8))).status).toBe(201);
      const res = await request(edge.server).post('/raw').set('Content-Type', 'application/json').send(nested(9));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'name', constraint: 'maxDepth', message: 'name must not nest objects or arrays deeper than 8 levels' }]);
    });
  });

  it.each([0, 1.5, 1001, Number.NaN])('validation.maxJsonDepth %s fails the start with the fix', async (maxJsonDepth) => {
    const error = await startupError(() => createEdgeApp({ controllers: [PlainPipeController], options: { validation: { maxJsonDepth } } }));
    expect((error as Error).message).toBe(
      `Cannot bound request bodies because validation.maxJsonDepth is ${String(maxJsonDepth)}, not a whole number from 1 to 1000. Fix: pass e.g. validation: { maxJsonDepth: 64 } or leave it out for the default.`,
    );
  });
});
