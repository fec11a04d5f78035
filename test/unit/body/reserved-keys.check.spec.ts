import { describe, expect, it } from '@jest/globals';
import { RESERVED_BODY_KEYS, reservedKeyPaths } from '../../../lib/body/reserved-keys.check.js';

describe('reservedKeyPaths', () => {
  it('knows the members of Object.prototype and prototype', () => {
    for (const key of ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__']) {
      expect(RESERVED_BODY_KEYS.has(key)).toBe(true);
    }
    expect(RESERVED_BODY_KEYS.has('name')).toBe(false);
  });

  it('returns the dotted path of each reserved key, own keys before children', () => {
    const value = JSON.parse('{"name":"a","tags":[{"x":1},{"__proto__":{"admin":true}}],"constructor":{"prototype":{}}}');
    expect(reservedKeyPaths(value)).toEqual(['constructor', 'tags.1.__proto__']);
  });

  it('does not look inside a reserved key, and ignores values named like one', () => {
    expect(reservedKeyPaths({ a: 'constructor', b: ['toString'] })).toEqual([]);
    expect(reservedKeyPaths(JSON.parse('{"valueOf":{"toString":1}}'))).toEqual(['valueOf']);
  });

  it('stops at the limit and at the depth bound', () => {
    const many = Object.fromEntries([...RESERVED_BODY_KEYS].map((key) => [key, 1]));
    expect(reservedKeyPaths(JSON.parse(JSON.stringify(many)), 3)).toHaveLength(3);
    expect(reservedKeyPaths(JSON.parse('{"a":{"b":{"constructor":1}}}'), 20, 2)).toEqual([]);
    expect(reservedKeyPaths(JSON.parse('{"a":{"b":{"constructor":1}}}'), 20, 3)).toEqual(['a.b.constructor']);
  });

  it('scalars have no keys', () => {
    expect(reservedKeyPaths('constructor')).toEqual([]);
    expect(reservedKeyPaths(null)).toEqual([]);
  });
});
