import { describe, it, expect } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import { signRequest } from '../../../lib/client/index.js';

const body = '{"text":"hi"}';
const bodyHash = createHash('sha256').update(body).digest('hex');
const mac = (secret: string, canonical: string, algorithm = 'sha256') => createHmac(algorithm, secret).update(canonical).digest('hex');

describe('signRequest', () => {
  it('returns the split headers: hex HMAC-SHA256 of the canonical string, and the timestamp', () => {
    const headers = signRequest({ secret: 'whsec_a', method: 'POST', path: '/v1/messages?x=1', body, timestamp: 1700000000 });
    expect(headers).toEqual({
      'X-Signature': mac('whsec_a', `1700000000\nPOST\n/v1/messages?x=1\n${bodyHash}\n`),
      'X-Signature-Timestamp': '1700000000',
    });
  });

  it('reproduces the worked example of docs/signatures.md', () => {
    expect(
      signRequest({
        secret: 'whsec_example_secret',
        method: 'POST',
        path: '/v1/messages?dry_run=1',
        body: '{"to":"+33612345678","text":"hi"}',
        timestamp: 1767225600,
        nonce: '8f14e45f-ceea-467f-a0e6-3b1e4f0a9c2d',
      }),
    ).toEqual({
      'X-Signature': 'cc6127d20f8b9c2df70f36436b1ea6c26452aba7287d99b6baa4b756dbe1ec65',
      'X-Signature-Timestamp': '1767225600',
      'X-Signature-Nonce': '8f14e45f-ceea-467f-a0e6-3b1e4f0a9c2d',
    });
  });

  it('signs the nonce and sends it in its header', () => {
    const headers = signRequest({ secret: 's', method: 'get', path: '/a', timestamp: 5, nonce: 'abcdefgh-1' });
    const emptyHash = createHash('sha256').update('').digest('hex');
    expect(headers).toEqual({
      'X-Signature': mac('s', `5\nGET\n/a\n${emptyHash}\nabcdefgh-1`),
      'X-Signature-Timestamp': '5',
      'X-Signature-Nonce': 'abcdefgh-1',
    });
  });

  it('writes the single-header form with one v1 per secret during rotation', () => {
    const canonical = `1700000000\nPUT\n/x\n${bodyHash}\n`;
    expect(signRequest({ secret: ['old', 'new'], method: 'PUT', path: '/x', body: Buffer.from(body), timestamp: 1700000000, format: 'combined' })).toEqual({
      'X-Signature': `t=1700000000,v1=${mac('old', canonical)},v1=${mac('new', canonical)}`,
    });
  });

  it('uses the configured header names and algorithm', () => {
    const canonical = `9\nPOST\n/x\n${bodyHash}\n`;
    expect(
      signRequest({ secret: 'k', method: 'POST', path: '/x', body, timestamp: 9, algorithm: 'sha512', headerNames: { signature: 'Sig', timestamp: 'Sig-Time' } }),
    ).toEqual({ Sig: mac('k', canonical, 'sha512'), 'Sig-Time': '9' });
  });

  it('defaults the timestamp to now in unix seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const stamp = Number(signRequest({ secret: 'k', method: 'GET', path: '/' })['X-Signature-Timestamp']);
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(before + 5);
  });

  it('refuses what would make a different or ambiguous canonical string', () => {
    const base = { secret: 'k', method: 'GET', path: '/' };
    expect(() => signRequest({ ...base, secret: '' })).toThrow(/secret is empty/);
    expect(() => signRequest({ ...base, secret: [] })).toThrow(/secret is empty/);
    expect(() => signRequest({ ...base, path: 'v1/x' })).toThrow(/start with "\/"/);
    expect(() => signRequest({ ...base, path: '/x\nGET' })).toThrow(/line break/);
    expect(() => signRequest({ ...base, method: 'GE T' })).toThrow(/whitespace/);
    expect(() => signRequest({ ...base, timestamp: 1.5 })).toThrow(/whole unix seconds/);
    expect(() => signRequest({ ...base, nonce: 'short' })).toThrow(/nonce/);
    expect(() => signRequest({ ...base, algorithm: 'sha1' as never })).toThrow(/sha256, sha384 or sha512/);
  });
});
