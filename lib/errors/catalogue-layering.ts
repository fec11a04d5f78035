import type { CatalogueCodeRow } from './catalogue-definition.js';
import type { CatalogueOverride } from './catalogue-entry.js';
import { failCatalogue as fail } from './catalogue-entry.rules.js';
import type { LayerInput } from './resolved-catalogue.js';

// How one layer changes the keys of the layer below: an override, or a `codes` row.

/**
 * A key of the base with one change applied. An `as` replaces the entry; fields change it and keep
 * the rest. A field change to a base alias starts from the entry it pointed at, under its own
 * code (its key), since two keys cannot share a code without `as`.
 */
export function layered(base: ReadonlyMap<string, LayerInput>, key: string, change: CatalogueOverride): LayerInput {
  if ('as' in change) return change;
  const before = base.get(key) as LayerInput;
  if (!('as' in before)) return { ...before, ...change };
  const target = base.get(before.as);
  if (target === undefined || 'as' in target) {
    fail(
      `Cannot change "${key}" because it reports as "${before.as}", which has no entry of its own in the catalogue it extends.`,
      `give "${key}" a whole entry (status, type, message) or point it at another key with { as }.`,
    );
  }
  const { code: _code, docs: _docs, ...fields } = target;
  return { ...fields, ...(before.message === undefined ? {} : { message: before.message }), ...change };
}

/** Applies the `codes` rows: the first covered key gets the row, every other one `{ as: first }`. */
export function applyCodeRows(
  codes: Record<string, CatalogueCodeRow>,
  base: ReadonlyMap<string, LayerInput>,
  inputs: Map<string, LayerInput>,
  overrides: Record<string, CatalogueOverride>,
): void {
  const rowByKey = new Map<string, string>();
  for (const [code, row] of Object.entries(codes)) {
    const covers = Array.isArray(row.covers) ? row.covers : [];
    if (covers.length === 0) {
      fail(`Cannot define code "${code}" because it covers no meaning.`, `list the catalogue keys it stands for, e.g. covers: ['forbidden'].`);
    }
    const first = covers[0] as string;
    for (const key of new Set(covers)) {
      if (!inputs.has(key)) {
        fail(
          `Cannot cover "${key}" with code "${code}" because "${key}" is not a key of the catalogue.`,
          `correct the spelling, or add "${key}" under "entries" first.`,
        );
      }
      const other = rowByKey.get(key);
      if (other !== undefined) {
        fail(
          `Cannot cover "${key}" with code "${code}" because code "${other}" already covers it.`,
          `keep "${key}" in one row only: a meaning leaves with one wire code.`,
        );
      }
      if (Object.hasOwn(overrides, key)) {
        fail(
          `Cannot cover "${key}" with code "${code}" because "overrides" changes it too.`,
          `move the change into the row of "${code}" (or drop "${key}" from its covers).`,
        );
      }
      rowByKey.set(key, code);
    }
    const { covers: _covers, ...fields } = row;
    const change: CatalogueOverride = { ...fields, code };
    // A key new in this definition has no base entry to layer on: the row changes the entry as written.
    const entry = base.has(first) ? layered(base, first, change) : layeredOnEntry(inputs.get(first) as LayerInput, first, change);
    inputs.set(first, entry);
    for (const key of covers) if (key !== first) inputs.set(key, { as: first });
  }
}

function layeredOnEntry(input: LayerInput, key: string, change: CatalogueOverride): LayerInput {
  if ('as' in input) {
    fail(
      `Cannot give "${key}" a code row because it is written as { as: '${input.as}' } in "entries".`,
      `write "${key}" as a whole entry, or cover "${input.as}" in the row instead.`,
    );
  }
  return { ...input, ...change };
}
