import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

@Controller()
class PingController {
  @Get('ping') ping() {
    return { ok: true };
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
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 2)]));
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

  it('still serves well-formed requests', async () => {
    const answer = await raw(port, 'GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(answer.endsWith('{"ok":true}')).toBe(true);
  });
});
