// The documentation's TypeScript, compiled inside a compat app against the INSTALLED tarball
// (skipLibCheck false, the app's own compiler options and Nest version):
//
//   node doc-snippets.mjs <repo root> <app dir>        (run.sh runs it for every app)
//
// Two programs, since both define an app.module.ts: every ```ts block of README.md (except those
// whose first line is `// fragment`), and the quick start of docs/authentication.md. The same
// extraction rules as test/support/doc-snippets.ts (which does this in `npm test` against dist/).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [root, app] = process.argv.slice(2);
if (!root || !app) throw new Error('Cannot compile the snippets because no paths were given. Fix: node doc-snippets.mjs <repo root> <app dir>');

/** Every fenced block: { lang, code, section }. */
function blocks(markdown) {
  const out = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{2,3} (.*)$/.exec(lines[i]);
    if (heading) section = heading[1];
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({ lang: open[1], code: `${body.join('\n')}\n`, section });
  }
  return out;
}
const fileName = (block, index) => /^\/\/ ([a-z0-9.-]+\.ts)\b/.exec(block.code)?.[1] ?? `snippet-${String(index + 1).padStart(2, '0')}.ts`;

const sets = {
  readme: blocks(readFileSync(join(root, 'README.md'), 'utf8')).filter((b) => b.lang === 'ts' && !b.code.startsWith('// fragment')),
  'auth-quick-start': blocks(readFileSync(join(root, 'docs/authentication.md'), 'utf8')).filter(
    (b) => b.lang === 'ts' && b.section === 'Quick start (paste-ready, in-memory key store)',
  ),
};

// The app's compiler options, as a program that emits nothing.
const { compilerOptions } = JSON.parse(readFileSync(join(app, 'tsconfig.json'), 'utf8'));
const { outDir: _outDir, rootDir: _rootDir, baseUrl: _baseUrl, incremental: _incremental, sourceMap: _sourceMap, declaration: _declaration, ...options } = compilerOptions;
const tsc = createRequire(join(app, 'package.json')).resolve('typescript/bin/tsc');

let failed = 0;
for (const [name, set] of Object.entries(sets)) {
  const dir = join(app, 'doc-snippets', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = set.map((block, index) => {
    writeFileSync(join(dir, fileName(block, index)), block.code);
    return fileName(block, index);
  });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...options, noEmit: true, skipLibCheck: false }, files }, null, 2));
  const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  const ok = run.status === 0 && files.length > 0;
  console.log(`${ok ? '✓' : '✗'} ${name}: ${files.length} file(s) ${files.join(', ')}`);
  if (!ok) {
    failed++;
    process.stdout.write(`${run.stdout}${run.stderr}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
