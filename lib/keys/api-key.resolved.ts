import { checkOptionalFunction } from '../options/option-checks.js';
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import type { ApiKeyStore } from '../ports/api-key-store.port.js';
import type { KeyKind } from '../ports/principal.js';
import { ApiKeyFormatRules } from './api-key-format.rules.js';
import type { ApiKeyOptions } from './api-key.options.js';
import { CredentialSourceReader } from './credential-source.reader.js';

// Not in api-key.options.ts: the reader and format rules import that file's types, and the
// resolver builds them, so one file would make an import circle.

/** The key kinds a key record may carry. */
export const KEY_KINDS: ReadonlySet<string> = new Set(['personal', 'team', 'organization']);

/** The `apiKeys` section, validated once at start-up. */
export interface ResolvedApiKeys {
  readonly store: ApiKeyStore;
  readonly reader: CredentialSourceReader;
  readonly formats: ApiKeyFormatRules;
  readonly defaultKind: KeyKind;
  readonly toPrincipal: ApiKeyOptions['toPrincipal'];
}

/** Applies defaults to the `apiKeys` section and validates it; null when absent (API keys are off). */
export function resolveApiKeyOptions(input: ApiKeyOptions | undefined): ResolvedApiKeys | null {
  if (input === undefined) return null;
  if (typeof input?.store?.findByHash !== 'function') {
    throw new OptionsConfigurationError(
      'Cannot authenticate API keys because apiKeys.store has no findByHash function. Fix: pass { store: { findByHash: (sha256Hex) => record | null } } (see docs/authentication.md).',
    );
  }
  const defaultKind = input.defaultKind ?? 'personal';
  if (!KEY_KINDS.has(defaultKind)) {
    throw new OptionsConfigurationError(
      `Cannot use apiKeys.defaultKind "${String(defaultKind)}" because it is not a key kind. Fix: use personal, team or organization.`,
    );
  }
  checkOptionalFunction(input.toPrincipal, 'apiKeys.toPrincipal', 'pass (record, kind) => principal, or omit it for the built-in mapping');
  return Object.freeze({
    store: input.store,
    reader: new CredentialSourceReader(input.sources ?? ['x-api-key'], 'apiKeys.sources'),
    formats: new ApiKeyFormatRules(input.formats, input.maxLength ?? 256),
    defaultKind,
    toPrincipal: input.toPrincipal,
  });
}
