import type { Type } from '@nestjs/common';
import type { AuthenticationGuard } from './guards/authentication.guard.js';
import type { IpAllowlistGuard } from './guards/ip-allowlist.guard.js';
import type { MaintenanceGuard } from './guards/maintenance.guard.js';
import type { PlanGuard } from './guards/plan.guard.js';
import type { ScopeGuard } from './guards/scope.guard.js';
import type { SignatureGuard } from './guards/signature.guard.js';
import type { WorkspaceGuard } from './guards/workspace.guard.js';
import type { BruteForceGuard } from './throttling/brute-force.guard.js';
import type { RateLimitGuard } from './throttling/rate-limit.guard.js';

/**
 * Subclasses that replace built-in checks inside the module (`checks` of `forRoot`): each one is
 * registered as `{ provide: TheCheck, useClass: YourSubclass }`, so the global guard, the
 * route table and every injection of the built-in class get yours. A subclass overrides the
 * protected hooks (e.g. `AuthenticationGuard.principalFromRecord`) and keeps the constructor
 * (or calls `super` with the same dependencies).
 *
 * @example
 * ```ts
 * @Injectable()
 * class TaggingAuthentication extends AuthenticationGuard {
 *   protected override principalFromRecord(record: ApiKeyRecord, kind: KeyKind): Principal {
 *     const principal = super.principalFromRecord(record, kind);
 *     return { ...principal, data: { ...principal.data, region: 'eu' } };
 *   }
 * }
 * ApiEdgeModule.forRoot({ apiKeys: { store }, checks: { authentication: TaggingAuthentication } });
 * ```
 */
export interface ApiEdgeChecks {
  readonly maintenance?: Type<MaintenanceGuard>;
  readonly ipAllowlist?: Type<IpAllowlistGuard>;
  readonly bruteForce?: Type<BruteForceGuard>;
  readonly authentication?: Type<AuthenticationGuard>;
  readonly signature?: Type<SignatureGuard>;
  readonly workspace?: Type<WorkspaceGuard>;
  readonly scopes?: Type<ScopeGuard>;
  readonly plan?: Type<PlanGuard>;
  readonly rateLimit?: Type<RateLimitGuard>;
}

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
  /** Subclasses replacing built-in checks inside the module (default none); see {@link ApiEdgeChecks}. */
  readonly checks?: ApiEdgeChecks;
}

/** Injection token of the {@link ApiEdgeModuleExtras} the module was imported with (frozen). */
export const ApiEdgeExtras = Symbol('ApiEdgeExtras');
