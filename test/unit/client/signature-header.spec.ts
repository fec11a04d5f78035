import { describe, it, expect } from '@jest/globals';
import { parseSignatureHeaders } from '../../../lib/client/signature-header.js';

const a = 'ab'.repeat(32);
const b = 'CD'.repeat(32);

describe('parseSignatureHeaders', () => {
  it('reads the split form, several MACs, and the nonce', () => {
    expect(parseSignatureHeaders(`${a}, ${b}`, '1700000000', 'nonce-123', 64)).toEqual({
      timestamp: 1700000000,
      timestampText: '1700000000',
      macs: [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')],
      nonce: 'nonce-123',
    });
  });

  it('reads the single-header form, ignoring other versions and the timestamp header', () => {
    expect(parseSignatureHeaders(`t=12,v0=zz,v1=${a},v1=${b}`, '99', undefined, 64)).toEqual({
      timestamp: 12,
      timestampText: '12',
      macs: [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')],
      nonce: undefined,
    });
  });

  it('says missing when the signature or the split timestamp is absent', () => {
    expect(parseSignatureHeaders(undefined, '1', undefined, 64)).toBe('missing');
    expect(parseSignatureHeaders('', '1', undefined, 64)).toBe('missing');
    expect(parseSignatureHeaders(a, undefined, undefined, 64)).toBe('missing');
  });

  it.each([
    ['MAC of the wrong length', a.slice(2), '1', undefined],
    ['MAC not hex', 'zz'.repeat(32), '1', undefined],
    ['timestamp not digits', a, '-5', undefined],
    ['timestamp in ms-with-fraction', a, '1700000000.5', undefined],
    ['single form without t', `v1=${a}`, undefined, undefined],
    ['single form without v1', 't=1,v0=abc', undefined, undefined],
    ['single form with two t', `t=1,t=2,v1=${a}`, undefined, undefined],
    ['single form part without =', `t=1,v1=${a},junk`, undefined, undefined],
    ['too many MACs', Array(9).fill(a).join(','), '1', undefined],
    ['nonce too short', a, '1', 'abc'],
    ['nonce with a space', a, '1', 'abc def ghi'],
  ])('says malformed for %s', (_name, signature, timestamp, nonce) => {
    expect(parseSignatureHeaders(signature, timestamp, nonce, 64)).toBe('malformed');
  });

  it('joins a header given as an array', () => {
    const parsed = parseSignatureHeaders([a, b], ['7'], undefined, 64);
    expect(parsed).toEqual({ timestamp: 7, timestampText: '7', macs: [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')], nonce: undefined });
  });
});
