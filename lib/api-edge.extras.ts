/**
 * Static switches of `forRoot`/`forRootAsync`, given beside the options (they decide which
 * providers exist, so they cannot come from an async factory).
 */
export interface ApiEdgeModuleExtras {
  /** Make the module global (default true). */
  readonly isGlobal?: boolean;
  /** Register `ApiEdgeGuard` as a global guard (default true). */
  readonly globalGuard?: boolean;
  /** Register `ApiEdgeExceptionFilter` as a global filter (default true). */
  readonly globalFilter?: boolean;
  /**
   * Register the idempotency interceptor globally (default false). `@Idempotent()` routes get the
   * interceptor from their decorator; only `idempotency.allPosts` needs it global. Off by default
   * because any global interceptor costs every request Nest's interceptor pipeline (measured:
   * ~10% of throughput on a minimal route).
   */
  readonly globalInterceptors?: boolean;
}

/** Injection token of the {@link ApiEdgeModuleExtras} the module was imported with (frozen). */
export const ApiEdgeExtras = Symbol('ApiEdgeExtras');
