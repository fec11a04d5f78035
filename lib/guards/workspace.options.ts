import type { WorkspaceResolver } from '../ports/workspace-resolver.port.js';

/**
 * Formats the workspace header value must have; anything else is 400 `invalid_workspace_header`.
 *
 * - `'positive-integer'`: `1`, `42` (no sign, no leading zero, at most 2^53 - 1);
 * - `'uuid'`: an RFC 9562 UUID in canonical form, any case;
 * - `'token'`: 1-128 characters of letters, digits and `._:-`;
 * - `{ prefix: 'team_' }`: the prefix then 1-64 letters and digits (`team_a1B2`);
 * - a `RegExp` of your own (without the `g` or `y` flag; anchor it with `^…$`).
 */
export type WorkspaceIdFormat = 'positive-integer' | 'uuid' | 'token' | { readonly prefix: string } | RegExp;

/**
 * Options of the workspace / team check (module option `workspace`). Without this section the
 * check is off.
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   workspace: { header: 'X-Team-Id', format: 'uuid', resolver: new TeamResolver(db), personalKeyWithHeader: 'reject' },
 * });
 * ```
 */
export interface WorkspaceOptions {
  /** Header that names the workspace / team. Default `X-Workspace-Id`. */
  readonly header?: string;
  /** Format of the header value. Default `'token'`. */
  readonly format?: WorkspaceIdFormat;
  /** The app's resolver (required). */
  readonly resolver: WorkspaceResolver;
  /**
   * Whether every authenticated route needs a workspace (the header, a team key's own workspace or
   * the main one). When none resolves: 403 `no_main_workspace`. Default false; per route:
   * `@RequireWorkspace()`.
   */
  readonly required?: boolean;
  /**
   * What a personal key sent with the workspace header gets: `'allow'` (the resolver decides
   * whether the person is a member) or `'reject'` (403 `team_key_required`: only team keys act in
   * a team). Default `'allow'`.
   */
  readonly personalKeyWithHeader?: 'allow' | 'reject';
  /**
   * The role `@RequireRole` sees when the request has no workspace (personal context), e.g.
   * `'owner'` (people own their personal account). Default none: role-restricted routes then
   * answer 403 `workspace_access_denied` outside a workspace.
   */
  readonly personalContextRole?: string;
}
