import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ClientErrorResponder } from '../../lib/filters/client-error.responder.js';
import { testPlatform } from '../support/adapter.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

@Controller()
class PingController {
  @Get('ping') ping() {
    return { ok: true };
  }
  @Post('echo') echo(@Body() body: unknown) {
    return { body };
  }
}

/** Sends raw bytes and returns the raw answer (the server closes the connection). */
async function raw(port: number, bytes: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(bytes);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  await once(socket, 'close');
  return answer;
}

function parse(answer: string): { statusLine: string; headers: Record<string, string>; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 2)]));
  return { statusLine, headers, body: JSON.parse(body) };
}

/** Requests Node's parser rejects before Express: still a catalogued error in the envelope. */
describe('unparsable requests', () => {
  let edge: EdgeApp;
  let port: number;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [PingController],
      options: { envelope: 'typed', catalogue: { overrides: { headers_too_large: { code: 'HEADERS_TOO_LARGE' } } } },
      listen: true,
    });
    port = (edge.server.address() as AddressInfo).port;
  });
  afterAll(() => edge.close());

  it('headers over the size limit → 431 in the envelope, with a request id', async () => {
    const answer = parse(await raw(port, `GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['connection']).toBe('close');
    expect(answer.body).toEqual({
      type: 'invalid_request_error',
      code: 'HEADERS_TOO_LARGE',
      message: 'The request headers are too large.',
      param: null,
      request_id: answer.headers['x-request-id'],
    });
  });

  it('a garbled request line → 400 bad_request in the envelope', async () => {
    const answer = parse(await raw(port, 'THIS IS NOT HTTP\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toEqual({
      type: 'invalid_request_error',
      code: 'bad_request',
      message: 'The request is invalid.',
      param: null,
      request_id: answer.headers['x-request-id'],
    });
    expect(edge.logs.text()).toContain('Refused an unparsable request');
  });

  it('an Expect header other than 100-continue → 417 expectation_failed in the envelope', async () => {
    const answer = parse(await raw(port, 'GET /ping HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nX-Request-Id: req_expect_0001\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 417 Expectation Failed');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-request-id']).toBe('req_expect_0001');
    expect(answer.headers['x-powered-by']).toBeUndefined();
    expect(answer.body).toEqual({
      type: 'invalid_request_error',
      code: 'expectation_failed',
      message: 'The Expect header cannot be met. Send only Expect: 100-continue.',
      param: null,
      request_id: 'req_expect_0001',
    });
  });

  it('CONNECT → 405 method_not_allowed in the envelope, not a silently closed connection', async () => {
    const answer = parse(await raw(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body).toEqual({
      type: 'invalid_request_error',
      code: 'method_not_allowed',
      message: 'The method is not allowed on this resource.',
      param: null,
      request_id: answer.headers['x-request-id'],
    });
  });

  it('pipelined garbage after a good request → 400 bad_request in the envelope, then close', async () => {
    const answer = await raw(port, 'GET /ping HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE GARBAGE\r\n\r\n');
    const last = answer.slice(answer.lastIndexOf('HTTP/1.1 '));
    const parsed = parse(last);
    expect(parsed.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(parsed.body).toEqual({ type: 'invalid_request_error', code: 'bad_request', message: 'The request is invalid.', param: null, request_id: parsed.headers['x-request-id'] });
  });

  it.each([
    ['no Host header', 'GET /ping HTTP/1.1\r\n\r\n'],
    ['an empty Host header', 'GET /ping HTTP/1.1\r\nHost: \r\n\r\n'],
  ])('HTTP/1.1 with %s → 400 bad_request in the envelope, not Node\'s bare 400', async (_what, bytes) => {
    const answer = parse(await raw(port, bytes));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['connection']).toBe('close');
    expect(answer.body).toEqual({ type: 'invalid_request_error', code: 'bad_request', message: 'The request is invalid.', param: null, request_id: answer.headers['x-request-id'] });
  });

  it('HTTP/1.0 needs no Host: served', async () => {
    const answer = await raw(port, 'GET /ping HTTP/1.0\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(answer.endsWith('{"ok":true}')).toBe(true);
  });

  it('still serves well-formed requests', async () => {
    const answer = await raw(port, 'GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(answer.endsWith('{"ok":true}')).toBe(true);
  });
});

/** Node's timeouts and a declared body over the limit: answered at once, in the envelope. */
describe('slow and oversized requests', () => {
  let edge: EdgeApp;
  let port: number;
  beforeAll(async () => {
    edge = await createEdgeApp({ controllers: [PingController], options: { envelope: 'flat' }, bodyLimit: '1kb' });
    const server = edge.server as Server & { connectionsCheckingInterval: number };
    // Small timeouts, checked often, so the test does not wait Node's defaults (60 s / 300 s).
    server.headersTimeout = 300;
    server.requestTimeout = 400;
    server.connectionsCheckingInterval = 50;
    edge.app.get(ClientErrorResponder).setBodyLimit('1kb');
    await edge.app.listen(0, '127.0.0.1');
    port = (edge.server.address() as AddressInfo).port;
  });
  afterAll(() => edge.close());

  it('headers that never finish → 408 request_timeout (retryable), not 400', async () => {
    const answer = parse(await raw(port, 'GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    expect(answer.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body).toEqual({ error: 'request_timeout', message: 'The request did not arrive in time. Retry it.' });
    expect(edge.logs.text()).toContain('Refused an unparsable request (ERR_HTTP_REQUEST_TIMEOUT) → 408');
  });

  it('a body that never finishes → 408 request_timeout', async () => {
    const answer = parse(await raw(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'));
    expect(answer.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.body).toEqual({ error: 'request_timeout', message: 'The request did not arrive in time. Retry it.' });
  });

  it('a declared Content-Length over the limit → 413 at once, before any body byte', async () => {
    const answer = parse(await raw(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['connection']).toBe('close');
    expect(answer.body).toEqual({ error: 'payload_too_large', message: 'The request body is too large.' });
  });

  it('Expect: 100-continue with a body over the limit → 413 instead of 100 Continue', async () => {
    const answer = await raw(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n');
    expect(answer).not.toContain('100 Continue');
    expect(parse(answer).statusLine).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('Expect: 100-continue under the limit → 100 Continue, then the handler answers', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 7\r\nConnection: close\r\n\r\n');
    const [first] = (await once(socket, 'data')) as [Buffer];
    expect(first.toString('latin1')).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    let rest = '';
    socket.on('data', (chunk: Buffer) => (rest += chunk.toString('latin1')));
    socket.write('{"a":1}');
    await once(socket, 'close');
    expect(rest.startsWith('HTTP/1.1 201 Created')).toBe(true);
    expect(rest.endsWith('{"body":{"a":1}}')).toBe(true);
  });

  it('a body within the limit is read as before', async () => {
    const answer = await raw(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"a":1}');
    expect(answer.startsWith('HTTP/1.1 201 Created')).toBe(true);
  });

  it('a gzip body small on the wire but over the limit decompressed → 413 (the limit counts decompressed bytes)', async () => {
    const bomb = gzipSync(Buffer.from(`{"a":"${'0'.repeat(200_000)}"}`));
    expect(bomb.length).toBeLessThan(1024);
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.write(`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\nConnection: close\r\n\r\n`);
    socket.write(bomb);
    await once(socket, 'close');
    const parsed = parse(answer);
    if (testPlatform() === 'fastify') {
      // Fastify does not decode request bodies: a compressed one is refused before it is read.
      expect(parsed.statusLine).toBe('HTTP/1.1 415 Unsupported Media Type');
      expect(parsed.body).toEqual({ error: 'unsupported_media_type', message: 'The request body has an unsupported content type or encoding.' });
      return;
    }
    expect(parsed.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(parsed.body).toEqual({ error: 'payload_too_large', message: 'The request body is too large.' });
  });

  it('setBodyLimit refuses what is not a size, with the fix', () => {
    expect(() => edge.app.get(ClientErrorResponder).setBodyLimit('lots')).toThrow(
      `Cannot use the body limit "lots" because it is not a size. Fix: pass the limit given to the body parser, e.g. '100kb', '1mb' or a whole number of bytes.`,
    );
  });
});
