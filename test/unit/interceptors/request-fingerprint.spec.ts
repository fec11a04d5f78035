import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { requestFingerprint, stableStringify } from '../../../lib/interceptors/request-fingerprint.js';

const sha = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('requestFingerprint', () => {
  it('is SHA-256 over method, path with query and the raw body bytes, NUL-separated', () => {
    const rawBody = Buffer.from('{"qty":1}');
    expect(requestFingerprint({ method: 'POST', originalUrl: '/orders?dry=1', url: '/ignored', rawBody })).toBe(
      sha('POST\0/orders?dry=1\0{"qty":1}'),
    );
  });

  it('tells apart bodies that parse alike but differ in bytes, and requests that differ in method, path or query', () => {
    const base = { method: 'POST', url: '/orders', rawBody: Buffer.from('{"a":1,"b":2}') };
    const fingerprints = new Set([
      requestFingerprint(base),
      requestFingerprint({ ...base, rawBody: Buffer.from('{"b":2,"a":1}') }),
      requestFingerprint({ ...base, rawBody: Buffer.from('{"a":1, "b":2}') }),
      requestFingerprint({ ...base, method: 'PUT' }),
      requestFingerprint({ ...base, url: '/orders/1' }),
      requestFingerprint({ ...base, url: '/orders?x=1' }),
    ]);
    expect(fingerprints.size).toBe(6);
  });

  it('falls back to a stable serialization of the parsed body without a raw body', () => {
    const a = requestFingerprint({ method: 'POST', url: '/o', body: { b: [1, { y: 2, x: 1 }], a: 'x' } });
    const b = requestFingerprint({ method: 'POST', url: '/o', body: { a: 'x', b: [1, { x: 1, y: 2 }] } });
    expect(a).toBe(b);
    expect(a).toBe(sha('POST\0/o\0{"a":"x","b":[1,{"x":1,"y":2}]}'));
    expect(requestFingerprint({ method: 'POST', url: '/o', body: 'text body' })).toBe(sha('POST\0/o\0text body'));
    expect(requestFingerprint({ method: 'POST', url: '/o' })).toBe(sha('POST\0/o\0'));
  });
});

describe('stableStringify', () => {
  it('sorts keys at every depth, skips undefined properties and honours toJSON', () => {
    const date = new Date(Date.UTC(2026, 0, 1));
    expect(stableStringify({ z: 1, a: { d: undefined, c: [null, undefined], b: date } })).toBe(
      '{"a":{"b":"2026-01-01T00:00:00.000Z","c":[null,null]},"z":1}',
    );
  });
});
