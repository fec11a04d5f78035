import { describe, it, expect } from '@jest/globals';
import { ClientIpResolver } from '../../../lib/context/client-ip.resolver.js';
import { edgeState, OptionsConfigurationError, type ApiEdgeModuleOptions } from '../../../lib/index.js';
import { resolveApiEdgeOptions } from '../../../lib/api-edge.options.js';

const resolver = (clientIp?: ApiEdgeModuleOptions['clientIp']) => new ClientIpResolver(resolveApiEdgeOptions({ clientIp }));
const request = (peer: string | undefined, xff?: string) => ({
  socket: { remoteAddress: peer },
  connection: { remoteAddress: peer },
  headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
});

describe('ClientIpResolver', () => {
  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(resolver().resolve(request('198.51.100.9', '1.1.1.1'))).toBe('198.51.100.9');
    expect(resolver({ trustedProxies: [] }).resolve(request('198.51.100.9', '1.1.1.1'))).toBe('198.51.100.9');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(resolver({ trustedProxies: ['10.0.0.0/8'] }).resolve(request('198.51.100.9', '1.1.1.1'))).toBe('198.51.100.9');
  });

  it('takes the rightmost untrusted hop behind trusted proxies', () => {
    const r = resolver({ trustedProxies: ['10.0.0.0/8'] });
    expect(r.resolve(request('10.0.0.1', '6.6.6.6, 203.0.113.7, 10.0.0.2'))).toBe('203.0.113.7');
    // Every hop trusted: the leftmost one is the best we know.
    expect(r.resolve(request('10.0.0.1', '10.9.9.9'))).toBe('10.9.9.9');
  });

  it('understands the proxy-addr names and a trust function', () => {
    expect(resolver({ trustedProxies: 'loopback' }).resolve(request('::1', '2001:DB8::7'))).toBe('2001:db8::7');
    const byHop = resolver({ trustedProxies: (_address, hop) => hop < 2 });
    expect(byHop.resolve(request('198.51.100.1', '9.9.9.9, 8.8.8.8, 7.7.7.7'))).toBe('8.8.8.8');
  });

  it('normalizes IPv4-mapped socket addresses and forwarded hops', () => {
    expect(resolver().resolve(request('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(resolver({ trustedProxies: ['loopback'] }).resolve(request('::ffff:127.0.0.1', '::ffff:203.0.113.5'))).toBe('203.0.113.5');
  });

  it('caches the result in the edge state', () => {
    const req = request('198.51.100.9');
    const r = resolver();
    expect(r.resolve(req)).toBe('198.51.100.9');
    req.socket.remoteAddress = '198.51.100.10';
    expect(r.resolve(req)).toBe('198.51.100.9');
    expect(edgeState(req).clientIp).toBe('198.51.100.9');
  });

  it("answers '' when the socket has no address", () => {
    expect(resolver().resolve(request(undefined))).toBe('');
    expect(resolver({ trustedProxies: 'loopback' }).resolve(request(undefined, '1.1.1.1'))).toBe('');
  });

  it('fails the start on a trusted proxy that is not an address', () => {
    expect(() => resolver({ trustedProxies: ['10.0.0.0/40'] })).toThrow(OptionsConfigurationError);
    expect(() => resolver({ trustedProxies: ['my-proxy'] })).toThrow(/Cannot use clientIp.trustedProxies \["my-proxy"\] because invalid IP address: my-proxy\. Fix:/);
  });
});
