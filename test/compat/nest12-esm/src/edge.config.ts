import { defineCatalogue, hashApiKey, type ApiEdgeModuleOptions, type ApiKeyRecord } from 'nest-api-edge';

/** The one valid key of the app (the tests send it). */
export const API_KEY = 'sk_test_compat_0123456789abcdefghijklmnopqrstuv';
/** A fixed clock, so rate-limit windows and Retry-After are exact. */
export const NOW = Date.UTC(2026, 0, 1);

const keys = new Map<string, ApiKeyRecord>([[hashApiKey(API_KEY), { id: 'key_compat', hash: hashApiKey(API_KEY), accountId: 'acc_compat' }]]);

/** The app renames one built-in code, as most APIs do. */
export const catalogue = defineCatalogue({
  overrides: { invalid_api_key: { code: 'INVALID_API_KEY', message: 'That API key is not valid.' } },
});

export const edgeOptions: ApiEdgeModuleOptions = {
  envelope: 'nested',
  catalogue,
  clock: () => NOW,
  apiKeys: { store: { findByHash: (hash) => keys.get(hash) ?? null }, sources: ['x-api-key'] },
  rateLimit: { windows: [{ name: 'minute', ttl: 60_000, limit: 100 }] },
  idempotency: {},
};
