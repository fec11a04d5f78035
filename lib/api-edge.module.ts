import {
  ConfigurableModuleBuilder,
  Inject,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule, ModulesContainer } from '@nestjs/core';
import { getStorageToken } from '@nestjs/throttler';
import { ApiEdgeExtras, type ApiEdgeChecks, type ApiEdgeModuleExtras } from './api-edge.extras.js';
import { assertSingleApiEdgeImport } from './api-edge.single-import.js';
import { ApiKeyCache } from './keys/api-key.cache.js';
import { ApiEdgeOptions, resolveApiEdgeOptions, type ApiEdgeModuleOptions } from './api-edge.options.js';
import { ClientIpResolver } from './context/client-ip.resolver.js';
import { edgeHttpProvider } from './http/edge-http.provider.js';
import { RouteTable } from './routes/route-table.js';
import { ApiEdgeExceptionFilter } from './filters/api-edge-exception.filter.js';
import { ClientErrorResponder } from './filters/client-error.responder.js';
import { ApiEdgeGuard } from './api-edge.guard.js';
import { AuthenticationGuard } from './guards/authentication.guard.js';
import { IpAllowlistGuard } from './guards/ip-allowlist.guard.js';
import { MaintenanceGuard, maintenanceSwitchFactory } from './guards/maintenance.guard.js';
import { MaintenanceSwitch } from './guards/maintenance.switch.js';
import { PlanGuard } from './guards/plan.guard.js';
import { ScopeGuard } from './guards/scope.guard.js';
import { SignatureGuard } from './guards/signature.guard.js';
import { WorkspaceGuard } from './guards/workspace.guard.js';
import { IdempotencyInterceptor } from './interceptors/idempotency.interceptor.js';
import { RequestIdMiddleware } from './middleware/request-id.middleware.js';
import { EdgeStore } from './stores/edge-store.js';
import { MemoryEdgeStore } from './stores/memory-edge.store.js';
import { BruteForceGuard } from './throttling/brute-force.guard.js';
import { EdgeThrottlerStorage } from './throttling/edge-throttler.storage.js';
import { RateLimitGuard } from './throttling/rate-limit.guard.js';
import { optionError } from './options/option-checks.js';


// OPTIONS_TYPE and ASYNC_OPTIONS_TYPE exist only for `typeof` (Nest's documented pattern).
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } = new ConfigurableModuleBuilder<ApiEdgeModuleOptions>({ moduleName: 'ApiEdge' })
  .setClassMethodName('forRoot')
  .setExtras<ApiEdgeModuleExtras>(
    { isGlobal: true, globalGuard: true, globalFilter: true, globalInterceptors: false, checks: {} },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      // Exported so route-level `@Idempotent()` can build its interceptor in the app's modules.
      exports: [...(definition.exports ?? []), ApiEdgeExtras],
      providers: [
        ...(definition.providers ?? []),
        { provide: ApiEdgeExtras, useValue: Object.freeze({ ...extras }) },
        // After the static providers, so a replacement wins over the built-in class.
        ...replacedChecks(extras.checks),
        ...(extras.globalGuard ? [{ provide: APP_GUARD, useExisting: ApiEdgeGuard }] : []),
        ...(extras.globalFilter ? [{ provide: APP_FILTER, useExisting: ApiEdgeExceptionFilter }] : []),
        ...(extras.globalInterceptors ? [{ provide: APP_INTERCEPTOR, useExisting: IdempotencyInterceptor }] : []),
      ],
    }),
  )
  .build();

/** `forRoot()` argument type. */
export type ApiEdgeModuleForRootOptions = typeof OPTIONS_TYPE;
/** `forRootAsync()` argument type. */
export type ApiEdgeModuleForRootAsyncOptions = typeof ASYNC_OPTIONS_TYPE;

/** The built-in checks, by their name in `checks` (the static switch). */
const CHECKS: { readonly [K in keyof Required<ApiEdgeChecks>]: Type } = {
  maintenance: MaintenanceGuard,
  ipAllowlist: IpAllowlistGuard,
  bruteForce: BruteForceGuard,
  authentication: AuthenticationGuard,
  signature: SignatureGuard,
  workspace: WorkspaceGuard,
  scopes: ScopeGuard,
  plan: PlanGuard,
  rateLimit: RateLimitGuard,
};
const checks = Object.values(CHECKS);

/** `{ provide: TheCheck, useClass: Subclass }` for each replacement in `checks`, validated. */
function replacedChecks(replacements: ApiEdgeChecks | undefined): Provider[] {
  if (replacements === undefined) return [];
  if (replacements === null || typeof replacements !== 'object') {
    throw optionError('replace checks', '"checks" is not an object', 'pass checks: { authentication: YourAuthenticationGuard } beside the options');
  }
  return Object.entries(replacements).flatMap(([name, replacement]): Provider[] => {
    if (replacement === undefined) return [];
    const base = Object.hasOwn(CHECKS, name) ? CHECKS[name as keyof ApiEdgeChecks] : undefined;
    if (base === undefined) {
      throw optionError(`replace the check "${name}"`, 'there is no such check', `use one of ${Object.keys(CHECKS).join(', ')}`);
    }
    if (typeof replacement !== 'function' || !(replacement === base || replacement.prototype instanceof base)) {
      throw optionError(`replace the check "${name}"`, `the value given is not a subclass of ${base.name}`, `pass a class that extends ${base.name} (checks: { ${name}: class extends ${base.name} { … } })`);
    }
    return [{ provide: base, useClass: replacement }];
  });
}

const providers: Provider[] = [
  { provide: ApiEdgeOptions, useFactory: resolveApiEdgeOptions, inject: [MODULE_OPTIONS_TOKEN] },
  // The API-key lookup cache, one per module: every AuthenticationGuard instance shares it.
  ApiKeyCache,
  // The HTTP seam, chosen once from the adapter the app was created with.
  edgeHttpProvider,
  // Every route's requirements, compiled and validated at app.init().
  RouteTable,
  {
    provide: EdgeStore,
    useFactory: (options: ApiEdgeOptions) => options.store ?? new MemoryEdgeStore({ clock: options.clock }),
    inject: [ApiEdgeOptions],
  },
  // The run-time maintenance switch the app injects and flips.
  { provide: MaintenanceSwitch, useFactory: maintenanceSwitchFactory, inject: [ApiEdgeOptions] },
  ClientIpResolver,
  // Throttler's storage token, injected by RateLimitGuard: counts live in the EdgeStore (swappable by override).
  EdgeThrottlerStorage,
  { provide: getStorageToken(), useExisting: EdgeThrottlerStorage },
  ...checks,
  ApiEdgeGuard,
  ApiEdgeExceptionFilter,
  ClientErrorResponder,
  IdempotencyInterceptor,
  RequestIdMiddleware,
];

/**
 * The public edge of an HTTP API in one module: the error catalogue and envelope, the exception
 * filter, request ids, and every check (API keys, signatures, IP allowlists, workspaces, plans,
 * quotas, rate limits, idempotency) run by one global guard in a fixed order.
 *
 * @example
 * ```ts
 * @Module({ imports: [ApiEdgeModule.forRoot({ envelope: 'nested' })] })
 * export class AppModule {}
 *
 * // with dependencies
 * ApiEdgeModule.forRootAsync({
 *   imports: [DbModule],
 *   inject: [KeyRepository],
 *   useFactory: (keys: KeyRepository) => ({ envelope: 'problem', apiKeys: { store: keys } }),
 * });
 * ```
 */
@Module({ imports: [DiscoveryModule], providers, exports: providers })
export class ApiEdgeModule extends ConfigurableModuleClass implements NestModule {
  constructor(
    @Inject(ApiEdgeOptions) private readonly options: ApiEdgeOptions,
    @Inject(ApiEdgeExtras) private readonly extras: ApiEdgeModuleExtras,
    @Inject(ModulesContainer) modules: ModulesContainer,
  ) {
    super();
    // At instantiation, before any provider's hook runs: a second import fails the start first.
    assertSingleApiEdgeImport(modules, ApiEdgeModule);
  }

  /**
   * Applies the request id middleware to every route when it is needed: for the async context
   * (`requestId.asyncContext`), or when the global guard is off. Otherwise the global guard sets
   * the id as its first step and the filter for requests no route matched, which spares every
   * request Nest's middleware layer (measured: a few % of throughput on a minimal route).
   */
  configure(consumer: MiddlewareConsumer): void {
    if (this.options.requestId.asyncContext || !this.extras.globalGuard) {
      consumer.apply(RequestIdMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    }
  }
}
