import { describe, expect, it } from '@jest/globals';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { ApiKeyFormatRules } from '../../../lib/keys/api-key-format.rules.js';

describe('ApiKeyFormatRules', () => {
  const rules = new ApiKeyFormatRules(
    [
      { prefix: 'msgf_', kind: 'personal', charset: 'base62' },
      { prefix: 'msgf_team_', kind: 'team', charset: 'base62', length: 20 },
      { prefix: 'hx_', charset: 'hex', length: { min: 5, max: 7 } },
    ],
    64,
  );

  it('picks the longest matching prefix and returns its kind', () => {
    expect(rules.check('msgf_team_0123456789')).toEqual({ kind: 'team' });
    expect(rules.check('msgf_abc')).toEqual({ kind: 'personal' });
    expect(rules.check('hx_ab')).toEqual({ kind: undefined });
  });

  it('refuses unknown prefixes, wrong lengths, wrong characters and over-long keys', () => {
    expect(rules.check('sk_abc')).toBe(false);
    expect(rules.check('msgf_team_012345678')).toBe(false); // 19, the team rule wants 20
    expect(rules.check('msgf_')).toBe(false); // prefix alone
    expect(rules.check('msgf_ab-c')).toBe(false);
    expect(rules.check('msgf_abç')).toBe(false);
    expect(rules.check('hx_a')).toBe(false);
    expect(rules.check('hx_abcdx')).toBe(false);
    expect(rules.check(`msgf_${'a'.repeat(60)}`)).toBe(false);
  });

  it('accepts any key up to maxLength without formats', () => {
    const any = new ApiKeyFormatRules(undefined, 8);
    expect(any.check('whatever')).toEqual({ kind: undefined });
    expect(any.check('whatever!')).toBe(false);
  });

  it.each([
    [[{ prefix: 'a b' }], 256, /formats\[0\] because its prefix is empty or contains spaces/],
    [[{ prefix: 'sk_', kind: 'robot' }], 256, /formats\[0\]\.kind "robot" because it is not a key kind/],
    [[{ prefix: 'sk_', charset: 'base32' }], 256, /formats\[0\]\.charset "base32" because it is not known/],
    [[{ prefix: 'sk_', length: { min: 10, max: 5 } }], 256, /formats\[0\]\.length because/],
    [[{ prefix: 'sk_', length: 300 }], 256, /formats\[0\]\.length because/],
    [[], 256, /apiKeys\.formats because it is not a non-empty array/],
    [undefined, 0, /apiKeys\.maxLength 0 because it must be a positive integer/],
  ])('refuses formats %j / maxLength %d', (formats, maxLength, message) => {
    expect(() => new ApiKeyFormatRules(formats as never, maxLength)).toThrow(OptionsConfigurationError);
    expect(() => new ApiKeyFormatRules(formats as never, maxLength)).toThrow(message);
  });
});
