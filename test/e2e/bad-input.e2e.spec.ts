import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { IsInt, IsString, Max } from 'class-validator';
import request from 'supertest';
import { createValidationPipe } from '../../lib/index.js';
import { testPlatform } from '../support/adapter.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

class Dto {
  @IsString() name!: string;
  @IsInt() @Max(10) count!: number;
}

@Controller()
class C {
  @Post('items') create(@Body(createValidationPipe()) dto: Dto) {
    return dto;
  }
  @Get('items/:id') get(@Param('id', ParseIntPipe) id: number) {
    return { id };
  }
}

/** Hostile and sloppy input: every answer is a catalogued JSON error, never HTML, a 500 or a hang. */
describe('bad input', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({ controllers: [C], options: { envelope: 'flat' }, bodyLimit: '1kb' });
  });
  afterAll(() => edge.close());

  const expectJsonError = (res: request.Response, status: number, body: unknown) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-request-id']).toBeDefined();
    expect(res.body).toEqual(body);
  };

  it('an oversized body → payload_too_large 413', async () => {
    const res = await request(edge.server)
      .post('/items')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(5000), count: 1 }));
    expectJsonError(res, 413, { error: 'payload_too_large', message: 'The request body is too large.' });
  });

  it('an unsupported Content-Encoding → unsupported_media_type 415', async () => {
    const res = await request(edge.server)
      .post('/items')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{"name":"a","count":1}');
    expectJsonError(res, 415, {
      error: 'unsupported_media_type',
      message: 'The request body has an unsupported content type or encoding.',
    });
  });

  it('an unsupported charset → unsupported_media_type 415', async () => {
    const res = await request(edge.server)
      .post('/items')
      .set('Content-Type', 'application/json; charset=klingon')
      .send('{"name":"a","count":1}');
    expectJsonError(res, 415, {
      error: 'unsupported_media_type',
      message: 'The request body has an unsupported content type or encoding.',
    });
  });

  it('malformed JSON → invalid_json 400, without echoing the parser message', async () => {
    const res = await request(edge.server).post('/items').set('Content-Type', 'application/json').send('{"name": tru');
    expectJsonError(res, 400, { error: 'invalid_json', message: 'The request body is not valid JSON.' });
  });

  it('wrong types → validation_failed with each field', async () => {
    const res = await request(edge.server).post('/items').send({ name: 5, count: '11' });
    expectJsonError(res, 400, {
      error: 'validation_failed',
      message: 'The request failed validation. See details for each field.',
      details: [
        { field: 'name', constraint: 'isString', message: 'name must be a string' },
        { field: 'count', constraint: 'max', message: 'count must not be greater than 10' },
        { field: 'count', constraint: 'isInt', message: 'count must be an integer number' },
      ],
    });
  });

  it('unknown properties are rejected, not silently dropped', async () => {
    const res = await request(edge.server).post('/items').send({ name: 'a', count: 1, admin: true });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'admin', constraint: 'whitelistValidation', message: 'property admin should not exist' }]);
  });

  it('deeply nested JSON (450 arrays, under the body limit) → validation_failed maxDepth, not a stack overflow 500', async () => {
    const res = await request(edge.server)
      .post('/items')
      .set('Content-Type', 'application/json')
      .send(`{"name":${'['.repeat(450)}${']'.repeat(450)},"count":1}`);
    expectJsonError(res, 400, {
      error: 'validation_failed',
      message: 'The request failed validation. See details for each field.',
      details: [{ field: 'name', constraint: 'maxDepth', message: 'name must not nest objects or arrays deeper than 64 levels' }],
    });
    expect(edge.logs.text()).not.toContain('Maximum call stack');
  });

  it('a whole body of nested arrays → maxDepth on index 0', async () => {
    const res = await request(edge.server).post('/items').set('Content-Type', 'application/json').send(`${'['.repeat(300)}${']'.repeat(300)}`);
    expectJsonError(res, 400, {
      error: 'validation_failed',
      message: 'The request failed validation. See details for each field.',
      details: [{ field: '0', constraint: 'maxDepth', message: '0 must not nest objects or arrays deeper than 64 levels' }],
    });
  });

  it('64 levels pass the depth check (then fail as the wrong type), 65 do not', async () => {
    // `name` is level 2, so 63 arrays inside it make 64 levels.
    const at64 = await request(edge.server).post('/items').set('Content-Type', 'application/json').send(`{"name":${'['.repeat(63)}${']'.repeat(63)},"count":1}`);
    expect(at64.status).toBe(400);
    expect(at64.body.details).toEqual([{ field: 'name', constraint: 'isString', message: 'name must be a string' }]);
    const at65 = await request(edge.server).post('/items').set('Content-Type', 'application/json').send(`{"name":${'['.repeat(64)}${']'.repeat(64)},"count":1}`);
    expect(at65.status).toBe(400);
    expect(at65.body.details).toEqual([{ field: 'name', constraint: 'maxDepth', message: 'name must not nest objects or arrays deeper than 64 levels' }]);
  });

  it.each(['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'])(
    'a "%s" property is refused like any unknown property',
    async (name) => {
      const res = await request(edge.server).post('/items').set('Content-Type', 'application/json').send(`{"name":"a","count":1,"${name}":{"x":1}}`);
      // Fastify's JSON parser (secure-json-parse) refuses a __proto__ key itself, before any pipe.
      if (name === '__proto__' && testPlatform() === 'fastify') {
        expectJsonError(res, 400, { error: 'invalid_json', message: 'The request body is not valid JSON.' });
        return;
      }
      expectJsonError(res, 400, {
        error: 'validation_failed',
        message: 'The request failed validation. See details for each field.',
        details: [{ field: name, constraint: 'whitelistValidation', message: `property ${name} should not exist` }],
      });
    },
  );

  it('reserved keys are refused at any depth, each with its path', async () => {
    const res = await request(edge.server)
      .post('/items')
      .set('Content-Type', 'application/json')
      .send('{"name":"a","count":1,"extra_field":{"constructor":{"prototype":{}}},"list":[{"__proto__":{"admin":true}}]}');
    // Fastify's JSON parser refuses __proto__ and constructor.prototype before any pipe runs.
    if (testPlatform() === 'fastify') {
      expectJsonError(res, 400, { error: 'invalid_json', message: 'The request body is not valid JSON.' });
      return;
    }
    expectJsonError(res, 400, {
      error: 'validation_failed',
      message: 'The request failed validation. See details for each field.',
      details: [
        { field: 'extra_field.constructor', constraint: 'whitelistValidation', message: 'property constructor should not exist' },
        { field: 'list.0.__proto__', constraint: 'whitelistValidation', message: 'property __proto__ should not exist' },
      ],
    });
  });

  it('a JSON array or scalar where an object is expected → validation_failed', async () => {
    const res = await request(edge.server).post('/items').set('Content-Type', 'application/json').send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
  });

  it("a path parameter of the wrong type → bad_request 400 (Nest's ParseIntPipe)", async () => {
    const res = await request(edge.server).get('/items/abc');
    expectJsonError(res, 400, { error: 'bad_request', message: 'The request is invalid.' });
  });

  it('a malformed percent-encoding in the path → a JSON 4xx, not a 500', async () => {
    const res = await request(edge.server).get('/items/%E0%A4%A');
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('an unknown method on a known path → not_found 404 in the envelope', async () => {
    const res = await request(edge.server).delete('/items');
    expectJsonError(res, 404, { error: 'not_found', message: 'The resource does not exist.' });
  });

  it('a huge odd header does not break the answer', async () => {
    const res = await request(edge.server).get('/items/7').set('X-Anything', 'é'.repeat(2000));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 7 });
  });
});

describe('createValidationPipe options', () => {
  it.each([0, 1.5, 1001, Number.NaN])('maxJsonDepth %p fails with the fix', (maxJsonDepth) => {
    expect(() => createValidationPipe({ maxJsonDepth })).toThrow(
      `Cannot create the validation pipe because maxJsonDepth is ${String(maxJsonDepth)}, not a whole number from 1 to 1000. Fix: pass createValidationPipe({ maxJsonDepth: 64 }) or leave it out for the default.`,
    );
  });

  it('a smaller maxJsonDepth is applied', async () => {
    const pipe = createValidationPipe({ maxJsonDepth: 2 });
    await expect(pipe.transform({ name: [[1]], count: 1 }, { type: 'body', metatype: Dto })).rejects.toMatchObject({
      key: 'validation_failed',
      occurrence: { details: [{ field: 'name', constraint: 'maxDepth', message: 'name must not nest objects or arrays deeper than 2 levels' }] },
    });
  });
});
