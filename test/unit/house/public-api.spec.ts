import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..', '..');

interface Exported {
  readonly name: string;
  readonly typeOnly: boolean;
}

/** The names lib/index.ts exports, read from its syntax (only `export { … } from '…'` is allowed). */
function indexExports(): { names: Exported[]; otherForms: string[] } {
  const text = readFileSync(join(root, 'lib/index.ts'), 'utf8');
  const file = ts.createSourceFile('index.ts', text, ts.ScriptTarget.Latest, true);
  const names: Exported[] = [];
  const otherForms: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        names.push({ name: element.name.text, typeOnly: statement.isTypeOnly || element.isTypeOnly });
      }
    } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement) || (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) {
      // `export *` (or a declaration in index.ts) would publish names nobody chose.
      otherForms.push(statement.getText().slice(0, 80));
    }
  }
  return { names, otherForms };
}

const TYPE_KINDS = new Set(['interface', 'type']);
const VALUE_KINDS = new Set(['class', 'function', 'constant', 'decorator', 'injection token', 'injection token + interface']);

/** The rows of docs/api.md's "Names" tables: name and kind. */
function documented(): Array<{ name: string; kind: string; what: string }> {
  const text = readFileSync(join(root, 'docs/api.md'), 'utf8');
  const names = text.slice(text.indexOf('\n## Names\n'));
  return [...names.matchAll(/^\| `([A-Za-z_$][\w$]*)` \| ([^|]+?) \| (.*) \|$/gm)].map((m) => ({
    name: m[1] as string,
    kind: (m[2] as string).trim(),
    what: (m[3] as string).trim(),
  }));
}

describe('the public API: lib/index.ts against docs/api.md', () => {
  const { names, otherForms } = indexExports();
  const rows = documented();

  it('exports only named re-exports (no export *, no declarations in index.ts)', () => {
    expect(otherForms).toEqual([]);
    expect(names.length).toBeGreaterThan(150);
  });

  it('documents every exported name, and exports every documented name', () => {
    const exported = new Set(names.map((n) => n.name));
    const listed = new Set(rows.map((r) => r.name));
    expect([...exported].filter((n) => !listed.has(n)).sort()).toEqual([]);
    expect([...listed].filter((n) => !exported.has(n)).sort()).toEqual([]);
  });

  it('lists each name once, and exports each once', () => {
    const twice = (list: string[]) => list.filter((n, i) => list.indexOf(n) !== i);
    expect(twice(rows.map((r) => r.name))).toEqual([]);
    expect(twice(names.map((n) => n.name))).toEqual([]);
  });

  it('gives each name a kind that matches how it is exported, and says what it is for', () => {
    const typeOnly = new Map(names.map((n) => [n.name, n.typeOnly]));
    const wrong = rows.flatMap((r) => {
      const isType = typeOnly.get(r.name);
      if (isType === undefined) return [];
      if (isType && !TYPE_KINDS.has(r.kind)) return [`${r.name}: exported as a type, listed as "${r.kind}"`];
      if (!isType && !VALUE_KINDS.has(r.kind)) return [`${r.name}: exported as a value, listed as "${r.kind}"`];
      if (r.what === '' || r.what === 'TODO') return [`${r.name}: no description`];
      return [];
    });
    expect(wrong).toEqual([]);
  });

  it('keeps internals and the client entry point out of the root', () => {
    const exported = new Set(names.map((n) => n.name));
    const internals = [
      'resolveApiEdgeOptions', 'resolveRequestIdOptions', 'maintenanceSwitchFactory', 'encodeIdempotencyRecord',
      'decodeIdempotencyRecord', 'requestFingerprint', 'PUBLIC_ROUTE', 'IDEMPOTENT_METADATA', 'signRequest', 'parseErrorEnvelope',
    ];
    expect(internals.filter((n) => exported.has(n))).toEqual([]);
  });
});
