import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Injectable, Logger } from '@nestjs/common';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { currentRequestId, RequestId } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@Injectable()
class AuditService {
  private readonly logger = new Logger('Audit');
  // No request object here: the id comes from the async context.
  async record(): Promise<string | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    this.logger.log(`audited [request ${currentRequestId()}]`);
    return currentRequestId();
  }
}

@Controller()
class C {
  constructor(private readonly audit: AuditService) {}
  @Get('whoami') async whoami(@RequestId() id: string) {
    return { id, fromContext: await this.audit.record() };
  }
}

describe('request ids', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [C],
      providers: [AuditService],
      options: { envelope: 'object', requestId: { asyncContext: true } },
    });
  });
  afterAll(() => edge.close());

  it('accepts a well-formed id, echoes it, and exposes it to handlers, services and logs', async () => {
    const res = await request(edge.server).get('/whoami').set('X-Request-Id', 'req_0123456789abcdef');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('req_0123456789abcdef');
    expect(res.body).toEqual({ id: 'req_0123456789abcdef', fromContext: 'req_0123456789abcdef' });
    expect(edge.logs.text()).toContain('audited [request req_0123456789abcdef]');
  });

  it('generates a UUID when none is sent, on success and on error', async () => {
    const ok = await request(edge.server).get('/whoami');
    expect(ok.headers['x-request-id']).toMatch(UUID);
    expect(ok.body.id).toBe(ok.headers['x-request-id']);
    const missing = await request(edge.server).get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-request-id']).toMatch(UUID);
    expect(missing.body.request_id).toBe(missing.headers['x-request-id']);
  });

  it.each([
    ['too short', 'abc'],
    ['spaces and quotes', 'req 1234 "x"'],
    ['a newline-free but huge value', 'a'.repeat(8000)],
    ['non-ASCII', 'réq_0123456789'],
    ['HTML', '<script>alert(1)</script>'],
  ])('replaces a malformed id (%s) with a generated one', async (_name, value) => {
    const res = await request(edge.server).get('/nope').set('X-Request-Id', value);
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.body.request_id).toBe(res.headers['x-request-id']);
  });

  it('replaces a repeated header (two values) with a generated id', async () => {
    // supertest cannot send a header twice; Node's http client can (raw header list).
    const server = edge.server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: '/whoami',
        headers: [['Host', `127.0.0.1:${port}`], ['X-Request-Id', 'req_aaaaaaaaaaaa'], ['X-Request-Id', 'req_bbbbbbbbbbbb']].flat(),
      });
      req.end();
      const [res] = (await once(req, 'response')) as [http.IncomingMessage];
      res.resume();
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    } finally {
      server.close();
    }
  });
});

describe('request id options', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [C],
      providers: [AuditService],
      options: { envelope: 'typed', requestId: { header: 'Request-Id', prefix: 'req_', acceptIncoming: false } },
    });
  });
  afterAll(() => edge.close());

  it('uses the configured header and prefix, and ignores incoming ids when told to', async () => {
    const res = await request(edge.server).get('/nope').set('Request-Id', 'req_0123456789abcdef');
    expect(res.status).toBe(404);
    expect(res.headers['request-id']).toMatch(/^req_[0-9a-f-]{36}$/);
    expect(res.headers['request-id']).not.toBe('req_0123456789abcdef');
    expect(res.headers['x-request-id']).toBeUndefined();
    expect(res.body).toEqual({
      type: 'not_found_error',
      code: 'not_found',
      message: 'The resource does not exist.',
      param: null,
      request_id: res.headers['request-id'],
    });
  });
});

describe('without asyncContext (the default)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({ controllers: [C], providers: [AuditService], options: { envelope: 'object' } });
  });
  afterAll(() => edge.close());

  it('still gives handlers the id, but not code outside the request', async () => {
    const res = await request(edge.server).get('/whoami').set('X-Request-Id', 'req_0123456789abcdef');
    expect(res.body).toEqual({ id: 'req_0123456789abcdef' });
    expect(res.headers['x-request-id']).toBe('req_0123456789abcdef');
  });
});
