import type { ApiKeyRecord } from '../ports/api-key-store.port.js';
import type { KeyKind, Principal } from '../ports/principal.js';
import type { TokenIdentity } from '../ports/token-verifier.port.js';

// The built-in principal mappings, apart from the guard: what a principal holds is one concept,
// how a credential is read and checked is another.

const NO_SCOPES: readonly string[] = Object.freeze([]);

/** The built-in mapping of a key record to its frozen principal (what `apiKeys.toPrincipal` replaces). */
export function principalFromKeyRecord(record: ApiKeyRecord, kind: KeyKind): Principal {
    return Object.freeze(
      compact({
        credential: 'api_key' as const,
        id: record.id,
        accountId: record.accountId,
        kind,
        scopes: record.scopes === undefined ? NO_SCOPES : Object.freeze([...record.scopes]),
        scopeLevel: record.scopeLevel ?? kind,
        workspaceId: record.workspaceId,
        allowedIps: record.allowedIps === undefined ? undefined : Object.freeze([...record.allowedIps]),
        signingSecrets: record.signingSecrets === undefined ? undefined : Object.freeze([...record.signingSecrets]),
        requireSignature: record.requireSignature,
        boundResources: record.boundResources,
        plan: record.plan,
        data: record.data,
      }),
    ) as Principal;
}

/** The frozen principal of a verified token (credential `jwt`, kind `personal`). */
export function principalFromTokenIdentity(identity: TokenIdentity): Principal {
    return Object.freeze(
      compact({
        credential: 'jwt' as const,
        id: identity.sessionId ?? identity.userId,
        accountId: identity.accountId ?? identity.userId,
        kind: 'personal' as const,
        scopes: identity.scopes === undefined ? NO_SCOPES : Object.freeze([...identity.scopes]),
        scopeLevel: identity.scopeLevel ?? 'personal',
        workspaceId: identity.workspaceId,
        allowedIps: identity.allowedIps === undefined ? undefined : Object.freeze([...identity.allowedIps]),
        boundResources: identity.boundResources,
        plan: identity.plan,
        data: identity.data,
      }),
    ) as Principal;
}

// Drops undefined fields so the principal shows only what the key has.
function compact<T extends object>(value: T): T {
  for (const k of Object.keys(value) as (keyof T)[]) if (value[k] === undefined) delete value[k];
  return value;
}
