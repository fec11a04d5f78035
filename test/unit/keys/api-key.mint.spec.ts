import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { hashApiKey } from '../../../lib/keys/api-key.hash.js';
import { mintApiKey, mintedApiKeyLength } from '../../../lib/keys/api-key.mint.js';

describe('hashApiKey', () => {
  it('is the SHA-256 hex of the key (FIPS 180-2 vector)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('mintApiKey', () => {
  it('makes prefix + base62 with 192 bits by default, and the hash to store', () => {
    const { key, hash } = mintApiKey({ prefix: 'msgf_live_' });
    expect(key).toMatch(/^msgf_live_[0-9A-Za-z]{33}$/);
    expect(key.length).toBe(mintedApiKeyLength({ prefix: 'msgf_live_' }));
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
  });

  it('makes base64url keys of the requested entropy', () => {
    const { key } = mintApiKey({ prefix: 'sk_', bytes: 32, encoding: 'base64url' });
    expect(key).toMatch(/^sk_[0-9A-Za-z_-]{43}$/);
    expect(mintedApiKeyLength({ prefix: 'sk_', bytes: 32, encoding: 'base64url' })).toBe(46);
  });

  it('gives 128 bits at least: 22 base62 characters for 16 bytes', () => {
    expect(mintApiKey({ bytes: 16 }).key).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  it('never repeats, and uses the whole alphabet', () => {
    const keys = new Set<string>();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { key } = mintApiKey();
      keys.add(key);
      for (const c of key) seen.add(c);
    }
    expect(keys.size).toBe(2000);
    expect(seen.size).toBe(62);
  });

  it.each([
    [{ bytes: 15 }, /^Cannot mint an API key with 15 random bytes because keys need 16 to 256/],
    [{ bytes: 1.5 }, /^Cannot mint an API key with 1.5 random bytes/],
    [{ prefix: 'has space' }, /^Cannot mint an API key with prefix "has space" because/],
    [{ prefix: 'dot.' }, /^Cannot mint an API key with prefix "dot\." because/],
    [{ encoding: 'hex' as never }, /^Cannot mint an API key in "hex" because only base62 and base64url exist/],
  ])('refuses %j', (options, message) => {
    expect(() => mintApiKey(options)).toThrow(message);
  });
});
