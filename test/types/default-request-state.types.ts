// Type-level test, compiled by `npm run typecheck` (tsconfig.json), never run: without a
// declaration in `ApiEdgeTypes`, the workspace and the plan of the request state are `unknown`.
import { edgeState, type EdgePlan, type EdgeWorkspace } from '../../lib/index.js';

declare const request: object;
const state = edgeState(request);

// Right: unknown takes anything, and a check narrows it.
const workspace: unknown = state.workspace;
const plan: EdgePlan | undefined = state.plan;
const sameWorkspace: EdgeWorkspace | undefined = workspace;
if (typeof sameWorkspace === 'string') sameWorkspace.toUpperCase();

// @ts-expect-error the workspace is unknown until the app declares its type
const name: string | undefined = state.workspace;
// @ts-expect-error the plan is unknown until the app declares its type
void plan?.active;

// Anything may be stored (the edge stores what the resolver and provider return).
state.workspace = { id: 'w1' };
state.plan = 42;
void name;
