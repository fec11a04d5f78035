import 'reflect-metadata';
import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { Controller, Get, Req } from '@nestjs/common';
import request from 'supertest';
import { ClientIpResolver, OptionsConfigurationError, Public, type ApiEdgeModuleOptions } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

@Public()
@Controller()
class WhoAmIController {
  constructor(private readonly clientIp: ClientIpResolver) {}

  @Get('ip') ip(@Req() req: object) {
    return { ip: this.clientIp.resolve(req) };
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

async function withApp(options: ApiEdgeModuleOptions): Promise<EdgeApp> {
  return createEdgeApp({ options, controllers: [WhoAmIController] });
}

async function ipOf(edge: EdgeApp, xff?: string): Promise<string> {
  let test = request(edge.server).get('/ip');
  if (xff !== undefined) test = test.set('X-Forwarded-For', xff);
  const res = await test;
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe(JSON_TYPE);
  return (res.body as { ip: string }).ip;
}

describe('client IP: no trusted proxy (the default)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await withApp({});
  });
  afterAll(() => edge.close());

  it('is the socket address, unwrapped from ::ffff:', async () => {
    expect(await ipOf(edge)).toBe('127.0.0.1');
  });

  it('ignores a forged X-Forwarded-For from an untrusted peer', async () => {
    expect(await ipOf(edge, '203.0.113.7')).toBe('127.0.0.1');
    expect(await ipOf(edge, '203.0.113.7, 198.51.100.1')).toBe('127.0.0.1');
  });
});

describe('client IP: behind trusted proxies', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    // The test client plays the last proxy (loopback); 10.0.0.0/8 is the load balancer tier.
    edge = await withApp({ clientIp: { trustedProxies: ['loopback', '10.0.0.0/8'] } });
  });
  afterAll(() => edge.close());

  it('takes the rightmost hop that is not a trusted proxy', async () => {
    expect(await ipOf(edge, '198.51.100.1')).toBe('198.51.100.1');
    expect(await ipOf(edge, '6.6.6.6, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
  });

  it('cannot be steered by prepending hops: the client only controls the left of the list', async () => {
    expect(await ipOf(edge, '10.9.9.9, 127.0.0.1, 198.51.100.66')).toBe('198.51.100.66');
  });

  it('normalizes IPv6 and IPv4-mapped hops', async () => {
    expect(await ipOf(edge, '2001:DB8:0:0::7')).toBe('2001:db8::7');
    expect(await ipOf(edge, '::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('falls back to the socket address without X-Forwarded-For', async () => {
    expect(await ipOf(edge)).toBe('127.0.0.1');
  });
});

describe('client IP options', () => {
  it('fail the start when a trusted proxy is not an address', async () => {
    await expect(withApp({ clientIp: { trustedProxies: ['loopback', '10.0.0.0/99'] } })).rejects.toThrow(OptionsConfigurationError);
    await expect(withApp({ clientIp: { trustedProxies: 'proxy.internal' } })).rejects.toThrow(
      'Cannot use clientIp.trustedProxies ["proxy.internal"] because invalid IP address: proxy.internal. Fix: list IPs, CIDR ranges (10.0.0.0/8, 2001:db8::/32) or the names loopback, linklocal, uniquelocal.',
    );
  });
});
