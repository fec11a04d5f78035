/** Which kind of credential authenticated the request. */
export type CredentialKind = 'api_key' | 'jwt';

/** Who owns an API key: a person, a team/workspace, or a whole organization. */
export type KeyKind = 'personal' | 'team' | 'organization';

/**
 * What a credential resolves to. Guards after authentication (IP allowlist, signature, workspace,
 * scopes, plan, rate limit, idempotency) read it; routes read it with `@CurrentPrincipal()`.
 *
 * Apps put anything else they need under `data`.
 */
export interface Principal {
  /** `api_key` or `jwt`. */
  readonly credential: CredentialKind;
  /** Stable id of the key (or of the JWT's subject session); never the key itself. */
  readonly id: string;
  /** The owning account (user or organization id). */
  readonly accountId: string;
  /** personal / team / organization; `personal` for JWT users. */
  readonly kind: KeyKind;
  /** Granted scopes, e.g. `messages:write`; `*` grants all. */
  readonly scopes: readonly string[];
  /** The key's scope level, e.g. `personal` or `organization` (seed 003's `scope_level`). */
  readonly scopeLevel?: string;
  /** For team keys: the team/workspace the key belongs to. */
  readonly workspaceId?: string;
  /** IPs and CIDRs this key may be used from; empty or absent = any. */
  readonly allowedIps?: readonly string[];
  /** Active HMAC signing secrets (several during rotation). Never sent or logged. */
  readonly signingSecrets?: readonly string[];
  /** Whether every request with this key must be signed. */
  readonly requireSignature?: boolean;
  /** Resources the key is bound to, by resource type: `{ line: ['ln_1'] }`; absent = all. */
  readonly boundResources?: Readonly<Record<string, readonly string[]>>;
  /** Plan reference, for plan checks and plan-dependent rate limits. */
  readonly plan?: string;
  /** Anything else the app attaches. */
  readonly data?: Readonly<Record<string, unknown>>;
}
