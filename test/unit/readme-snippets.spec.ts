import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { compilableTsBlocks, compileFiles, FRAGMENT_MARKER, ROOT, scratchApp, snippetFileName, type SnippetSetup } from '../support/doc-snippets.js';

// One tsc program per setup over every snippet; tsc over Nest's types takes a while on a busy machine.
jest.setTimeout(180_000);

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = compilableTsBlocks(readme);
const files = Object.fromEntries(blocks.map((block, index) => [snippetFileName(block, index), block.code]));
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('README ```ts snippets', () => {
  it('are complete: each imports what it uses from nest-api-edge, and few are fragments', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) expect({ line: block.line, imports: /from 'nest-api-edge(\/client)?'/.test(block.code) }).toEqual({ line: block.line, imports: true });
    const fragments = readme.split('\n').filter((line) => line === FRAGMENT_MARKER);
    expect(fragments.length).toBeLessThanOrEqual(1);
  });

  it('give each file a distinct name', () => {
    expect(Object.keys(files)).toHaveLength(blocks.length);
  });

  it.each<SnippetSetup>(['esm', 'cjs'])('compile against the built package in the %s app setup', (setup) => {
    const dir = scratchApp('readme', setup);
    dirs.push(dir);
    const result = compileFiles(dir, setup, files);
    // On failure the output names the snippet file; the map below says where it is in README.md.
    const where = Object.keys(files).map((file, i) => `${file} = README.md line ${String(blocks[i]?.line)}`);
    expect({ status: result.status, output: result.output, where: result.status === 0 ? [] : where }).toEqual({ status: 0, output: '', where: [] });
  });
});
