// The build: one CommonJS build of lib/ (dist/lib) that CommonJS and ESM apps both load, plus the
// sample app and the benchmarks as ESM (dist/sample-app, dist/bench).
//
// Why one CommonJS build and not two: Node >= 20.19 `require`s ESM-only packages (Nest 12), and
// ESM apps import tsc's CommonJS output with named exports (cjs-module-lexer), so a single build
// serves Nest 11 and 12, CommonJS and ESM, with exactly one copy of every class and injection
// token at run time (no dual-package hazard). lib/package.json makes tsc emit lib/ as CommonJS;
// dist/lib/package.json (written here) makes Node load it as CommonJS.
//
// Run: `npm run build` (npm start, npm run bench and npm test do).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The package root is the working directory (npm runs scripts there): not this file's real
// location, so a scratch copy of the package that links scripts/ builds its own dist/.
const root = process.cwd();
// A clean output: a file removed from lib/ must not live on in dist/ (and in the package).
rmSync(join(root, 'dist'), { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

writeFileSync(join(root, 'dist/lib/package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
