import { describe, it, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { buildCanonicalString, EMPTY_BODY_SHA256, sha256Hex } from '../../../lib/client/index.js';

describe('canonical string', () => {
  it('is five LF-joined lines: timestamp, upper-cased method, path with query, body hash, nonce', () => {
    const body = '{"to":"+33612345678"}';
    const hash = createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(
      buildCanonicalString({ timestamp: 1767225600, method: 'post', path: '/v1/messages?dry_run=1', bodySha256: sha256Hex(body), nonce: 'n-12345678' }),
    ).toBe(`1767225600\nPOST\n/v1/messages?dry_run=1\n${hash}\nn-12345678`);
  });

  it('leaves the nonce line empty when there is no nonce', () => {
    expect(buildCanonicalString({ timestamp: '42', method: 'GET', path: '/', bodySha256: EMPTY_BODY_SHA256 })).toBe(
      `42\nGET\n/\n${EMPTY_BODY_SHA256}\n`,
    );
  });

  it('hashes a string as its UTF-8 bytes, and no body as zero bytes', () => {
    expect(sha256Hex('héllo')).toBe(sha256Hex(Buffer.from('héllo', 'utf8')));
    expect(sha256Hex(new Uint8Array(Buffer.from('héllo', 'utf8')))).toBe(sha256Hex('héllo'));
    expect(sha256Hex(undefined)).toBe(createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
    expect(sha256Hex('')).toBe(EMPTY_BODY_SHA256);
    expect(sha256Hex(Buffer.alloc(0))).toBe(EMPTY_BODY_SHA256);
  });
});
