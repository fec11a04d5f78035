import { hash as oneShotHash } from 'node:crypto';
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiEdgeOptions } from '../api-edge.options.js';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { ACCEPT_CREDENTIALS } from '../decorators/accept-credentials.decorator.js';
import { PUBLIC_ROUTE } from '../decorators/public.decorator.js';
import type { ApiError } from '../errors/api-error.js';
import type { BuiltInErrorKey } from '../errors/built-in-catalogue.js';
import type { ApiKeyFormatVerdict } from '../keys/api-key-format.rules.js';
import { ApiKeyCache } from '../keys/api-key.cache.js';
import type { KnownApiKey } from '../keys/known-api-key.js';
import { AMBIGUOUS_CREDENTIAL } from '../keys/credential-source.reader.js';
import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key-store.port.js';
import type { CredentialKind, KeyKind, Principal } from '../ports/principal.js';
import type { TokenIdentity, TokenVerifier } from '../ports/token-verifier.port.js';
import { KEY_KINDS, type ResolvedApiKeys } from '../keys/api-key.resolved.js';
import { principalFromKeyRecord, principalFromTokenIdentity } from '../keys/principal-builder.js';
import { looksLikeJwt, notJwt } from '../keys/jwt-shape.js';
import { refusalOf, sameHash, toEpochMs } from '../keys/api-key-record.checks.js';
import { EdgeCheckGuard } from './edge-check.guard.js';
import type { ResolvedJwt } from './jwt.options.js';
import { RouteTable } from '../routes/route-table.js';
import type { RouteSection } from '../routes/route-section.js';
import { optionError } from '../options/option-checks.js';

// Why this file is long: the API-key and bearer-token paths share the credential
// reading and the ambiguity rules (a request with both is refused), so they stay in one guard;
// option resolving, principal building and key-record checks live in lib/keys and jwt.options.ts.

/** Which credential kinds one route takes, compiled from its metadata. */
interface RouteCredentials {
  readonly isPublic: boolean;
  readonly apiKey: boolean;
  readonly jwt: boolean;
}

/**
 * Who is calling: authenticates API keys (read from the configured sources, format-checked,
 * looked up by SHA-256 through the app's `ApiKeyStore`, compared in constant time, status and
 * expiry checked) and, where a route accepts them, bearer tokens (JWT) through the app's
 * verifier or @nestjs/jwt. On success the request's `principal` is set for later checks and
 * `@CurrentPrincipal()`.
 *
 * Off when neither `apiKeys` nor `jwt` is configured; stands aside on `@Public()` routes. A
 * cached key is admitted synchronously (no promise on the hot path).
 *
 * Used by the global `ApiEdgeGuard`, or alone: `@UseGuards(AuthenticationGuard)`. Inject it to
 * forget a revoked key at once: `authentication.forgetApiKey(hashApiKey(key))`.
 */
@Injectable()
export class AuthenticationGuard extends EdgeCheckGuard {
  private readonly apiKeys: ResolvedApiKeys | null;
  private readonly jwt: ResolvedJwt | null;
  /** Whether the API key sources and the JWT read the same header and scheme (`Authorization: Bearer`). */
  private readonly sharedBearer: boolean;
  private readonly routes: RouteSection<RouteCredentials>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    protected readonly reflector: Reflector,
    routes: RouteTable,
    @Inject(ApiKeyCache) protected readonly apiKeyCache: ApiKeyCache,
  ) {
    super();
    this.apiKeys = options.apiKeys;
    this.jwt = options.jwt;
    const jwtInput = this.jwt;
    this.sharedBearer =
      this.apiKeys !== null && jwtInput !== null &&
      this.apiKeys.reader.reads(jwtInput.header, jwtInput.scheme);
    this.routes = routes.section('authentication', (handler, cls) => this.compileRoute(handler, cls));
  }

  /** Authenticates the request, or throws the catalogued reason. */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    // Off, or already done (the global guard ran before a route's own @UseGuards).
    if ((this.apiKeys === null && this.jwt === null) || state.principal !== undefined) return;
    const route = this.routes.get(context);
    if (route.isPublic) return;
    const request = context.switchToHttp().getRequest<object>();

    const both = route.apiKey && route.jwt && this.sharedBearer;
    // Where both kinds are configured in different headers, the other kind is read even on a route
    // that takes only one: a request carrying both is ambiguous, never silently half-read.
    const readKey = route.apiKey || (this.apiKeys !== null && !this.sharedBearer);
    const readToken = route.jwt || (this.jwt !== null && !this.sharedBearer);
    const key = readKey && this.apiKeys !== null ? this.apiKeys.reader.read(request, both ? looksLikeJwt : undefined) : undefined;
    const token = readToken && this.jwt !== null ? this.jwt.reader.read(request, both ? notJwt : undefined) : undefined;
    if (key === AMBIGUOUS_CREDENTIAL) throw this.error('ambiguous_api_key');
    if (token === AMBIGUOUS_CREDENTIAL) throw this.error('invalid_token');
    if (key !== undefined && token !== undefined) {
      throw this.error('ambiguous_api_key', 'Both an API key and a bearer token were supplied. Send exactly one.');
    }
    if (key !== undefined && route.apiKey) return this.authenticateApiKey(key, state);
    if (token !== undefined && route.jwt) return this.authenticateToken(token, state);
    throw this.error(route.jwt ? 'missing_credentials' : 'missing_api_key');
  }

  /**
   * Forgets a cached lookup (after revoking or editing a key), by the key's SHA-256 hex. The
   * cache is the module's {@link ApiKeyCache}, shared by every instance of this guard.
   */
  forgetApiKey(hash: string): void {
    this.apiKeyCache.forget(hash);
  }

  /** Forgets every cached lookup (the shared {@link ApiKeyCache}). */
  clearApiKeyCache(): void {
    this.apiKeyCache.clear();
  }

  /**
   * Builds the principal of a found key: `apiKeys.toPrincipal` when given, else
   * {@link defaultPrincipalFromRecord}. Override to derive more fields (call `super` and spread);
   * the result is cached with the lookup.
   */
  protected principalFromRecord(record: ApiKeyRecord, kind: KeyKind): Principal {
    const toPrincipal = this.apiKeys?.toPrincipal;
    if (toPrincipal === undefined) return this.defaultPrincipalFromRecord(record, kind);
    const principal = toPrincipal(record, kind);
    if (principal === null || typeof principal !== 'object' || principal.credential !== 'api_key' || typeof principal.id !== 'string') {
      // The app's mapping is broken: a 500 for the app to fix, never a half-built identity.
      throw new TypeError('apiKeys.toPrincipal must return a principal with credential "api_key" and a string id.');
    }
    return Object.isFrozen(principal) ? principal : Object.freeze(principal);
  }

  /** The built-in mapping of a key record to its principal (what `toPrincipal` replaces). */
  protected defaultPrincipalFromRecord(record: ApiKeyRecord, kind: KeyKind): Principal {
    return principalFromKeyRecord(record, kind);
  }

  /** Builds the principal of a verified token (credential `jwt`, kind `personal`). Override to add fields. */
  protected principalFromToken(identity: TokenIdentity): Principal {
    return principalFromTokenIdentity(identity);
  }

  private authenticateApiKey(key: string, state: EdgeRequestState): void | Promise<void> {
    const config = this.apiKeys as ResolvedApiKeys;
    const verdict = config.formats.check(key);
    if (verdict === false) throw this.error('invalid_api_key');
    // One-shot hash: no Hash object per request (a string is hashed as its UTF-8 bytes).
    const digest = oneShotHash('sha256', key, 'buffer');
    const hash = digest.toString('hex');
    const cached = this.apiKeyCache.get(hash);
    if (cached !== undefined) return this.admit(cached, state);

    let found: ReturnType<ApiKeyStore['findByHash']>;
    try {
      found = config.store.findByHash(hash);
    } catch (cause) {
      throw this.storeFailure(cause);
    }
    if (isPromiseLike(found)) {
      return Promise.resolve(found).then(
        (record) => this.admit(this.remember(hash, digest, record, verdict), state),
        (cause: unknown) => {
          throw this.storeFailure(cause);
        },
      );
    }
    return this.admit(this.remember(hash, digest, found, verdict), state);
  }

  private remember(hash: string, digest: Buffer, record: ApiKeyRecord | null | undefined, verdict: ApiKeyFormatVerdict): KnownApiKey | null {
    // The store found the hash, but compare it ourselves in constant time: a store matching
    // loosely (case-insensitive collation, prefix index) must not let another key in.
    if (record === null || record === undefined || !sameHash(digest, record.hash)) {
      this.apiKeyCache.set(hash, null);
      return null;
    }
    const kind = KEY_KINDS.has(record.kind as string)
      ? (record.kind as KeyKind)
      : ((verdict !== false ? verdict.kind : undefined) ?? (this.apiKeys as ResolvedApiKeys).defaultKind);
    const known: KnownApiKey = {
      principal: this.principalFromRecord(record, kind),
      refusal: refusalOf(record.status),
      expiresAt: toEpochMs(record.expiresAt),
      accountInactive: record.accountActive === false,
    };
    this.apiKeyCache.set(hash, known);
    return known;
  }

  private admit(known: KnownApiKey | null, state: EdgeRequestState): void {
    if (known === null) throw this.error('invalid_api_key');
    if (known.refusal !== null) throw this.error(known.refusal);
    // Re-checked on every request, so a cached key stops working the moment it expires.
    if (known.expiresAt <= this.options.clock()) throw this.error('api_key_expired');
    if (known.accountInactive) throw this.error('account_inactive');
    state.principal = known.principal;
  }

  private authenticateToken(token: string, state: EdgeRequestState): void | Promise<void> {
    let result: ReturnType<TokenVerifier>;
    try {
      result = (this.jwt as ResolvedJwt).verify(token);
    } catch (error) {
      throw this.tokenFailure(error);
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        (identity) => this.admitToken(identity, state),
        (error: unknown) => {
          throw this.tokenFailure(error);
        },
      );
    }
    return this.admitToken(result, state);
  }

  private admitToken(identity: TokenIdentity | null | undefined, state: EdgeRequestState): void {
    if (identity === null || identity === undefined || typeof identity.userId !== 'string' || identity.userId === '') {
      throw this.error('invalid_token');
    }
    if (identity.active === false) throw this.error('account_inactive');
    state.principal = this.principalFromToken(identity);
  }

  // jsonwebtoken's errors (also thrown by @nestjs/jwt) are told apart by name, so the module does
  // not need jsonwebtoken at run time. Anything else is the app's failure and propagates.
  private tokenFailure(error: unknown): unknown {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TokenExpiredError') return this.error('token_expired');
    if (name === 'JsonWebTokenError' || name === 'NotBeforeError') return this.error('invalid_token');
    return error;
  }

  // The key store is down: a retryable 503 whose cause is logged (the cause holds a hash at most).
  private storeFailure(cause: unknown): ApiError {
    return this.options.catalogue.error('service_unavailable', { cause });
  }

  private error(key: BuiltInErrorKey, message?: string): ApiError {
    return this.options.catalogue.error(key, message === undefined ? undefined : { message });
  }

  private compileRoute(handler: object, cls: object): RouteCredentials {
    const targets = [handler as () => void, cls as () => void];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
    const declared = this.reflector.getAllAndOverride<readonly CredentialKind[] | undefined>(ACCEPT_CREDENTIALS, targets);
    // Authentication off, and the route asks for nothing in particular: nothing to check.
    if (this.apiKeys === null && this.jwt === null && declared === undefined) return Object.freeze({ isPublic, apiKey: false, jwt: false });
    const accepted: readonly CredentialKind[] =
      declared ??
      (this.apiKeys === null ? ['jwt'] : this.jwt?.acceptByDefault ? ['api_key', 'jwt'] : ['api_key']);
    const apiKey = accepted.includes('api_key') && this.apiKeys !== null;
    const jwt = accepted.includes('jwt') && this.jwt !== null;
    if (isPublic || apiKey || jwt) return Object.freeze({ isPublic, apiKey, jwt });
    const route = `${(cls as { name: string }).name}.${(handler as { name: string }).name}`;
    throw optionError(`authenticate ${route}`, `it accepts only ${accepted.join(', ')} and that credential kind is not configured`, `configure ${accepted.includes('jwt') ? '"jwt"' : '"apiKeys"'} in ApiEdgeModule.forRoot, or change @AcceptCredentials on the route`);
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

