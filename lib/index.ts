// The public API of nest-api-edge. Everything a user may import is listed here, explicitly.

// Module and options
export { ApiEdgeModule } from './api-edge.module.js';
export type { ApiEdgeModuleForRootOptions, ApiEdgeModuleForRootAsyncOptions } from './api-edge.module.js';
export { ApiEdgeExtras } from './api-edge.extras.js';
export type { ApiEdgeModuleExtras } from './api-edge.extras.js';
export { ApiEdgeOptions, resolveApiEdgeOptions } from './api-edge.options.js';
export type { ApiEdgeModuleOptions } from './api-edge.options.js';

// Errors and the catalogue
export { ApiError } from './errors/api-error.js';
export type { ApiErrorOptions } from './errors/api-error.js';
export { BUILT_IN_CATALOGUE, BUILT_IN_FAMILIES } from './errors/built-in-catalogue.js';
export type { BuiltInErrorKey } from './errors/built-in-catalogue.js';
export { Catalogue, defineCatalogue, builtInCatalogue, apiError, aliasAll } from './errors/catalogue.js';
export type { AppEntryInput, CatalogueCodeRow, CatalogueDefinition } from './errors/catalogue.js';
export type { CatalogueEntry, CatalogueEntryInput, CatalogueOverride, FieldViolation, LocaleMessages } from './errors/catalogue-entry.js';
export { BUILT_IN_ACTIONS } from './errors/built-in-actions.js';
export { parseAcceptLanguage, lookupMessage, localizeEntry, canonicalLanguageTag, isLanguageTag } from './errors/message-locale.js';
export type { LocalizedMessage, MessageLocalization } from './errors/message-locale.js';
export { resolveI18nOptions } from './errors/i18n.options.js';
export type { I18nOptions, ResolvedI18nOptions } from './errors/i18n.options.js';
export {
  ApiEdgeConfigurationError,
  CatalogueConfigurationError,
  OptionsConfigurationError,
  RouteConfigurationError,
} from './errors/configuration.error.js';
export { normalizeError, keyForStatus } from './errors/normalize-error.js';
export type { NormalizedError } from './errors/normalize-error.js';
export {
  createValidationPipe,
  validationExceptionFactory,
  validationExceptionFactoryFor,
  flattenValidationErrors,
} from './errors/validation-exception.factory.js';
export type { EdgeValidationPipeOptions } from './errors/validation-exception.factory.js';
export { matchValidationRule } from './errors/validation-rule.js';
export type { ValidationRule, ValidationOptions } from './errors/validation-rule.js';

// Envelopes
export type { Envelope, EnvelopeOutput, ResolvedError, JsonSchema } from './envelopes/envelope.js';
export { defineEnvelope } from './envelopes/define-envelope.js';
export type { EnvelopeMetadata } from './envelopes/define-envelope.js';
export { ENVELOPE_PRESETS, ENVELOPE_SCHEMAS, envelopeSchema } from './envelopes/envelope-presets.js';
export type { EnvelopePreset } from './envelopes/envelope-presets.js';
export { nestedEnvelope } from './envelopes/nested.envelope.js';
export { flatEnvelope } from './envelopes/flat.envelope.js';
export { statusFlagEnvelope } from './envelopes/status-flag.envelope.js';
export { objectEnvelope } from './envelopes/object.envelope.js';
export { typedEnvelope } from './envelopes/typed.envelope.js';
export { problemEnvelope, PROBLEM_CONTENT_TYPE } from './envelopes/problem.envelope.js';
export { stripeEnvelope, STRIPE_REQUEST_ID_HEADER } from './envelopes/stripe.envelope.js';
export { stripeShouldRetry, STRIPE_SHOULD_RETRY_MAX_WAIT } from './envelopes/stripe-should-retry.js';
export { statusPhrase } from './envelopes/status-phrase.js';

// The catalogue as an error docs page (also `npx nest-api-edge docs`)
export { renderCatalogueDocs, escapeHtml } from './docs/catalogue-docs.js';
export type { CatalogueDocsOptions, CatalogueLike } from './docs/catalogue-docs.js';

// Filter, request context, request ids
export { ApiEdgeExceptionFilter } from './filters/api-edge-exception.filter.js';
export { ClientErrorResponder } from './filters/client-error.responder.js';
export { edgeState } from './context/edge-request-state.js';
export type { EdgeRequestState } from './context/edge-request-state.js';
export { currentRequestId, currentEdgeState, runWithEdgeState } from './context/request-context.js';
export { ensureRequestId, resolveRequestIdOptions } from './context/request-id.js';
export type { RequestIdOptions, ResolvedRequestIdOptions } from './context/request-id.js';
export { RequestIdMiddleware } from './middleware/request-id.middleware.js';
export { ClientIpResolver } from './context/client-ip.resolver.js';

// Guards and decorators
export { ApiEdgeGuard } from './guards/api-edge.guard.js';
export { EdgeCheckGuard } from './guards/edge-check.guard.js';
export { RequestId } from './decorators/request-id.decorator.js';
export { CurrentPrincipal } from './decorators/current-principal.decorator.js';
export type { Principal, KeyKind, CredentialKind } from './ports/principal.js';

// Stores
export { EdgeStore, systemClock } from './stores/edge-store.js';
export type { StoreCounter, Clock } from './stores/edge-store.js';
export { MemoryEdgeStore } from './stores/memory-edge.store.js';
export type { MemoryEdgeStoreOptions } from './stores/memory-edge.store.js';
export { RedisEdgeStore } from './stores/redis-edge.store.js';
export type { RedisEdgeStoreOptions } from './stores/redis-edge.store.js';
export { ResilientEdgeStore } from './stores/resilient-edge.store.js';
export { EdgeStoreCapacityError } from './stores/edge-store-capacity.error.js';
export type { EdgeStoreKind, EdgeStoreWriteOptions } from './stores/edge-store.js';
export type { RedisEdgeClient } from './stores/redis-edge-client.js';
export type { ResilientEdgeStoreOptions, EdgeStoreFailurePolicy } from './stores/resilient-edge.store.js';

// Authentication: API keys, bearer tokens (JWT), scopes
export { AuthenticationGuard } from './guards/authentication.guard.js';
export { ScopeGuard } from './guards/scope.guard.js';
export type {
  ApiKeyOptions,
  ApiKeySource,
  ApiKeyFormat,
  ApiKeyCharset,
  ApiKeyCacheOptions,
} from './guards/api-key.options.js';
export type { JwtOptions, JwtServiceLike } from './guards/jwt.options.js';
export type { ApiKeyStore, ApiKeyRecord, ApiKeyStatus } from './ports/api-key-store.port.js';
export type { TokenVerifier, TokenIdentity } from './ports/token-verifier.port.js';
export { hashApiKey } from './keys/api-key.hash.js';
export { mintApiKey, mintedApiKeyLength } from './keys/api-key.mint.js';
export type { MintApiKeyOptions, MintedApiKey } from './keys/api-key.mint.js';
export { Public, PUBLIC_ROUTE } from './decorators/public.decorator.js';
export { AcceptCredentials, ACCEPT_CREDENTIALS } from './decorators/accept-credentials.decorator.js';
export { RequireScopes, REQUIRED_SCOPES } from './decorators/require-scopes.decorator.js';
export { RequireScopeLevel, REQUIRED_SCOPE_LEVEL } from './decorators/require-scope-level.decorator.js';
export { BoundResource, BOUND_RESOURCES } from './decorators/bound-resource.decorator.js';
export type { BoundResourceRule } from './decorators/bound-resource.decorator.js';

// Rate limits (@nestjs/throttler over the EdgeStore) and the brute-force limiter
export { RateLimitGuard } from './throttling/rate-limit.guard.js';
export { BruteForceGuard } from './throttling/brute-force.guard.js';
export { EdgeThrottlerStorage } from './throttling/edge-throttler.storage.js';
export type { EdgeThrottlerRecord } from './throttling/edge-throttler.storage.js';
export type {
  RateLimitOptions,
  RateLimitWindow,
  RateLimitTracker,
  RateLimitValue,
  RateLimitSubject,
  BruteForceOptions,
} from './throttling/rate-limit.options.js';
export {
  formatRateLimit,
  formatRateLimitPolicy,
  RATE_LIMIT_HEADER,
  RATE_LIMIT_POLICY_HEADER,
} from './throttling/rate-limit-headers.js';
export type { RateLimitPolicy, RateLimitState } from './throttling/rate-limit-headers.js';
export { SkipRateLimit, SKIP_RATE_LIMIT } from './decorators/skip-rate-limit.decorator.js';
// Throttler's own per-window decorators work unchanged on the windows configured here.
export { Throttle, SkipThrottle } from '@nestjs/throttler';

// Client IP, IP allowlists, HMAC request signatures, and the client API (also at 'nest-api-edge/client')
export type { ClientIpOptions } from './context/client-ip.options.js';
export { IpMatcher, parseIp, normalizeIp } from './context/ip-matcher.js';
export type { IpAddress } from './context/ip-matcher.js';
export { IpAllowlistGuard } from './guards/ip-allowlist.guard.js';
export type { IpAllowlistOptions } from './guards/ip-allowlist.options.js';
export { SignatureGuard } from './guards/signature.guard.js';
export type { SignatureOptions } from './guards/signature.options.js';
export { RequireSignature, SkipSignature, SIGNATURE_METADATA } from './decorators/require-signature.decorator.js';
export {
  signRequest,
  buildCanonicalString,
  sha256Hex,
  EMPTY_BODY_SHA256,
  DEFAULT_SIGNATURE_HEADERS,
  SIGNATURE_ALGORITHMS,
  SIGNATURE_VERSION,
  NONCE_PATTERN,
  MAX_SIGNATURES,
  parseErrorEnvelope,
} from './client/index.js';
export type {
  SignRequestInput,
  CanonicalRequest,
  SignatureAlgorithm,
  SignatureHeaderNames,
  ParsedErrorEnvelope,
  ErrorEnvelopeShape,
  ParseErrorEnvelopeOptions,
  ResponseHeaders,
} from './client/index.js';

// Workspaces / teams, roles, plans, limits, quotas, balance, maintenance and readiness
export { MaintenanceGuard, maintenanceSwitchFactory } from './guards/maintenance.guard.js';
export { MaintenanceSwitch } from './guards/maintenance.switch.js';
export type { MaintenanceWindow } from './guards/maintenance.switch.js';
export type { MaintenanceOptions, ReadinessCheck } from './guards/maintenance.options.js';
export { StayOpen, STAY_OPEN_METADATA } from './decorators/stay-open.decorator.js';
export { RequireReady, REQUIRE_READY_METADATA } from './decorators/require-ready.decorator.js';
export { WorkspaceGuard } from './guards/workspace.guard.js';
export type { WorkspaceOptions, WorkspaceIdFormat } from './guards/workspace.options.js';
export type { WorkspaceResolver, WorkspaceResolution } from './ports/workspace-resolver.port.js';
export { workspaceContext } from './workspaces/workspace-context.js';
export type { WorkspaceContext } from './workspaces/workspace-context.js';
export { ownedOrNotFound } from './workspaces/owned-or-not-found.js';
export { RequireWorkspace, REQUIRE_WORKSPACE_METADATA } from './decorators/require-workspace.decorator.js';
export { PersonalKeyOnly, PERSONAL_KEY_ONLY_METADATA } from './decorators/personal-key-only.decorator.js';
export { RequireRole, REQUIRE_ROLE_METADATA } from './decorators/require-role.decorator.js';
export type { RoleRequirement } from './decorators/require-role.decorator.js';
export { CurrentWorkspace } from './decorators/current-workspace.decorator.js';
export { PlanGuard } from './guards/plan.guard.js';
export type { PlanOptions, QuotaOptions, BalanceFields } from './guards/plan.options.js';
export type { PlanProvider, AccountPlan, PlanContext } from './ports/plan-provider.port.js';
export { UtcPeriod } from './plans/utc-period.js';
export type { PeriodWindow } from './plans/utc-period.js';
export { RequireFeature, REQUIRE_FEATURE_METADATA } from './decorators/require-feature.decorator.js';
export { PlanLimit, PLAN_LIMIT_METADATA } from './decorators/plan-limit.decorator.js';
export { Cost, COST_METADATA } from './decorators/cost.decorator.js';
export type { CostUnits, CostSpec } from './decorators/cost.decorator.js';
export { Quota, QUOTA_METADATA } from './decorators/quota.decorator.js';
export { AllowInactiveSubscription, ALLOW_INACTIVE_SUBSCRIPTION_METADATA } from './decorators/allow-inactive-subscription.decorator.js';
export { CurrentPlan } from './decorators/current-plan.decorator.js';

// Idempotency keys
export { IdempotencyInterceptor } from './interceptors/idempotency.interceptor.js';
export type { IdempotencyOptions, IdempotencyScope, IdempotencyStoragePolicy } from './interceptors/idempotency.options.js';
export { Idempotent, IDEMPOTENT_METADATA } from './decorators/idempotent.decorator.js';
export type { IdempotentOptions, IdempotentRouteSetting } from './decorators/idempotent.decorator.js';
export { requestFingerprint } from './interceptors/request-fingerprint.js';
export type { FingerprintedRequest } from './interceptors/request-fingerprint.js';
export { encodeIdempotencyRecord, decodeIdempotencyRecord } from './interceptors/idempotency-record.js';
export type {
  IdempotencyRecord,
  PendingIdempotencyRecord,
  CompletedIdempotencyRecord,
  StoredHeader,
} from './interceptors/idempotency-record.js';

// OpenAPI (the document is typed structurally: nothing here loads @nestjs/swagger)
export { applyApiEdgeOpenApi } from './openapi/apply-api-edge-openapi.js';
export type { ApiEdgeOpenApiSettings, OpenApiAppLike } from './openapi/apply-api-edge-openapi.js';
export { RaisesErrors, RAISES_ERRORS_METADATA } from './openapi/raises-errors.decorator.js';
export { routeContract } from './openapi/route-contract.js';
export type { RouteContract, ContractHeader } from './openapi/route-contract.js';
export { toOpenApiSchema } from './openapi/openapi-schema.js';
export type { OpenApiDocumentLike, OpenApiComponentsLike, OpenApiOperationLike, OpenApiResponseLike, OpenApiPathItemLike } from './openapi/openapi-document.types.js';
