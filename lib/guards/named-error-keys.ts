import type { Catalogue } from '../errors/catalogue.js';
import { optionError } from '../options/option-checks.js';

/**
 * Picks the catalogue key of an error that has a name (a feature, a counted resource, a quota, a
 * dependency): the key mapped explicitly in the options, else the conventional key when the app's
 * catalogue has it, else the generic built-in key.
 *
 * So `@RequireFeature('campaigns')` raises the app's `campaigns_not_available` entry (e.g. wire code
 * `CAMPAIGNS_NOT_AVAILABLE_ON_PLAN`) when the catalogue defines it, and `feature_not_available`
 * otherwise, without the guard knowing any app's codes.
 *
 * Explicit keys are checked at start-up; names seen at run time are resolved once and cached (the
 * cache is bounded by the names the app's decorators and options use).
 *
 * @example
 * ```ts
 * const keys = new NamedErrorKeys(catalogue, { instances: 'MAX_INSTANCES_REACHED' }, (n) => `max_${n}_reached`, 'limit_reached', 'plans.limitErrors');
 * keys.keyFor('instances'); // 'MAX_INSTANCES_REACHED'
 * ```
 */
export class NamedErrorKeys {
  private readonly resolved = new Map<string, string>();

  constructor(
    private readonly catalogue: Catalogue<string>,
    explicit: Readonly<Record<string, string>> | undefined,
    private readonly convention: (name: string) => string,
    private readonly fallback: string,
    optionPath: string,
  ) {
    if (explicit === undefined) return;
    if (typeof explicit !== 'object' || explicit === null) {
      throw optionError(`read ${optionPath}`, 'it is not an object', "map names to catalogue keys, e.g. { campaigns: 'campaigns_not_available' }");
    }
    for (const [name, key] of Object.entries(explicit)) {
      if (typeof key !== 'string' || !catalogue.has(key)) {
        throw optionError(`map "${name}" to catalogue key "${String(key)}" in ${optionPath}`, 'the catalogue has no such key', 'add the entry to your catalogue (entries or overrides), or correct the key');
      }
      this.resolved.set(name, key);
    }
  }

  /** The catalogue key to raise for `name`. */
  keyFor(name: string): string {
    let key = this.resolved.get(name);
    if (key === undefined) {
      const conventional = this.convention(name);
      key = this.catalogue.has(conventional) ? conventional : this.fallback;
      this.resolved.set(name, key);
    }
    return key;
  }
}
