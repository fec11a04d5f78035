#!/usr/bin/env node
// `npx nest-api-edge docs --format md|html --catalogue <module>[#export] [--out file] [--title t] [--docs-base-url u]`:
// renders an app's built catalogue module as its error docs page (see renderCatalogueDocs).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderCatalogueDocs, type CatalogueLike } from '../docs/catalogue-docs.js';
import { parseDocsArguments, USAGE } from './docs-arguments.js';

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseDocsArguments(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n\n${USAGE}\n`);
    return parsed === USAGE ? 0 : 2;
  }
  const file = resolve(process.cwd(), parsed.modulePath);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    process.stderr.write(`Cannot load the catalogue module ${file} because ${(error as Error).message}. Fix: build the app first and pass the path of the built .js file.\n`);
    return 1;
  }
  const names = parsed.exportName === undefined ? ['catalogue', 'default'] : [parsed.exportName];
  const catalogue = names.map((name) => loaded[name]).find(isCatalogue);
  if (catalogue === undefined) {
    const exported = Object.keys(loaded).join(', ') || 'nothing';
    process.stderr.write(
      `Cannot find a catalogue in ${file} because ${names.map((n) => `"${n}"`).join(' and ')} ${names.length > 1 ? 'are' : 'is'} not a defineCatalogue() result (it exports ${exported}). Fix: pass <module>#<exportName> naming the export of your catalogue.\n`,
    );
    return 1;
  }
  const page = renderCatalogueDocs(catalogue, {
    format: parsed.format,
    ...(parsed.title === undefined ? {} : { title: parsed.title }),
    ...(parsed.docsBaseUrl === undefined ? {} : { docsBaseUrl: parsed.docsBaseUrl }),
  });
  if (parsed.out === undefined) process.stdout.write(page);
  else writeFileSync(resolve(process.cwd(), parsed.out), page);
  return 0;
}

function isCatalogue(value: unknown): value is CatalogueLike {
  return typeof value === 'object' && value !== null && typeof (value as { entries?: unknown }).entries === 'function';
}

// Run when executed (node dist/lib/cli/nest-api-edge.js, or through the package's bin).
// No top-level await: the package is CommonJS (see scripts/build.mjs).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
