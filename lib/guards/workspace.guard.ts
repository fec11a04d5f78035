import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiEdgeOptions } from '../api-edge.options.js';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { PERSONAL_KEY_ONLY_METADATA } from '../decorators/personal-key-only.decorator.js';
import { REQUIRE_ROLE_METADATA, type RoleRequirement } from '../decorators/require-role.decorator.js';
import { REQUIRE_WORKSPACE_METADATA } from '../decorators/require-workspace.decorator.js';
import type { WorkspaceResolution } from '../ports/workspace-resolver.port.js';
import { setWorkspaceContext } from '../workspaces/workspace-context.js';
import { EdgeCheckGuard } from './edge-check.guard.js';
import { RouteTable } from '../routes/route-table.js';
import type { RouteSection } from '../routes/route-section.js';
import type { ResolvedWorkspaceOptions } from './workspace.options.js';
import { optionError } from '../options/option-checks.js';

interface CompiledRole {
  readonly roles: ReadonlySet<string>;
  readonly error: string;
  /** Upper-case methods the requirement applies to; null = all. */
  readonly methods: ReadonlySet<string> | null;
}

interface WorkspaceRoute {
  readonly required: boolean;
  readonly personalOnly: boolean;
  readonly role: CompiledRole | null;
}

interface HttpRequestLike {
  readonly method?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The workspace / team check. After authentication it:
 *
 * 1. refuses team and organization keys on `@PersonalKeyOnly()` routes (`team_key_not_allowed`);
 * 2. validates the workspace header (`invalid_workspace_header`, `param` = the header name);
 * 3. with `personalKeyWithHeader: 'reject'`, refuses a personal API key that sends it (`team_key_required`;
 *    JWT users are not API keys and pass on to the role check);
 * 4. refuses a key bound to a workspace that names another one (`workspace_not_found`);
 * 5. asks the app's resolver and maps its answer to `workspace_not_found`,
 *    `cross_tenant_workspace`, `workspace_not_available` or `no_main_workspace`;
 * 6. checks `@RequireRole` (`workspace_access_denied` or the route's own key).
 *
 * The workspace lands in `edgeState(request).workspace` (`@CurrentWorkspace()`), its id and the
 * caller's role in `workspaceContext(request)`. Off without the `workspace` section; skipped for
 * unauthenticated requests unless the route declares a workspace rule (then 401
 * `missing_credentials`). Synchronous when the resolver answers synchronously.
 */
@Injectable()
export class WorkspaceGuard extends EdgeCheckGuard {
  /** The resolved `workspace` section, or null when the check is off. */
  protected readonly config: ResolvedWorkspaceOptions | null;
  private readonly routes: RouteSection<WorkspaceRoute>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    protected readonly reflector: Reflector,
    routes: RouteTable,
  ) {
    super();
    this.config = options.workspace;
    this.routes = routes.section('workspace', (handler, cls) => this.compileRoute(handler, cls));
  }

  /** @inheritDoc */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    const config = this.config;
    if (config === null) return;
    const route = this.routes.get(context);
    const principal = state.principal;
    if (principal === undefined) {
      if (route.required || route.personalOnly || route.role !== null) throw this.options.catalogue.error('missing_credentials');
      return;
    }
    if (route.personalOnly && principal.kind !== 'personal') throw this.options.catalogue.error('team_key_not_allowed');

    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    const raw = request.headers[config.headerLower];
    let workspaceId: string | undefined;
    if (raw === undefined) {
      workspaceId = principal.workspaceId;
    } else {
      // A repeated header arrives as an array or joined with ", ": neither is one well-formed id.
      if (typeof raw !== 'string' || !config.format.test(raw)) {
        throw this.options.catalogue.error('invalid_workspace_header', { param: config.header });
      }
      // The rule is about API key kinds: a console user's JWT is "personal" yet may act in a team.
      if (config.rejectPersonalKeyWithHeader && principal.kind === 'personal' && principal.credential === 'api_key') {
        throw this.options.catalogue.error('team_key_required');
      }
      // A key bound to one workspace acts only there; another id is, for it, a workspace it is not in.
      if (principal.workspaceId !== undefined && raw !== principal.workspaceId) {
        throw this.options.catalogue.error('workspace_not_found');
      }
      workspaceId = raw;
    }

    const resolution = config.resolver.resolve(principal, workspaceId, request);
    if (typeof (resolution as { then?: unknown }).then === 'function') {
      return (resolution as Promise<WorkspaceResolution>).then((resolved) => this.apply(config, route, request, state, resolved));
    }
    this.apply(config, route, request, state, resolution as WorkspaceResolution);
  }

  /** Reads the route's decorators once. */
  protected compileRoute(handler: object, cls: object): WorkspaceRoute {
    const targets = [handler as () => void, cls as () => void];
    const requirement = this.reflector.getAllAndOverride<RoleRequirement | undefined>(REQUIRE_ROLE_METADATA, targets);
    return Object.freeze({
      required:
        (this.config?.required ?? false) ||
        this.reflector.getAllAndOverride<boolean | undefined>(REQUIRE_WORKSPACE_METADATA, targets) === true,
      personalOnly: this.reflector.getAllAndOverride<boolean | undefined>(PERSONAL_KEY_ONLY_METADATA, targets) === true,
      role: requirement === undefined ? null : this.compileRole(requirement),
    });
  }

  private compileRole(requirement: RoleRequirement): CompiledRole {
    const error = requirement.error ?? 'workspace_access_denied';
    if (!this.options.catalogue.has(error)) {
      throw optionError(`use error "${error}" in @RequireRole`, 'the catalogue has no such key', 'add the entry to your catalogue, or correct the key');
    }
    if (!Array.isArray(requirement.roles) || requirement.roles.length === 0) {
      throw optionError('use @RequireRole', 'it names no roles', "name at least one role, e.g. @RequireRole('owner')");
    }
    return Object.freeze({
      roles: new Set(requirement.roles),
      error,
      methods: requirement.methods === undefined ? null : new Set(requirement.methods.map((m) => m.toUpperCase())),
    });
  }

  private apply(
    config: ResolvedWorkspaceOptions,
    route: WorkspaceRoute,
    request: HttpRequestLike,
    state: EdgeRequestState,
    resolution: WorkspaceResolution,
  ): void {
    switch (resolution.status) {
      case 'found':
        state.workspace = resolution.workspace;
        setWorkspaceContext(request, Object.freeze({ id: resolution.id, role: resolution.role }));
        break;
      case 'none':
        if (route.required) throw this.options.catalogue.error('no_main_workspace');
        break;
      case 'not_found':
        throw this.options.catalogue.error('workspace_not_found');
      case 'other_tenant':
        throw this.options.catalogue.error('cross_tenant_workspace');
      case 'deleted':
        throw this.options.catalogue.error('workspace_not_available');
      case 'no_main_workspace':
        throw this.options.catalogue.error('no_main_workspace');
      default:
        throw optionError("use the workspace resolver's answer", `its status is ${JSON.stringify((resolution as { status?: unknown })?.status)}`, 'return one of found, none, not_found, other_tenant, deleted, no_main_workspace');
    }
    const role = route.role;
    if (role === null || (role.methods !== null && !role.methods.has(request.method ?? ''))) return;
    const current = resolution.status === 'found' ? resolution.role : config.personalContextRole;
    if (current === undefined || !role.roles.has(current)) throw this.options.catalogue.error(role.error);
  }
}

