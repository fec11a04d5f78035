import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogueEntry } from '../../lib/index.js';
import { profileCatalogue } from '../../sample-app/errors/sample-catalogue.js';
import { PROFILES } from '../../sample-app/profiles/profiles.js';

// The resolved catalogue of every profile, entry by entry, as captured before the profiles were
// rewritten in the one-row-per-wire-code idiom. A rewrite of a profile must resolve byte-identical
// catalogues (same keys in the same order, same code, status, type, message, retryable, docs,
// retryAfter). Regenerate only on purpose: WRITE_CATALOGUE_SNAPSHOT=1 npx jest test/conformance/profile-catalogues.
const SNAPSHOT = join(__dirname, 'fixtures', 'profile-catalogues.json');

function serialize(entry: CatalogueEntry): Record<string, unknown> {
  return {
    key: entry.key,
    code: entry.code,
    status: entry.status,
    type: entry.type,
    message: entry.message,
    retryable: entry.retryable,
    docs: entry.docs,
    retryAfter: entry.retryAfter ?? null,
  };
}

/** The resolved catalogues of the profiles `names` (the snapshot's: profiles added later are not in it). */
function resolvedCatalogues(names: readonly string[]): string {
  const out: Record<string, unknown[]> = {};
  for (const name of names) {
    const profile = PROFILES[name];
    if (profile === undefined) throw new Error(`profile ${name} of the snapshot is gone`);
    out[name] = profileCatalogue(profile.catalogue).entries().map(serialize);
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

describe('profile catalogues', () => {
  if (process.env.WRITE_CATALOGUE_SNAPSHOT === '1') {
    it('writes the snapshot', () => {
      const names = ['default', 'msgflash', 'xtoken', 'workspaces', 'integrations', 'lines'];
      writeFileSync(SNAPSHOT, resolvedCatalogues(names));
      expect(readFileSync(SNAPSHOT, 'utf8')).toBe(resolvedCatalogues(names));
    });
    return;
  }

  it('resolve byte-identical to the committed snapshot', () => {
    const snapshot = readFileSync(SNAPSHOT, 'utf8');
    const names = Object.keys(JSON.parse(snapshot) as Record<string, unknown>);
    expect(names).toEqual(['default', 'msgflash', 'xtoken', 'workspaces', 'integrations', 'lines']);
    expect(resolvedCatalogues(names)).toBe(snapshot);
  });
});
