/** The workspace the workspace check resolved for a request: its id and the caller's role. */
export interface WorkspaceContext {
  /** The workspace id the resolver returned. */
  readonly id: string;
  /** The caller's role in it, when the resolver gave one. */
  readonly role: string | undefined;
}

// A global symbol, so two copies of the library in one process still share it.
const CONTEXT = Symbol.for('nest-api-edge.workspace-context');

/**
 * The resolved workspace id and role of `request`, or `undefined` when the request has no
 * workspace (personal context, check off, or not yet run). The workspace object itself is
 * `edgeState(request).workspace` (or `@CurrentWorkspace()`).
 *
 * @example
 * ```ts
 * const role = workspaceContext(request)?.role;
 * ```
 */
export function workspaceContext(request: object): WorkspaceContext | undefined {
  return (request as { [CONTEXT]?: WorkspaceContext })[CONTEXT];
}

/** Records the resolved workspace of `request` (the workspace check calls this). */
export function setWorkspaceContext(request: object, context: WorkspaceContext): void {
  (request as { [CONTEXT]?: WorkspaceContext })[CONTEXT] = context;
}
