import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import ts from 'typescript';
import type { RedisEdgeClient } from '../../../lib/stores/redis-edge-client.js';

// Compile-time half: both ioredis clients fit the structural type as they are (typecheck fails otherwise).
type Fits<T extends RedisEdgeClient> = T;
export type RedisFits = Fits<Redis>;
export type ClusterFits = Fits<Cluster>;

const ROOT = join(__dirname, '..', '..', '..');
/** `ioredis` as a module specifier (import, import type, import(), reference). */
const IOREDIS_SPECIFIER = /['"]ioredis(?:\/[^'"]*)?['"]/;

/** Whether declaration text refers to ioredis in code; the JSDoc (which shows ioredis usage) is stripped first. */
function declarationsNameIoredis(text: string): boolean {
  const code = ts.createPrinter({ removeComments: true }).printFile(ts.createSourceFile('x.d.ts', text, ts.ScriptTarget.ES2022));
  return IOREDIS_SPECIFIER.test(code);
}

/** The modules a source file imports (static, type-only and dynamic), as TypeScript reads them. */
function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return [...info.importedFiles, ...info.referencedFiles, ...info.typeReferenceDirectives].map((f) => f.fileName);
}

/** The declarations tsc emits for the store files, with the package's own compiler options. */
function emittedDeclarations(): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (config === undefined) throw new Error('Cannot read tsconfig.build.json');
  const roots = ['redis-edge.store.ts', 'resilient-edge.store.ts', 'memory-edge.store.ts'].map((f) => join(ROOT, 'lib', 'stores', f));
  const program = ts.createProgram(roots, { ...config.options, declaration: true, emitDeclarationOnly: true, declarationMap: false, noEmit: false });
  const out = new Map<string, string>();
  const result = program.emit(undefined, (file, text) => out.set(file, text));
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  return out;
}

describe('RedisEdgeStore declarations', () => {
  it('never name ioredis, so an app without it type-checks with skipLibCheck: false', () => {
    const out = emittedDeclarations();
    const stores = [...out].filter(([file]) => file.includes('/lib/stores/'));
    expect(stores.map(([file]) => file.slice(file.indexOf('/lib/stores/'))).sort()).toEqual(
      expect.arrayContaining(['/lib/stores/redis-edge-client.d.ts', '/lib/stores/redis-edge.store.d.ts']),
    );
    for (const [file, text] of stores) expect({ file, ioredis: declarationsNameIoredis(text) }).toEqual({ file, ioredis: false });
    const store = out.get([...out.keys()].find((f) => f.endsWith('/lib/stores/redis-edge.store.d.ts')) as string) as string;
    expect(store).toContain('constructor(client: RedisEdgeClient, options?: RedisEdgeStoreOptions);');
  });

  it('leave the sources free of any ioredis import', () => {
    for (const file of ['redis-edge.store.ts', 'redis-edge-client.ts', 'resilient-edge.store.ts']) {
      const imports = importsOf(readFileSync(join(ROOT, 'lib', 'stores', file), 'utf8'));
      // The parser does see real imports (the store's own), so an empty filter below means something.
      if (file !== 'redis-edge-client.ts') expect(imports).toContain('./edge-store.js');
      expect({ file, ioredis: imports.filter((m) => m === 'ioredis' || m.startsWith('ioredis/')) }).toEqual({ file, ioredis: [] });
    }
  });
});
