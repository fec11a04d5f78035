import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is test/support/doc-snippets.ts). */
export const ROOT = resolve(__dirname, '..', '..');

/** One fenced code block of a Markdown document. */
export interface DocBlock {
  /** The info string after the fence (`ts`, `bash`, …). */
  readonly lang: string;
  /** The block's text, without the fences. */
  readonly code: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  /** The nearest `## ` / `### ` heading above the block. */
  readonly section: string;
}

/** Every fenced block of `markdown`, in order. */
export function docBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heading = /^#{2,3} (.*)$/.exec(line);
    if (heading) section = heading[1] as string;
    const open = /^```(\S*)\s*$/.exec(line);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    blocks.push({ lang: open[1] as string, code: `${body.join('\n')}\n`, line: start + 1, section });
  }
  return blocks;
}

/** The first-line marker that exempts a ```ts block from being compiled (use sparingly). */
export const FRAGMENT_MARKER = '// fragment';

/** The ```ts blocks that must compile: every one not marked {@link FRAGMENT_MARKER}. */
export function compilableTsBlocks(markdown: string): DocBlock[] {
  return docBlocks(markdown).filter((b) => b.lang === 'ts' && !b.code.startsWith(FRAGMENT_MARKER));
}

/**
 * The file a block is written to: a first line `// app.module.ts …` names it (so another block
 * can `import { AppModule } from './app.module.js'`), else `snippet-<n>.ts`.
 */
export function snippetFileName(block: DocBlock, index: number): string {
  const named = /^\/\/ ([a-z0-9.-]+\.ts)\b/.exec(block.code);
  return named ? (named[1] as string) : `snippet-${String(index + 1).padStart(2, '0')}.ts`;
}

/** The two app setups the snippets must compile in, modelled on test/compat/*. */
export type SnippetSetup = 'esm' | 'cjs';

// nest12-esm: an ESM package, nodenext. nest11-cjs: what `nest new` writes (a CommonJS package,
// nodenext, loose implicit any). Both strict about null, as the compat apps are.
const COMPILER_OPTIONS: Record<SnippetSetup, Record<string, unknown>> = {
  esm: {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2023', lib: ['ES2023'], types: ['node'], strict: true,
    esModuleInterop: true, emitDecoratorMetadata: true, experimentalDecorators: true, useDefineForClassFields: false,
  },
  cjs: {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2023', types: ['node'], esModuleInterop: true,
    isolatedModules: true, emitDecoratorMetadata: true, experimentalDecorators: true, allowSyntheticDefaultImports: true,
    strictNullChecks: true, noImplicitAny: false, strictBindCallApply: false,
  },
};

/**
 * A scratch app directory inside the repo's node_modules/.cache (so `@nestjs/*` resolve to the
 * repo's own copies by walking up) with `node_modules/nest-api-edge` linked to the package root:
 * imports of 'nest-api-edge' go through the real `exports` map to the built dist/lib, as in an
 * installed app.
 */
export function scratchApp(name: string, setup: SnippetSetup): string {
  if (!existsSync(join(ROOT, 'dist/lib/index.d.ts'))) {
    throw new Error('Cannot compile the documentation snippets because dist/lib is not built. Fix: run `npm run build` first (npm test does).');
  }
  const parent = join(ROOT, 'node_modules/.cache/nest-api-edge-snippets');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `${name}-${setup}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/nest-api-edge'), 'dir');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `snippets-${setup}`, private: true, type: setup === 'esm' ? 'module' : 'commonjs' }, null, 2)}\n`);
  return dir;
}

/** What one tsc run said. */
export interface TscResult {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Writes `files` into `dir` and runs one tsc program over them all with the setup's options;
 * `emit` writes JavaScript beside them (for running), else `noEmit`.
 */
export function compileFiles(dir: string, setup: SnippetSetup, files: Readonly<Record<string, string>>, emit = false): TscResult {
  for (const [file, code] of Object.entries(files)) writeFileSync(join(dir, file), code);
  const tsconfig = {
    compilerOptions: { ...COMPILER_OPTIONS[setup], skipLibCheck: true, ...(emit ? { outDir: '.', rootDir: '.' } : { noEmit: true }) },
    files: Object.keys(files),
  };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
