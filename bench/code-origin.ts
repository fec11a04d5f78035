/**
 * Where a piece of code lives, as the bench's profiling tools name it (CPU and allocation profiles
 * in profile.ts, inline-cache misses in ic-misses.ts): one naming, so their tables compare.
 */

/** A script URL or path shortened to the part after `node_modules/` (or after `dist/`). */
export function shortPath(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  return modules >= 0 ? path.slice(modules + '/node_modules/'.length) : path.replace(/^.*\/dist\//, '');
}

/** Where a frame's code lives: `nest-api-edge`, a package name, `node:` internals, or native/V8 (no URL). */
export function originOf(url: string): string {
  if (url === '') return '(native, GC, V8)';
  if (url.startsWith('node:')) return 'node: internals';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules < 0) return path.includes('/dist/lib/') ? 'nest-api-edge (dist/lib)' : path.includes('/dist/bench/') ? 'bench app (dist/bench)' : path;
  const rest = path.slice(modules + '/node_modules/'.length).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? path);
}
