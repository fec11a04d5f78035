import { Inject, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { buildCanonicalString, EMPTY_BODY_SHA256, sha256Hex } from '../client/canonical-string.js';
import { parseSignatureHeaders, type ParsedSignature } from '../client/signature-header.js';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { SIGNATURE_METADATA } from '../decorators/require-signature.decorator.js';
import { optionError } from '../options/option-checks.js';
import { actedBefore, refuseOnce } from '../context/request-outcome.js';
import type { ResolvedSignatureOptions } from './signature.options.js';
import type { Principal } from '../ports/principal.js';
import { EdgeStore } from '../stores/edge-store.js';
import { EdgeCheckGuard } from './edge-check.guard.js';
import { PUBLIC_ROUTE } from '../decorators/public.decorator.js';
import { RouteTable } from '../routes/route-table.js';
import type { RouteSection } from '../routes/route-section.js';

/** The signature's outcome on a request (see request-outcome.ts). */
const SIGNATURE = Symbol('nest-api-edge.signature');

/** The request as the signature check reads it (Express or Fastify with `rawBody: true`). */
interface SignedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly method?: string;
  readonly originalUrl?: string;
  readonly url?: string;
  /** Set by Nest's body parsers when the app is created with `rawBody: true`. */
  readonly rawBody?: Buffer;
}

/**
 * Verifies HMAC request signatures (see docs/signatures.md for the canonical string):
 *
 * - applies when the route has `@RequireSignature()`, the key has `requireSignature`, or
 *   `signature.required` is on (API-key requests); `@SkipSignature()` exempts a route;
 * - headers absent → `signature_missing` (`signature_required` when the key demands signing);
 *   wrong shape → `signature_malformed`; timestamp outside the tolerance → `signature_expired`;
 *   no secret of the key produces one of the MACs sent → `signature_invalid` (constant-time
 *   compare; several secrets and several MACs for rotation);
 * - the same signed request twice inside the window → `signature_replayed`: the nonce (or, without
 *   one, the canonical string's hash) is remembered in the `EdgeStore` until the window closes,
 *   only after the MAC verified, so nobody without the secret can use up a client's nonces.
 *
 * Secrets are never logged or returned. The body is hashed from `request.rawBody`; a signed route
 * with a body but no raw body fails with a logged `internal_error` that says how to fix the app.
 *
 * @example
 * ```ts
 * @RequireSignature()
 * @Post('messages')
 * send(@Body() dto: SendMessageDto, @CurrentPrincipal() principal: Principal) { … }
 * ```
 */
@Injectable()
export class SignatureGuard extends EdgeCheckGuard {
  /** Where set-up mistakes (no raw body, a signing key without secrets) are reported. */
  protected readonly logger = new Logger('SignatureGuard');
  private readonly settings: ResolvedSignatureOptions;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    @Inject(EdgeStore) protected readonly store: EdgeStore,
    protected readonly reflector: Reflector,
    routes: RouteTable,
  ) {
    super();
    this.settings = options.signature;
    this.routeRules = routes.section('signature', (handler, cls) => this.compileRoute(handler, cls));
  }

  // @RequireSignature() → true, @SkipSignature() → false, neither → null; read once per route.
  private readonly routeRules: RouteSection<boolean | null>;

  private compileRoute(handler: object, cls: object): boolean | null {
    const targets = [handler as () => void, cls as () => void];
    const rule = this.reflector.getAllAndOverride<boolean | undefined>(SIGNATURE_METADATA, targets) ?? null;
    if (rule === true && this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true) {
      throw optionError(
        'require a signature on this route',
        'it is @Public(): a signature is checked against the secret of the authenticated key, and a public route has none',
        'remove @Public() (and configure apiKeys), or remove @RequireSignature()',
      );
    }
    return rule;
  }

  /** Verifies the request's signature when one is required; synchronous when none is. */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    const rule = this.routeRules.get(context);
    if (rule === false) return;
    const principal = state.principal;
    const byKey = principal?.requireSignature === true;
    if (!(rule === true || byKey || (this.settings.required && principal?.credential === 'api_key'))) return;

    // Once per request: the resolvers of one GraphQL operation share its signature (and nonce).
    if (actedBefore(state, SIGNATURE)) return;
    try {
      return this.verifyOnce(context, state, principal, byKey)?.catch((error: unknown) => {
        throw refuseOnce(state, SIGNATURE, error);
      });
    } catch (error) {
      throw refuseOnce(state, SIGNATURE, error);
    }
  }

  private verifyOnce(context: ExecutionContext, state: EdgeRequestState, principal: Principal | undefined, byKey: boolean): void | Promise<void> {
    const settings = this.settings;
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const headers = request.headers;
    const parsed = parseSignatureHeaders(
      headers[settings.signatureHeader],
      headers[settings.timestampHeader],
      headers[settings.nonceHeader],
      settings.hexLength,
    );
    if (parsed === 'missing' || (settings.requireNonce && parsed !== 'malformed' && parsed.nonce === undefined)) {
      throw this.options.catalogue.error(byKey ? 'signature_required' : 'signature_missing');
    }
    if (parsed === 'malformed') throw this.options.catalogue.error('signature_malformed');

    const now = this.options.clock();
    if (Math.abs(now - parsed.timestamp * 1000) > settings.toleranceMs) {
      throw this.options.catalogue.error('signature_expired');
    }
    if (principal === undefined) {
      this.logger.error(
        `Cannot verify the signature of ${request.method ?? ''} ${pathOnly(request)} because the request has no principal, so there is no signing secret. Fix: authenticate this route (remove @Public(), configure apiKeys) or remove @RequireSignature().`,
      );
      throw this.options.catalogue.error('internal_error');
    }

    const canonical = buildCanonicalString({
      timestamp: parsed.timestampText,
      method: request.method ?? '',
      path: request.originalUrl ?? request.url ?? '/',
      bodySha256: this.bodyHash(request),
      nonce: parsed.nonce,
    });
    if (!this.verify(canonical, parsed, principal)) throw this.options.catalogue.error('signature_invalid');
    return this.rememberOnce(canonical, parsed, principal, now, state);
  }

  /** SHA-256 hex of the raw body; fails loudly when a body arrived but Nest kept no raw copy. */
  protected bodyHash(request: SignedRequest): string {
    if (request.rawBody !== undefined) return sha256Hex(request.rawBody);
    const length = request.headers['content-length'];
    if (request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
      return EMPTY_BODY_SHA256;
    }
    // A body no parser read (text/plain, octet-stream, no content type on a JSON API): the client
    // sent a content type this API does not take, so it cannot be verified. 415, not a 500.
    this.warnOnceMissingRawBody(request);
    throw this.options.catalogue.error('unsupported_media_type', {
      message: 'The request body of a signed request must have a content type this API reads (e.g. application/json).',
    });
  }

  private verify(canonical: string, parsed: ParsedSignature, principal: Principal): boolean {
    const secrets = principal.signingSecrets;
    if (secrets === undefined || secrets.length === 0) {
      this.logger.warn(
        `Key ${principal.id} must sign but has no signingSecrets, so no signature can verify. Fix: give the key a signing secret, or stop requiring signatures for it.`,
      );
      return false;
    }
    let matched = 0;
    // No early exit: the time taken does not tell which secret or which MAC matched.
    for (const secret of secrets) {
      if (typeof secret !== 'string' || secret.length === 0) continue;
      const expected = createHmac(this.settings.algorithm, secret).update(canonical).digest();
      for (const mac of parsed.macs) matched |= timingSafeEqual(expected, mac) ? 1 : 0;
    }
    return matched === 1;
  }

  private warnedMissingRawBody = false;

  // Logged once: if the app was created without `rawBody: true`, every signed body is refused, and
  // the operator needs the fix, not one line per request.
  private warnOnceMissingRawBody(request: SignedRequest): void {
    if (this.warnedMissingRawBody) return;
    this.warnedMissingRawBody = true;
    this.logger.warn(
      `Cannot verify the signature of ${request.method ?? ''} ${pathOnly(request)} because request.rawBody is missing (answered 415 unsupported_media_type). Fix: create the app with NestFactory.create(AppModule, { rawBody: true }), and register a body parser for every content type signed requests may carry (app.useBodyParser('text') …) — Nest keeps raw bytes only for bodies its parsers read.`,
    );
  }

  private rememberOnce(canonical: string, parsed: ParsedSignature, principal: Principal, now: number, state: EdgeRequestState): void | Promise<void> {
    // Keyed by the nonce, else by the request itself (never by the MAC: during rotation one request
    // carries several valid MACs, and resending it with one of them must still be a replay).
    const id = parsed.nonce !== undefined ? `n:${parsed.nonce}` : `c:${createHash('sha256').update(canonical).digest('base64url')}`;
    // Until the signed timestamp leaves the window (plus a second of rounding); always > 0 here.
    const ttlMs = parsed.timestamp * 1000 + this.settings.toleranceMs - now + 1000;
    const key = `sig:${principal.id}:${id}`;
    const queue = state.storeOps;
    if (queue === undefined) return this.storeNonce(key, ttlMs);
    queue.add({ type: 'setIfAbsent', key, value: '1', ttlMs }, (result) => {
      if (!result.passed) throw refuseOnce(state, SIGNATURE, this.options.catalogue.error('signature_replayed'));
    });
  }

  private async storeNonce(key: string, ttlMs: number): Promise<void> {
    const first = await this.store.setIfAbsent(key, '1', ttlMs);
    if (!first) throw this.options.catalogue.error('signature_replayed');
  }
}

// The query may carry secrets: log lines get the path only.
function pathOnly(request: SignedRequest): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

