import { Catalogue, defineCatalogue, type AppEntryInput, type CatalogueDefinition } from './errors/catalogue.js';
import { CatalogueConfigurationError } from './errors/configuration.error.js';
import { resolveMaxJsonDepth } from './body/body-depth.check.js';
import type { ValidationOptions, ValidationRule } from './errors/validation-rule.js';
import { resolveI18nOptions, type I18nOptions, type ResolvedI18nOptions } from './errors/i18n.options.js';
import type { Envelope } from './envelopes/envelope.js';
import { ENVELOPE_PRESETS, type EnvelopePreset } from './envelopes/envelope-presets.js';
import { resolveRequestIdOptions, type RequestIdOptions, type ResolvedRequestIdOptions } from './context/request-id.js';
import { resolveContextOptions, type ContextOptions } from './context/execution-contexts.js';
import { systemClock, type Clock, type EdgeStore } from './stores/edge-store.js';
import type { ApiKeyOptions } from './keys/api-key.options.js';
import { resolveApiKeyOptions, type ResolvedApiKeys } from './keys/api-key.resolved.js';
import { resolveJwtOptions, type JwtOptions, type ResolvedJwt } from './guards/jwt.options.js';
import { resolveSignatureOptions, type ResolvedSignatureOptions, type SignatureOptions } from './guards/signature.options.js';
import { resolveClientIpOptions, type ClientIpOptions, type ResolvedClientIp } from './context/client-ip.options.js';
import { resolveIpAllowlistOptions, type IpAllowlistOptions, type ResolvedIpAllowlist } from './guards/ip-allowlist.options.js';
import { resolveWorkspaceOptions, type ResolvedWorkspaceOptions, type WorkspaceOptions } from './guards/workspace.options.js';
import type { PlanOptions } from './guards/plan.options.js';
import { resolvePlanOptions, type ResolvedPlanOptions } from './guards/plan.resolved.js';
import { resolveMaintenanceOptions, type MaintenanceOptions, type ResolvedMaintenance } from './guards/maintenance.options.js';
import { deepFreeze } from './options/deep-freeze.js';
import { resolveStoreOption } from './options/store.options.js';
import type { RateLimitOptions } from './throttling/rate-limit.options.js';
import { resolveRateLimit, type ResolvedRateLimit } from './throttling/rate-limit.resolved.js';
import { resolveBruteForce, type ResolvedBruteForce } from './throttling/brute-force.resolved.js';
import { resolveIdempotencyOptions, type IdempotencyOptions, type ResolvedIdempotency } from './interceptors/idempotency.options.js';
import { optionError } from './options/option-checks.js';

/**
 * Options of `ApiEdgeModule.forRoot()` / `forRootAsync()`. Every check is off until its section
 * is given (authentication is on as soon as `apiKeys` or `jwt` is configured).
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   envelope: 'nested',
 *   catalogue: { overrides: { invalid_api_key: { code: 'UNAUTHORIZED' } } },
 *   docsBaseUrl: 'https://docs.example.com/errors',
 * });
 * ```
 */
export interface ApiEdgeModuleOptions {
  /** An envelope preset name or your own function. Default `nested`. */
  readonly envelope?: EnvelopePreset | Envelope;
  /** Your catalogue (from `defineCatalogue`) or a definition to build one from. Default: built-in. */
  readonly catalogue?: Catalogue<string> | CatalogueDefinition<Record<string, AppEntryInput>>;
  /** Base URL of the error docs; `docs_url` and problem `type` are `${docsBaseUrl}#${anchor}`. */
  readonly docsBaseUrl?: string;
  /** Request id header and format. */
  readonly requestId?: RequestIdOptions;
  /**
   * Where counters, nonces and idempotency records live. Default: a bounded in-memory store
   * (one instance only). Give a `RedisEdgeStore` (wrapped in `ResilientEdgeStore`) for many instances.
   */
  readonly store?: EdgeStore;
  /** The clock every time-based check reads (quota periods, signature windows, expiry). Tests inject one. */
  readonly clock?: Clock;
  /** Maps validation violations to specific catalogue keys (see `ValidationRule`). */
  readonly validation?: ValidationOptions;
  /**
   * Whether 5xx causes are logged with their stack (default true). The client never sees them.
   */
  readonly logUnexpectedErrors?: boolean;
  /**
   * Catalogue messages per locale: the language of `message` (default `en`) and an optional
   * resolver hook (nestjs-i18n …). Entries carry translations in `messages`.
   */
  readonly i18n?: I18nOptions;

  // Feature sections: each check reads and validates its own section at start-up, so a wrong
  // option fails the start with a message that says how to fix it.

  /** Maintenance switch (503 `maintenance_mode` + Retry-After). */
  readonly maintenance?: MaintenanceOptions;
  /** How the client IP is found (trusted proxies); shared by the IP allowlist and the rate limiter. */
  readonly clientIp?: ClientIpOptions;
  /** Global IP allowlist (per-key lists come from the principal). */
  readonly ipAllowlist?: IpAllowlistOptions;
  /** API key authentication: sources, formats, the key store port, the lookup cache. */
  readonly apiKeys?: ApiKeyOptions;
  /** Bearer token (JWT) authentication for console/login routes. */
  readonly jwt?: JwtOptions;
  /** HMAC request signatures with replay protection. */
  readonly signature?: SignatureOptions;
  /** Workspace / team context header and resolver. */
  readonly workspace?: WorkspaceOptions;
  /** Plans: subscription, features, counted limits, quotas, balance. */
  readonly plans?: PlanOptions;
  /** Rate limits (@nestjs/throttler) and the brute-force limiter. */
  readonly rateLimit?: RateLimitOptions;
  /** Idempotency keys. */
  readonly idempotency?: IdempotencyOptions;
  /**
   * What the global guard does with handlers outside HTTP and GraphQL (`rpc`, `ws`): `'refuse'`
   * (default) or `'pass'` (unchecked), per context type, e.g. `{ rpc: 'pass' }`. None is passed
   * without saying so.
   */
  readonly contexts?: ContextOptions;
}

/** Options with every default applied, frozen at start-up. Inject with `@Inject(ApiEdgeOptions)`. */
export interface ApiEdgeOptions {
  readonly catalogue: Catalogue<string>;
  readonly envelope: Envelope;
  readonly docsBaseUrl: string | null;
  readonly requestId: ResolvedRequestIdOptions;
  readonly clock: Clock;
  /** The app's `store`, checked; null when none was given (the module's bounded memory store serves). */
  readonly store: EdgeStore | null;
  readonly logUnexpectedErrors: boolean;
  /** How catalogue messages are localized (`Accept-Language` → `Content-Language`). */
  readonly i18n: ResolvedI18nOptions;
  /** Validation rules, checked against the catalogue at start-up. */
  readonly validationRules: readonly ValidationRule[];
  /** `validation.maxJsonDepth`, checked: bodies nested deeper are refused by the global guard. */
  readonly maxJsonDepth: number;
  /** What happens to handlers outside HTTP and GraphQL (see {@link ApiEdgeModuleOptions.contexts}). */
  readonly contexts: ContextOptions;
  /** `maintenance`, resolved; null when the check is off. */
  readonly maintenance: ResolvedMaintenance | null;
  /** `clientIp`, compiled (the trusted proxies); shared by the IP allowlist and the rate limiter. */
  readonly clientIp: ResolvedClientIp;
  /** `ipAllowlist`, resolved (defaults when absent: per-key lists still apply). */
  readonly ipAllowlist: ResolvedIpAllowlist;
  /** `apiKeys`, resolved; null when API keys are off. */
  readonly apiKeys: ResolvedApiKeys | null;
  /** `jwt`, resolved; null when bearer tokens are off. */
  readonly jwt: ResolvedJwt | null;
  /** `signature`, resolved (defaults when absent: routes and keys may still require signing). */
  readonly signature: ResolvedSignatureOptions;
  /** `workspace`, resolved; null when the check is off. */
  readonly workspace: ResolvedWorkspaceOptions | null;
  /** `plans`, resolved; null when the check is off. */
  readonly plans: ResolvedPlanOptions | null;
  /** `idempotency`, resolved; undefined when idempotency is off. */
  readonly idempotency: ResolvedIdempotency | undefined;
  /** `rateLimit`, resolved; null when no window is configured (the brute-force limiter may still be). */
  readonly rateLimit: ResolvedRateLimit | null;
  /** `rateLimit.bruteForce`, resolved; null when the limiter is off. */
  readonly bruteForce: ResolvedBruteForce | null;
}

// The extras of ApiEdgeModule (api-edge.extras.ts), which are not options.
const MODULE_SWITCHES = ['isGlobal', 'globalGuard', 'globalFilter', 'globalInterceptors', 'checks'] as const;

/** Injection token of the resolved {@link ApiEdgeOptions}. */
export const ApiEdgeOptions = Symbol('ApiEdgeOptions');

/**
 * Applies defaults and checks the core options once at start-up; a wrong option throws an
 * `OptionsConfigurationError` that says how to fix it.
 */
export function resolveApiEdgeOptions(input: ApiEdgeModuleOptions = {}): ApiEdgeOptions {
  // forRoot() takes the module switches out of the options; a forRootAsync() factory cannot give
  // them (the providers are chosen before it runs), so one found here would be silently ignored.
  for (const name of MODULE_SWITCHES) {
    if (Object.hasOwn(input, name)) {
      throw optionError(`use ${name} inside the options`, 'it is a module switch, read before a forRootAsync factory runs', `pass it beside useFactory: ApiEdgeModule.forRootAsync({ ${name}: …, useFactory })`);
    }
  }
  const envelopeOption = input.envelope ?? 'nested';
  let envelope: Envelope;
  if (typeof envelopeOption === 'function') {
    envelope = envelopeOption;
  } else if (Object.hasOwn(ENVELOPE_PRESETS, envelopeOption)) {
    envelope = ENVELOPE_PRESETS[envelopeOption];
  } else {
    throw optionError(`use envelope "${String(envelopeOption)}"`, 'it is not a preset', `use one of ${Object.keys(ENVELOPE_PRESETS).join(', ')}, or pass a function (error) => ({ status, body })`);
  }

  let docsBaseUrl: string | null = null;
  if (input.docsBaseUrl !== undefined) {
    if (!/^https?:\/\/[^\s#]+$/.test(input.docsBaseUrl)) {
      throw optionError(`use docsBaseUrl "${input.docsBaseUrl}"`, 'it is not an absolute http(s) URL without a fragment', 'pass e.g. "https://docs.example.com/errors"');
    }
    docsBaseUrl = input.docsBaseUrl;
  }

  const catalogue = input.catalogue instanceof Catalogue ? input.catalogue : defineCatalogue(input.catalogue ?? {});
  const validationRules = Object.freeze([...(input.validation?.rules ?? [])]);
  for (const rule of validationRules) {
    if (!catalogue.has(rule.key)) {
      throw new CatalogueConfigurationError(
        `Cannot map validation violations to "${rule.key}" because the catalogue has no such key. Fix: add it under catalogue "entries", or correct the key.`,
      );
    }
  }
  // An envelope may name its own request id header (Stripe's `Request-Id`); an explicit
  // `requestId.header` always wins.
  const requestId = resolveRequestIdOptions({ ...input.requestId, header: input.requestId?.header ?? envelope.requestIdHeader });
  const core = { catalogue, clock: input.clock ?? systemClock };
  // Each section by its own pure resolver, in the order the checks run, so the first wrong option
  // is the one reported.
  const resolved = deepFreeze({
    catalogue,
    envelope,
    docsBaseUrl,
    requestId,
    clock: core.clock,
    store: resolveStoreOption(input.store),
    logUnexpectedErrors: input.logUnexpectedErrors ?? true,
    i18n: resolveI18nOptions(input.i18n),
    validationRules,
    maxJsonDepth: resolveMaxJsonDepth(input.validation?.maxJsonDepth),
    contexts: resolveContextOptions(input.contexts),
    maintenance: resolveMaintenanceOptions(input.maintenance, core),
    clientIp: resolveClientIpOptions(input.clientIp),
    ipAllowlist: resolveIpAllowlistOptions(input.ipAllowlist),
    apiKeys: resolveApiKeyOptions(input.apiKeys),
    jwt: resolveJwtOptions(input.jwt),
    signature: resolveSignatureOptions(input.signature),
    workspace: resolveWorkspaceOptions(input.workspace),
    plans: resolvePlanOptions(input.plans, core),
    idempotency: resolveIdempotencyOptions(input.idempotency, requestId.headerLower),
    rateLimit: resolveRateLimit(input.rateLimit),
    bruteForce: resolveBruteForce(input.rateLimit?.bruteForce, input.rateLimit?.ipv6SubnetPrefix, core),
  });
  // The root holds functions (clock) and class instances, which deepFreeze leaves alone: frozen here.
  return Object.freeze(resolved);
}
