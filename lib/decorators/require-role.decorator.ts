import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RequireRole}. */
export const REQUIRE_ROLE_METADATA = 'api-edge:require-role';

/** The long form of {@link RequireRole}. */
export interface RoleRequirement {
  /** Roles allowed (any of them). */
  readonly roles: readonly [string, ...string[]];
  /**
   * Catalogue key raised when the role is missing, e.g. your own `billing_team_mutation_forbidden`.
   * Default `workspace_access_denied`. Checked against the catalogue on the first request.
   */
  readonly error?: string;
  /**
   * HTTP methods the requirement applies to, e.g. `['POST', 'PUT', 'PATCH', 'DELETE']` for
   * owner-only mutations on a controller whose reads are open to every member. Default: all.
   */
  readonly methods?: readonly string[];
}

/**
 * The caller's role in the resolved workspace must be one of `roles`, else 403
 * `workspace_access_denied` (seed `TEAM_ACCESS_DENIED`). Outside a workspace the role is the
 * `workspace.personalContextRole` option (none by default: refused). The method-level
 * requirement replaces the class-level one. Needs the `workspace` module option.
 *
 * @example
 * ```ts
 * @Delete('keys/:id') @RequireRole('owner', 'admin')
 * revoke() { … }
 *
 * // owner-only mutations with a code of their own
 * @Controller('billing')
 * @RequireRole({ roles: ['owner'], methods: ['POST'], error: 'billing_team_mutation_forbidden' })
 * export class BillingController { … }
 * ```
 */
export function RequireRole(...roles: [string, ...string[]] | [RoleRequirement]): MethodDecorator & ClassDecorator {
  const first = roles[0];
  const requirement: RoleRequirement = typeof first === 'string' ? { roles: roles as [string, ...string[]] } : first;
  return SetMetadata(REQUIRE_ROLE_METADATA, requirement);
}
