// The public API of nest-api-edge. Everything a user may import is listed here, explicitly, and
// documented in docs/api.md (a test holds the two together). Internals (record encoders,
// fingerprints, provider factories, option resolvers, metadata keys) stay in their files.

// Module and options
export { ApiEdgeModule } from './api-edge.module.js';
export type { ApiEdgeModuleForRootOptions, ApiEdgeModuleForRootAsyncOptions } from './api-edge.module.js';
export { ApiEdgeExtras } from './api-edge.extras.js';
export type { ApiEdgeModuleExtras, ApiEdgeChecks } from './api-edge.extras.js';
export { ApiEdgeOptions } from './api-edge.options.js';
export type { ApiEdgeModuleOptions } from './api-edge.options.js';

// Errors and the catalogue
export { ApiError } from './errors/api-error.js';
export type { ApiErrorOptions } from './errors/api-error.js';
export { BUILT_IN_CATALOGUE, BUILT_IN_FAMILIES } from './errors/built-in-catalogue.js';
export type { BuiltInErrorKey } from './errors/built-in-catalogue.js';
export { Catalogue, defineCatalogue, builtInCatalogue, builtInApiError, apiError, aliasAll } from './errors/catalogue.js';
export type { AppEntryInput, CatalogueCodeRow, CatalogueDefinition } from './errors/catalogue.js';
export type {
  CatalogueEntry,
  CatalogueEntryInput,
  CatalogueOverride,
  FieldViolation,
  LocaleMessages,
} from './errors/catalogue-entry.js';
export { BUILT_IN_ACTIONS } from './errors/built-in-actions.js';
export type { I18nOptions } from './errors/i18n.options.js';
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
} from './body/validation-exception.factory.js';
export type { EdgeValidationPipeOptions } from './body/validation-exception.factory.js';
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
export { renderCatalogueDocs } from './docs/catalogue-docs.js';
export type { CatalogueDocsOptions, CatalogueLike } from './docs/catalogue-docs.js';

// Filter, request context, request ids
export { ApiEdgeExceptionFilter } from './filters/api-edge-exception.filter.js';
export { ClientErrorResponder } from './filters/client-error.responder.js';
export { edgeState } from './context/edge-request-state.js';
export type { EdgeRequestState } from './context/edge-request-state.js';
export type { ApiEdgeTypes, EdgePlan, EdgeWorkspace } from './ports/api-edge-types.js';
export { currentRequestId, currentEdgeState, runWithEdgeState } from './context/request-context.js';
export type { RequestIdOptions } from './context/request-id.js';
export { ClientIpResolver } from './context/client-ip.resolver.js';

// Guards and decorators
export { ApiEdgeGuard } from './api-edge.guard.js';
export { CHECK_ORDER } from './guards/check-order.js';
export type { CheckStepName } from './guards/check-order.js';
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
export type { EdgeStoreOperation, EdgeStoreOperationResult } from './stores/edge-store-operations.js';
export { runStoreOperations } from './stores/run-store-operations.js';
export type { RedisEdgeClient } from './stores/redis-edge-client.js';
export type { ResilientEdgeStoreOptions, EdgeStoreFailurePolicy } from './stores/resilient-edge.store.js';

// Authentication: API keys, bearer tokens (JWT), scopes
export { AuthenticationGuard } from './guards/authentication.guard.js';
export { ScopeGuard } from './guards/scope.guard.js';
export type { ApiKeyOptions, ApiKeySource, ApiKeyFormat, ApiKeyCharset, ApiKeyCacheOptions } from './keys/api-key.options.js';
export type { JwtOptions, JwtServiceLike } from './guards/jwt.options.js';
export type { ApiKeyStore, ApiKeyRecord, ApiKeyStatus } from './ports/api-key-store.port.js';
export type { TokenVerifier, TokenIdentity } from './ports/token-verifier.port.js';
export { ApiKeyCache } from './keys/api-key.cache.js';
export { hashApiKey } from './keys/api-key.hash.js';
export { mintApiKey, mintedApiKeyLength } from './keys/api-key.mint.js';
export type { MintApiKeyOptions, MintedApiKey } from './keys/api-key.mint.js';
export { Public } from './decorators/public.decorator.js';
export { AcceptCredentials } from './decorators/accept-credentials.decorator.js';
export { RequireScopes } from './decorators/require-scopes.decorator.js';
export { RequireScopeLevel } from './decorators/require-scope-level.decorator.js';
export { BoundResource } from './decorators/bound-resource.decorator.js';
export type { BoundResourceRule } from './decorators/bound-resource.decorator.js';

// Rate limits (@nestjs/throttler over the EdgeStore) and the brute-force limiter
export { RateLimitGuard } from './throttling/rate-limit.guard.js';
export { BruteForceGuard } from './throttling/brute-force.guard.js';
export { EdgeThrottlerStorage } from './throttling/edge-throttler.storage.js';
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
export { SkipRateLimit } from './decorators/skip-rate-limit.decorator.js';
// Throttler's own per-window decorators work unchanged on the windows configured here.
export { Throttle, SkipThrottle } from '@nestjs/throttler';

// Client IP, IP allowlists, HMAC request signatures (the client side, signRequest and
// parseErrorEnvelope, is its own entry point: 'nest-api-edge/client')
export type { ClientIpOptions } from './context/client-ip.options.js';
export { IpMatcher, normalizeIp } from './context/ip-matcher.js';
export { IpAllowlistGuard } from './guards/ip-allowlist.guard.js';
export type { IpAllowlistOptions } from './guards/ip-allowlist.options.js';
export { SignatureGuard } from './guards/signature.guard.js';
export type { SignatureOptions } from './guards/signature.options.js';
export { RequireSignature, SkipSignature } from './decorators/require-signature.decorator.js';

// Workspaces / teams, roles, plans, limits, quotas, balance, maintenance and readiness
export { MaintenanceGuard } from './guards/maintenance.guard.js';
export { MaintenanceSwitch } from './guards/maintenance.switch.js';
export type { MaintenanceWindow } from './guards/maintenance.switch.js';
export type { MaintenanceOptions, ReadinessCheck } from './guards/maintenance.options.js';
export { StayOpen } from './decorators/stay-open.decorator.js';
export { RequireReady } from './decorators/require-ready.decorator.js';
export { WorkspaceGuard } from './guards/workspace.guard.js';
export type { WorkspaceOptions, WorkspaceIdFormat } from './guards/workspace.options.js';
export type { WorkspaceResolver, WorkspaceResolution } from './ports/workspace-resolver.port.js';
export { workspaceContext } from './workspaces/workspace-context.js';
export type { WorkspaceContext } from './workspaces/workspace-context.js';
export { ownedOrNotFound } from './workspaces/owned-or-not-found.js';
export { RequireWorkspace } from './decorators/require-workspace.decorator.js';
export { PersonalKeyOnly } from './decorators/personal-key-only.decorator.js';
export { RequireRole } from './decorators/require-role.decorator.js';
export type { RoleRequirement } from './decorators/require-role.decorator.js';
export { CurrentWorkspace } from './decorators/current-workspace.decorator.js';
export { PlanGuard } from './guards/plan.guard.js';
export type { PlanOptions, QuotaOptions, BalanceFields } from './guards/plan.options.js';
export type { PlanProvider, AccountPlan, PlanContext } from './ports/plan-provider.port.js';
export { UtcPeriod } from './plans/utc-period.js';
export type { PeriodWindow } from './plans/utc-period.js';
export { RequireFeature } from './decorators/require-feature.decorator.js';
export { PlanLimit } from './decorators/plan-limit.decorator.js';
export { Cost } from './decorators/cost.decorator.js';
export type { CostUnits, CostSpec } from './decorators/cost.decorator.js';
export { Quota } from './decorators/quota.decorator.js';
export { AllowInactiveSubscription } from './decorators/allow-inactive-subscription.decorator.js';
export { CurrentPlan } from './decorators/current-plan.decorator.js';

// Idempotency keys
export { IdempotencyInterceptor } from './interceptors/idempotency.interceptor.js';
export type { IdempotencyOptions, IdempotencyScope, IdempotencyStoragePolicy } from './interceptors/idempotency.options.js';
export { Idempotent } from './decorators/idempotent.decorator.js';
export type { IdempotentOptions, IdempotentRouteSetting } from './decorators/idempotent.decorator.js';

// OpenAPI (the document is typed structurally: nothing here loads @nestjs/swagger)
export { applyApiEdgeOpenApi } from './openapi/apply-api-edge-openapi.js';
export type { ApiEdgeOpenApiSettings, OpenApiAppLike } from './openapi/apply-api-edge-openapi.js';
export { RaisesErrors } from './openapi/raises-errors.decorator.js';
export type { OpenApiDocumentLike } from './openapi/openapi-document.types.js';
