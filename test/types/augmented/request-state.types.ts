// Type-level test, compiled by `npm run typecheck` as its own program
// (test/types/augmented/tsconfig.json): the app's `ApiEdgeTypes` declaration is global to a
// program, so it must not leak into the main one. That program compiles lib/ too, which shows the
// checks compile whatever an app declares. Never run.
import { edgeState, type AccountPlan, type EdgePlan, type EdgeWorkspace, type WorkspaceResolver } from '../../../lib/index.js';

interface Team {
  readonly id: string;
  readonly name: string;
}

// What an app writes (with 'nest-api-edge' as the module name): through lib/index.ts, the way the
// package re-exports the interface.
declare module '../../../lib/index.js' {
  interface ApiEdgeTypes {
    workspace: Team;
    plan: AccountPlan & { readonly seats?: number };
  }
}

declare const request: object;
const state = edgeState(request);

// Right: the declared types, in the state and in the parameter types of the decorators.
const team: Team | undefined = state.workspace;
const seats: number | undefined = state.plan?.seats;
const active: boolean | undefined = state.plan?.active;
const parameter: EdgeWorkspace = { id: 't1', name: 'Support' };
const planParameter: EdgePlan | undefined = state.plan;

// @ts-expect-error a Team is not a string
const wrongWorkspace: string | undefined = state.workspace;
// @ts-expect-error the declared plan has no such field
void state.plan?.credits;
// @ts-expect-error a stored workspace must be a Team now
state.workspace = { id: 't2' };

// The resolver port defaults to the declared workspace type.
const resolver: WorkspaceResolver = {
  resolve: () => ({ status: 'found', id: 't1', workspace: { id: 't1', name: 'Support' } }),
};
const wrongResolver: WorkspaceResolver = {
  // @ts-expect-error the resolver must return the declared Team
  resolve: () => ({ status: 'found', id: 't1', workspace: { id: 't1' } }),
};

void [team, seats, active, parameter, planParameter, wrongWorkspace, resolver, wrongResolver];
