import { describe, expect, it } from '@jest/globals';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { AMBIGUOUS_CREDENTIAL, CredentialSourceReader } from '../../../lib/keys/credential-source.reader.js';

// Requests shaped as Node/Express build them: lowercase `headers` (repeated custom headers joined
// with ", ", Authorization keeping only the first), `rawHeaders` with every line, parsed `query`.
function req(lines: [string, string][], query: Record<string, unknown> = {}) {
  const headers: Record<string, string> = {};
  for (const [name, value] of lines) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') headers[lower] ??= value;
    else headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}, ${value}`;
  }
  return { headers, rawHeaders: lines.flat(), query };
}

describe('CredentialSourceReader', () => {
  const reader = new CredentialSourceReader(['X-Api-Key', { header: 'Authorization', scheme: 'Bearer' }, { query: 'key' }], 'apiKeys.sources');

  it('reads each kind of source', () => {
    expect(reader.read(req([['x-api-key', 'k1']]))).toBe('k1');
    expect(reader.read(req([['Authorization', 'Bearer k1']]))).toBe('k1');
    expect(reader.read(req([['Authorization', 'BEARER   k1 ']]))).toBe('k1');
    expect(reader.read(req([], { key: 'k1' }))).toBe('k1');
  });

  it('treats blank values and other schemes as absent', () => {
    expect(reader.read(req([]))).toBeUndefined();
    expect(reader.read(req([['x-api-key', '  ']]))).toBeUndefined();
    expect(reader.read(req([['Authorization', 'Bearer']]))).toBeUndefined();
    expect(reader.read(req([['Authorization', 'Basic k1']]))).toBeUndefined();
    expect(reader.read(req([], { key: '' }))).toBeUndefined();
  });

  it('accepts the same credential twice and refuses two different ones', () => {
    expect(reader.read(req([['x-api-key', 'k1'], ['Authorization', 'Bearer k1']], { key: 'k1' }))).toBe('k1');
    expect(reader.read(req([['x-api-key', 'k1'], ['Authorization', 'Bearer k2']]))).toBe(AMBIGUOUS_CREDENTIAL);
    expect(reader.read(req([['x-api-key', 'k1'], ['X-API-KEY', 'k2']]))).toBe(AMBIGUOUS_CREDENTIAL);
    expect(reader.read(req([['authorization', 'Bearer k1'], ['Authorization', 'Bearer k2']]))).toBe(AMBIGUOUS_CREDENTIAL);
    expect(reader.read(req([['x-api-key', 'k1']], { key: ['k1', 'k2'] }))).toBe(AMBIGUOUS_CREDENTIAL);
    expect(reader.read(req([['x-api-key', 'k1']], { key: 'k2' }))).toBe(AMBIGUOUS_CREDENTIAL);
  });

  it('skips values another credential kind claims', () => {
    const isJwt = (v: string) => v.split('.').length === 3;
    expect(reader.read(req([['Authorization', 'Bearer a.b.c'], ['x-api-key', 'k1']]), isJwt)).toBe('k1');
  });

  it('knows which header and scheme it reads', () => {
    expect(reader.reads('authorization', 'bearer')).toBe(true);
    expect(reader.reads('authorization', '')).toBe(false);
    expect(reader.reads('x-api-key', '')).toBe(true);
  });

  it.each([
    [[], /because apiKeys.sources is empty/],
    [['x api key'], /apiKeys.sources\[0\] because "x api key" is not a header name/],
    [[{ header: 'authorization', scheme: 'Bearer token' }], /scheme "Bearer token" contains spaces/],
    [[{ query: '' }], /apiKeys.sources\[0\] because its query parameter name is empty/],
  ])('refuses %j', (sources, message) => {
    expect(() => new CredentialSourceReader(sources as never, 'apiKeys.sources')).toThrow(OptionsConfigurationError);
    expect(() => new CredentialSourceReader(sources as never, 'apiKeys.sources')).toThrow(message);
  });
});
