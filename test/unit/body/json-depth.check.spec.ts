import { describe, expect, it } from '@jest/globals';
import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth, jsonDepthExcess } from '../../../lib/body/json-depth.check.js';

describe('jsonDepthExcess', () => {
  it('scalars and flat values are never too deep', () => {
    expect(jsonDepthExcess('x')).toBeNull();
    expect(jsonDepthExcess(null)).toBeNull();
    expect(jsonDepthExcess({ a: 1, b: 'x' }, 1)).toBeNull();
    expect(jsonDepthExcess([1, 2, 3], 1)).toBeNull();
  });

  it('counts the root as level 1 and names the top-level field of the deep branch', () => {
    const value = JSON.parse('{"a":1,"b":{"c":[[1]]}}');
    expect(jsonDepthExcess(value, 4)).toBeNull();
    expect(jsonDepthExcess(value, 3)).toEqual({ field: 'b', maxDepth: 3 });
    expect(jsonDepthExcess(JSON.parse('[[[]]]'), 2)).toEqual({ field: '0', maxDepth: 2 });
  });

  it('defaults to 64 levels', () => {
    expect(DEFAULT_MAX_JSON_DEPTH).toBe(64);
    expect(exceedsJsonDepth(JSON.parse('['.repeat(64) + ']'.repeat(64)))).toBe(false);
    expect(exceedsJsonDepth(JSON.parse('['.repeat(65) + ']'.repeat(65)))).toBe(true);
  });

  it('walks 100,000 levels without recursion', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(jsonDepthExcess(deep)).toEqual({ field: '0', maxDepth: 64 });
  });

  it('finds the deep branch behind wide shallow ones, and an own "__proto__" key', () => {
    const value = JSON.parse(`{"wide":[${'{"x":1},'.repeat(1000)}{"x":2}],"__proto__":${'['.repeat(70)}${']'.repeat(70)}}`);
    expect(jsonDepthExcess(value)).toEqual({ field: '__proto__', maxDepth: 64 });
  });

  it('reports a cycle as too deep instead of looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonDepthExcess(cyclic, 10)).toEqual({ field: 'self', maxDepth: 10 });
  });
});

describe('exceedsJsonDepth (the allocation-free walk every body takes)', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: Array<[string, unknown, number]> = [
    ['a scalar', 'x', 1],
    ['a flat object at 1', { a: 1, b: 'x' }, 1],
    ['an empty object at 0', {}, 0],
    ['nested at 3', JSON.parse('{"a":1,"b":{"c":[[1]]}}'), 3],
    ['nested at 4', JSON.parse('{"a":1,"b":{"c":[[1]]}}'), 4],
    ['arrays at 2', JSON.parse('[[[]]]'), 2],
    ['100,000 levels', JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 64],
    ['an own "__proto__" branch', JSON.parse(`{"wide":[${'{"x":1},'.repeat(1000)}{"x":2}],"__proto__":${'['.repeat(70)}${']'.repeat(70)}}`), 64],
    ['a cycle', cyclic, 10],
    ['1,500 levels past the recursion limit', JSON.parse('['.repeat(1500) + ']'.repeat(1500)), 1200],
    ['1,100 levels within a limit of 1,200', JSON.parse('['.repeat(1100) + ']'.repeat(1100)), 1200],
  ];

  it.each(cases)('%s: agrees with jsonDepthExcess', (_name, value, maxDepth) => {
    expect(exceedsJsonDepth(value, maxDepth)).toBe(jsonDepthExcess(value, maxDepth) !== null);
  });

  it('treats bytes (a raw body Buffer, a typed array) as a leaf, without visiting each byte', () => {
    const raw = Buffer.alloc(2_000_000, 0x7b);
    expect(exceedsJsonDepth(raw, 1)).toBe(false);
    expect(jsonDepthExcess(raw, 1)).toBeNull();
    expect(exceedsJsonDepth({ bytes: new Uint8Array(8), list: [Buffer.from('x')] }, 2)).toBe(false);
    expect(jsonDepthExcess({ bytes: new Uint8Array(8), list: [Buffer.from('x')] }, 1)).toEqual({ field: 'list', maxDepth: 1 });
  });

  it('ignores inherited enumerable properties, as Object.keys does', () => {
    const proto = { deep: [[[[[]]]]] };
    const value = Object.create(proto) as Record<string, unknown>;
    value.flat = 1;
    expect(exceedsJsonDepth(value, 2)).toBe(false);
    expect(jsonDepthExcess(value, 2)).toBeNull();
  });
});

