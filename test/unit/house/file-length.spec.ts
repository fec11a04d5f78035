import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const lib = join(__dirname, '..', '..', '..', 'lib');
const MAX_LINES = 250;
// Files waiting for a split or a reason (none now). Listed here, not skipped: each must still
// exist and be long, so the list empties as they get done.
const PENDING = new Set<string>([]);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Whether the file's first comment block (before any code) has a line starting `Why this file is long:`. */
export function explainsLength(text: string): boolean {
  const head = /^\s*(\/\*[\s\S]*?\*\/|(?:\s*\/\/[^\n]*\n)+)/.exec(text.replace(/^(?:import[^;]*;\s*)*/, ''))?.[1] ?? '';
  return head.split('\n').some((line) => /^\s*(?:\/\/|\*|\/\*\*?)?\s*Why this file is long:/.test(line));
}

/** The lib/ files over {@link MAX_LINES} lines that do not say why. */
function tooLong(files: readonly { readonly name: string; readonly text: string }[]): string[] {
  return files
    .filter(({ text }) => text.split('\n').length > MAX_LINES && !explainsLength(text))
    .map(({ name, text }) => `${name} (${text.split('\n').length} lines)`);
}

// One concept a file: a long file usually holds two. Where one concept is long, the top says why.
describe(`lib/ files stay under ${MAX_LINES} lines`, () => {
  it('has no long file without a reason at its top', () => {
    const files = walk(lib).map((path) => ({ name: relative(lib, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));
    expect(files.length).toBeGreaterThan(140);
    const long = tooLong(files);
    expect(long.filter((entry) => !PENDING.has(entry.slice(0, entry.indexOf(' ('))))).toEqual([]);
    // A pending file that got short or got its reason leaves the list.
    expect(long.map((entry) => entry.slice(0, entry.indexOf(' ('))).sort()).toEqual([...PENDING].sort());
  });

  it('finds a long file, and accepts one that says why', () => {
    const body = 'export const x = 1;\n'.repeat(MAX_LINES + 1);
    expect(tooLong([{ name: 'a.ts', text: body }])).toEqual([`a.ts (${MAX_LINES + 2} lines)`]);
    expect(tooLong([{ name: 'b.ts', text: `/**\n * Why this file is long: one state machine.\n */\n${body}` }])).toEqual([]);
    expect(tooLong([{ name: 'c.ts', text: `import { y } from './y.js';\n\n// Why this file is long: one table.\n${body}` }])).toEqual([]);
    expect(tooLong([{ name: 'd.ts', text: `${body}// Why this file is long: too late.\n` }])).toEqual([`d.ts (${MAX_LINES + 3} lines)`]);
    expect(tooLong([{ name: 'e.ts', text: 'export const x = 1;\n'.repeat(MAX_LINES - 1) }])).toEqual([]);
  });
});
