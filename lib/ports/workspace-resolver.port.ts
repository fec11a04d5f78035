import type { EdgeWorkspace } from './api-edge-types.js';
import type { Principal } from './principal.js';

/**
 * What the app's {@link WorkspaceResolver} answers for one request (`W`: the workspace type, by
 * default the one the app declares in `ApiEdgeTypes`, else `unknown`). Each outcome maps to its own
 * catalogued error, so apps report every case the way their contract says:
 *
 * | status              | meaning                                                   | error key                  |
 * | ------------------- | --------------------------------------------------------- | -------------------------- |
 * | `found`             | the caller may act in this workspace (with `role`)         | none                       |
 * | `none`              | no workspace context (personal context, header absent)      | `no_main_workspace` if required |
 * | `not_found`         | no such workspace, or the caller is not a member           | `workspace_not_found`      |
 * | `other_tenant`      | it exists but belongs to another account                   | `cross_tenant_workspace`   |
 * | `deleted`           | it was the caller's but has been deleted                   | `workspace_not_available`  |
 * | `no_main_workspace` | header absent and the account has no live main workspace   | `no_main_workspace`        |
 *
 * Apps that must not reveal that a workspace exists alias `cross_tenant_workspace` to
 * `workspace_not_found` in their catalogue (`{ as: 'workspace_not_found' }`).
 */
export type WorkspaceResolution<W = EdgeWorkspace> =
  | {
      readonly status: 'found';
      /** The workspace id (used for quota subjects and by `workspaceContext`). */
      readonly id: string;
      /** The caller's role in it (`owner`, `admin`, `collaborator` …), checked by `@RequireRole`. */
      readonly role?: string;
      /** The app's workspace object, handed to handlers by `@CurrentWorkspace()`. */
      readonly workspace: W;
    }
  | { readonly status: 'none' | 'not_found' | 'other_tenant' | 'deleted' | 'no_main_workspace' };

/**
 * The port through which the app resolves the workspace / team of a request. Implement it over
 * your database and pass it as `workspace.resolver`. Answer synchronously when you can (a cache
 * hit); the check then allocates no promise.
 *
 * @example
 * ```ts
 * export class TeamResolver implements WorkspaceResolver<Team> {
 *   constructor(private readonly teams: TeamRepository) {}
 *   async resolve(principal: Principal, workspaceId: string | undefined): Promise<WorkspaceResolution<Team>> {
 *     if (workspaceId === undefined) return { status: 'none' };
 *     const team = await this.teams.findById(workspaceId);
 *     if (!team) return { status: 'not_found' };
 *     if (team.deletedAt) return { status: 'deleted' };
 *     const member = team.members.find((m) => m.accountId === principal.accountId);
 *     if (!member) return { status: 'not_found' };
 *     return { status: 'found', id: team.id, role: member.role, workspace: team };
 *   }
 * }
 * ```
 */
export interface WorkspaceResolver<W = EdgeWorkspace> {
  /**
   * @param principal the authenticated caller.
   * @param workspaceId the well-formed header value; when the header is absent, the workspace of
   *   a key bound to one (`principal.workspaceId`), else `undefined` (answer your main workspace,
   *   `none` or `no_main_workspace`).
   * @param request the HTTP request, for anything else you need.
   */
  resolve(
    principal: Principal,
    workspaceId: string | undefined,
    request: object,
  ): WorkspaceResolution<W> | Promise<WorkspaceResolution<W>>;
}
