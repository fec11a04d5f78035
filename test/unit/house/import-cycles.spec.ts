import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { cycles, libGraphs } from '../../support/lib-imports.js';

const lib = join(__dirname, '..', '..', '..', 'lib');

// Type-only imports count too: a circle of types is still a circle of concepts, and the next
// value import along it makes a load-order bug.
describe('no import circles under lib/', () => {
  const { files, folders } = libGraphs(lib);

  it('reads the whole library', () => {
    expect(files.size).toBeGreaterThan(140);
    expect(files.get('index.ts')?.has('api-edge.module.ts')).toBe(true);
  });

  it('has no cycle between files', () => {
    expect(cycles(files).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it("has no cycle between lib's top-level folders ", () => {
    expect(cycles(folders).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
