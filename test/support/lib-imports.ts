import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One file of lib/ and the lib/ files it imports (relative imports only, type-only included). */
export interface LibFile {
  readonly file: string;
  readonly imports: readonly string[];
}

// Static imports and re-exports (`import … from`, `export … from`, `import '…'`) and dynamic `import('…')`.
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every .ts file under `libDir` (paths relative to it, `/`-separated) with its relative imports. */
export function libImports(libDir: string): LibFile[] {
  const files = walk(libDir);
  const known = new Set(files);
  return files.map((path) => {
    const text = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const imports = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (spec === undefined || !spec.startsWith('.')) continue;
      const target = resolve(dirname(path), spec.replace(/\.js$/, '.ts'));
      const file = known.has(target) ? target : known.has(join(target, 'index.ts')) ? join(target, 'index.ts') : undefined;
      if (file === undefined) throw new Error(`${relative(libDir, path)} imports ${spec}, which is not a file of lib/`);
      imports.add(toPosix(relative(libDir, file)));
    }
    return { file: toPosix(relative(libDir, path)), imports: [...imports].sort() };
  });
}

/**
 * The top-level folder of a lib/ file (`guards/`), or `undefined` for a file directly in lib/ (the
 * composition root: module, options, static switches, index), which is not a folder.
 */
export function folderOf(file: string): string | undefined {
  const slash = file.indexOf('/');
  return slash === -1 ? undefined : `${file.slice(0, slash)}/`;
}

/**
 * Every elementary cycle's representative: the strongly connected components with more than one
 * node (or a node importing itself), each as one cycle path through it (Tarjan, then a walk).
 */
export function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const components: string[][] = [];
  const strong = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        strong(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, indices.get(next) as number));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) strong(node);
  return components.map((component) => cyclePath(graph, component));
}

// One concrete cycle inside a strongly connected component, for a readable failure message.
function cyclePath(graph: ReadonlyMap<string, ReadonlySet<string>>, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

/** The file graph of lib/, and the graph of its top-level folders (files directly in lib/ left out). */
export function libGraphs(libDir: string): { files: Map<string, Set<string>>; folders: Map<string, Set<string>> } {
  const files = new Map<string, Set<string>>();
  const folders = new Map<string, Set<string>>();
  for (const { file, imports } of libImports(libDir)) {
    files.set(file, new Set(imports));
    const from = folderOf(file);
    if (from === undefined) continue;
    if (!folders.has(from)) folders.set(from, new Set());
    for (const target of imports) {
      const to = folderOf(target);
      if (to !== undefined && to !== from) (folders.get(from) as Set<string>).add(to);
    }
  }
  return { files, folders };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
