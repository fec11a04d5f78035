/**
 * The app's own types for what the edge puts on a request, declared once by declaration merging:
 * `edgeState(request).workspace` and `.plan` (and {@link EdgeWorkspace}, {@link EdgePlan}) then have
 * them. Empty by default, so both are `unknown`. The edge stores what your workspace resolver and
 * plan provider return; declaring their types here is your promise about them (nothing is checked
 * at run time).
 *
 * @example
 * ```ts
 * // types/nest-api-edge.d.ts (or any file of the app)
 * import type { AccountPlan } from 'nest-api-edge';
 * declare module 'nest-api-edge' {
 *   interface ApiEdgeTypes {
 *     workspace: Team;                          // what your WorkspaceResolver returns
 *     plan: AccountPlan & { readonly seats: number }; // what your PlanProvider returns
 *   }
 * }
 * ```
 */
// Empty on purpose: an app's `declare module` adds `workspace` and/or `plan`.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApiEdgeTypes {}

/**
 * The workspace type: `ApiEdgeTypes['workspace']` when the app declares it, else `unknown`. Type
 * `@CurrentWorkspace()` parameters with it (`team: EdgeWorkspace | undefined`): a parameter
 * decorator cannot give its parameter a type.
 */
export type EdgeWorkspace = ApiEdgeTypes extends { readonly workspace?: infer W } ? W : unknown;

/**
 * The plan type: `ApiEdgeTypes['plan']` when the app declares it, else `unknown`. Type
 * `@CurrentPlan()` parameters with it (`plan: EdgePlan | undefined`).
 */
export type EdgePlan = ApiEdgeTypes extends { readonly plan?: infer P } ? P : unknown;
