/**
 * Property names no JSON body may use: every member of `Object.prototype` (`constructor`,
 * `__proto__`, `toString`, `valueOf`, `hasOwnProperty` …) and `prototype`.
 *
 * Why: class-transformer silently skips keys whose value on a fresh instance is a function or an
 * accessor, so `forbidNonWhitelisted` never sees them and they pass while `extra_field` is
 * refused; and `__proto__` / `constructor` / `prototype` are the keys of prototype pollution in
 * any code that later merges the body into an object.
 */
export const RESERVED_BODY_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The dotted paths (`constructor`, `sender.__proto__`, `recipients.0.toString`) of every reserved
 * key ({@link RESERVED_BODY_KEYS}) anywhere in a parsed JSON value (a node's own keys before its
 * children's), at most
 * `limit` of them. Iterative (no recursion); walks at most `maxDepth` levels (run the depth check
 * first, see `jsonDepthExcess`).
 *
 * @example
 * ```ts
 * reservedKeyPaths(JSON.parse('{"name":"a","constructor":1,"tags":[{"__proto__":{}}]}'));
 * // ['constructor', 'tags.0.__proto__']
 * ```
 */
export function reservedKeyPaths(value: unknown, limit = 20, maxDepth = 64): string[] {
  const found: string[] = [];
  if (typeof value !== 'object' || value === null) return found;
  const nodes: object[] = [value];
  const paths: string[] = [''];
  const levels: number[] = [1];
  while (nodes.length > 0 && found.length < limit) {
    const node = nodes.pop() as Record<string, unknown>;
    const path = paths.pop() as string;
    const level = levels.pop() as number;
    const keys = Array.isArray(node) ? null : Object.keys(node);
    const count = keys === null ? (node as unknown as unknown[]).length : keys.length;
    if (keys !== null) {
      for (let i = 0; i < count && found.length < limit; i++) {
        const key = keys[i] as string;
        if (RESERVED_BODY_KEYS.has(key)) found.push(path === '' ? key : `${path}.${key}`);
      }
    }
    if (level >= maxDepth) continue;
    // Pushed in reverse so they come off the stack in order.
    for (let i = count - 1; i >= 0; i--) {
      const key = keys === null ? String(i) : (keys[i] as string);
      if (keys !== null && RESERVED_BODY_KEYS.has(key)) continue;
      const child = keys === null ? (node as unknown as unknown[])[i] : node[key];
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        paths.push(path === '' ? key : `${path}.${key}`);
        levels.push(level + 1);
      }
    }
  }
  return found;
}
