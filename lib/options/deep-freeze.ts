/**
 * Freezes plain objects and arrays, recursively, and returns the value. Functions, class instances
 * (the catalogue, stores, switches, matchers), Maps, Sets and RegExps are left as they are: they
 * own their state, and freezing one would break it. So are plain objects with a method (the
 * app's ports: a key store, a plan provider written as an object literal): the app owns those.
 */
export function deepFreeze<T>(value: T): T {
  if (Array.isArray(value)) {
    if (!Object.isFrozen(value)) Object.freeze(value);
    for (const item of value) deepFreeze(item);
    return value;
  }
  if (!isPlainObject(value)) return value;
  if (!Object.isFrozen(value)) Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return !Object.values(value).some((v) => typeof v === 'function');
}
