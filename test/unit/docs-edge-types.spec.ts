import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { compileFiles, docBlocks, ROOT, scratchApp, type SnippetSetup } from '../support/doc-snippets.js';

// tsc over Nest's types, twice, on a busy machine.
jest.setTimeout(180_000);

// The documented declaration merging, compiled as an app does: `declare module 'nest-api-edge'`
// through the package's `exports` map into the built typings (dist/lib), in an ESM and a CommonJS
// app. test/types/ checks the same types against the sources, with @ts-expect-error lines.
const SECTION = 'Typing the workspace and the plan';
const blocks = docBlocks(readFileSync(join(ROOT, 'docs/workspaces.md'), 'utf8')).filter((b) => b.section === SECTION && b.lang === 'ts');

// A use the declaration must refuse: a Team has no `seats`, the plan no `credits`.
const WRONG = `import { edgeState } from 'nest-api-edge';
import './edge-types.js';
export const seats: number | undefined = edgeState({}).workspace?.seats;
export const credits = edgeState({}).plan?.credits;
`;

describe(`docs/workspaces.md "${SECTION}"`, () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('has one paste-ready block', () => {
    expect(blocks).toHaveLength(1);
  });

  it.each(['esm', 'cjs'] as SnippetSetup[])('compiles in a %s app, and the declared types refuse a wrong use', (setup) => {
    const dir = scratchApp('edge-types', setup);
    dirs.push(dir);
    const ok = compileFiles(dir, setup, { 'edge-types.ts': blocks[0]?.code ?? '' });
    expect(ok.output).toBe('');
    expect(ok.status).toBe(0);
    const wrong = compileFiles(dir, setup, { 'edge-types.ts': blocks[0]?.code ?? '', 'wrong.ts': WRONG });
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toContain("Property 'seats' does not exist on type 'Team'.");
    expect(wrong.output).toContain("Property 'credits' does not exist on type 'AccountPlan & { readonly seats?: number");
  });
});
