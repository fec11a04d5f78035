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

function resolvedCatalogues(): string {
  const out: Record<string, unknown[]> = {};
  for (const [name, profile] of Object.entries(PROFILES)) {
    out[name] = profileCatalogue(profile.catalogue).entries().map(serialize);
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

describe('profile catalogues', () => {
  if (process.env.WRITE_CATALOGUE_SNAPSHOT === '1') {
    it('writes the snapshot', () => {
      writeFileSync(SNAPSHOT, resolvedCatalogues());
      expect(readFileSync(SNAPSHOT, 'utf8')).toBe(resolvedCatalogues());
    });
    return;
  }

  it('resolve byte-identical to the committed snapshot', () => {
    expect(resolvedCatalogues()).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });
});
