/** Default bound of {@link jsonDepthExcess}: deeper than any real API payload, far below a stack overflow. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** Where a parsed body first nests deeper than allowed. */
export interface JsonDepthExcess {
  /**
   * The top-level property (or array index) the too-deep branch hangs from, e.g. `recipients`
   * or `0`; `''` when the root itself is already too deep (only possible with `maxDepth` 0).
   */
  readonly field: string;
  /** The bound that was exceeded. */
  readonly maxDepth: number;
}

/**
 * Whether a parsed JSON value nests objects and arrays deeper than `maxDepth` (the root object or
 * array is level 1, a scalar is level 0), and through which top-level field.
 *
 * Why: libraries that walk a payload recursively (class-transformer, class-validator, many
 * serializers) overflow the stack on a few kilobytes of `[[[[…]]]]` and the request ends as a 500.
 * This check is iterative (an explicit stack, no recursion), allocates two small arrays, stops at
 * the first branch that is too deep, and visits each container once, so it costs O(containers) of
 * a body the parser has already bounded by size. It is meant for values from `JSON.parse` (trees);
 * a cyclic object is reported as too deep rather than looping.
 *
 * @example
 * ```ts
 * jsonDepthExcess(JSON.parse('{"a":[[1]]}'), 2); // { field: 'a', maxDepth: 2 }
 * jsonDepthExcess(JSON.parse('{"a":[[1]]}'), 3); // null
 * ```
 */
export function jsonDepthExcess(value: unknown, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): JsonDepthExcess | null {
  if (!isContainer(value)) return null;
  if (maxDepth < 1) return { field: '', maxDepth };
  // Pending containers with their level and the top-level field they hang from.
  const nodes: object[] = [];
  const levels: number[] = [];
  const fields: string[] = [];
  const root = value as Record<string, unknown>;
  for (const key of Array.isArray(root) ? root.keys() : Object.keys(root)) {
    const child = (root as Record<string | number, unknown>)[key];
    if (isContainer(child)) {
      nodes.push(child);
      levels.push(2);
      fields.push(String(key));
    }
  }
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>;
    const level = levels.pop() as number;
    const field = fields.pop() as string;
    if (level > maxDepth) return { field, maxDepth };
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (isContainer(child)) {
          nodes.push(child);
          levels.push(level + 1);
          fields.push(field);
        }
      }
    } else {
      for (const key of Object.keys(node)) {
        const child = node[key];
        if (isContainer(child)) {
          nodes.push(child);
          levels.push(level + 1);
          fields.push(field);
        }
      }
    }
  }
  return null;
}

/**
 * `true` when {@link jsonDepthExcess} would find a branch deeper than `maxDepth`, found without
 * allocating (no work list, no key array): the check every request body passes through, where
 * jsonDepthExcess's lists cost more than the walk. Recursive, so at most `maxDepth + 1` frames
 * deep; beyond {@link RECURSION_LIMIT} it hands over to the iterative walk.
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): boolean {
  if (!isContainer(value)) return false;
  if (maxDepth > RECURSION_LIMIT) return jsonDepthExcess(value, maxDepth) !== null;
  return deeperThan(value, 1, maxDepth);
}

/** The deepest `maxDepth` walked by recursion (the module's own bound on `maxJsonDepth`). */
const RECURSION_LIMIT = 1000;

function deeperThan(node: object, level: number, maxDepth: number): boolean {
  if (level > maxDepth) return true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (isContainer(child) && deeperThan(child, level + 1, maxDepth)) return true;
    }
    return false;
  }
  // for..in with an own-property test visits the keys Object.keys returns, without the array.
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    const child: unknown = (node as Record<string, unknown>)[key];
    if (isContainer(child) && deeperThan(child, level + 1, maxDepth)) return true;
  }
  return false;
}

/**
 * An object or array to descend into. Bytes (a Buffer or typed array, e.g. the body of a raw
 * parser) are a leaf like a string: JSON never makes them, and walking one would visit every byte.
 */
function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value);
}
