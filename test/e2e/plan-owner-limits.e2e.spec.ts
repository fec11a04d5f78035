import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, HttpCode, Post } from '@nestjs/common';
import request from 'supertest';
import {
  mintApiKey,
  OptionsConfigurationError,
  PlanLimit,
  type AccountPlan,
  type ApiKeyRecord,
  type PlanProvider,
  type WorkspaceResolver,
} from '../../lib/index.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';

// The owner (acc_owner, 3 seats) pays for team t_full (3 members) and t_room (1 member); the
// admin (acc_admin) is on a plan with 0 seats and its own personal context.
const plans: Record<string, AccountPlan> = {
  acc_owner: { active: true, limits: { seats: 3 } },
  acc_admin: { active: true, limits: { seats: 0 } },
};
const teams: Record<string, { owner: string; members: number }> = {
  t_full: { owner: 'acc_owner', members: 3 },
  t_room: { owner: 'acc_owner', members: 1 },
};
const asked: string[] = [];
const provider: PlanProvider = {
  plan: ({ principal }) => plans[principal.accountId] ?? { active: false },
  ownerPlan: ({ workspaceId }) => {
    asked.push(workspaceId);
    return plans[teams[workspaceId]?.owner ?? ''] ?? { active: false };
  },
  count: (_resource, { workspaceId }) => (workspaceId === undefined ? 0 : (teams[workspaceId]?.members ?? 0)),
};
const resolver: WorkspaceResolver = {
  resolve: (_principal, id) => (id === undefined ? { status: 'none' } : { status: 'found', id, role: 'admin', workspace: {} }),
};
const records = new Map<string, ApiKeyRecord>();
const { key: adminKey, hash } = mintApiKey({ prefix: 'test_' });
records.set(hash, { id: 'key_admin', accountId: 'acc_admin', scopes: ['*'], hash });

@Controller()
class InviteController {
  @Post('invitations') @HttpCode(201) @PlanLimit('seats') invite() { return { invited: true }; }
}

const start = (plansOptions: Record<string, unknown>): Promise<EdgeApp> =>
  createEdgeApp({
    options: {
      envelope: 'nested',
      apiKeys: { store: { findByHash: (h: string) => records.get(h) ?? null } },
      workspace: { header: 'X-Team', resolver },
      plans: { provider, ...plansOptions },
    },
    controllers: [InviteController],
  });

describe("plans.ownerPlanLimits: a team's seats judged by its owner's plan", () => {
  let owner: EdgeApp;
  let caller: EdgeApp;
  beforeAll(async () => {
    owner = await start({ ownerPlanLimits: ['seats'] });
    caller = await start({});
  });
  afterAll(async () => {
    await owner.close();
    await caller.close();
  });

  it.each([
    // option             team        status  why
    ['owner', 't_room', 201], //            1 member < the owner's 3 seats (the admin's plan has 0)
    ['owner', 't_full', 403], //            3 members = the owner's 3 seats
    ['owner', undefined, 403], //           personal context: the caller's own plan (0 seats)
    ['caller', 't_room', 403], //           without the option: the admin's 0 seats
  ])('judged by the %s plan, team %s → %d', async (which, team, status) => {
    const edge = which === 'owner' ? owner : caller;
    const res = await request(edge.server)
      .post('/invitations')
      .set({ 'x-api-key': adminKey, ...(team === undefined ? {} : { 'X-Team': team }) });
    expect(res.status).toBe(status);
    expect(res.body).toEqual(
      status === 201 ? { invited: true } : { error: { code: 'limit_reached', message: 'The plan limit for this resource is reached.', details: [] } },
    );
  });

  it('asks the provider for the owner plan once per request, only for listed resources in a workspace', async () => {
    asked.length = 0;
    await request(owner.server).post('/invitations').set({ 'x-api-key': adminKey, 'X-Team': 't_room' });
    await request(owner.server).post('/invitations').set({ 'x-api-key': adminKey });
    expect(asked).toEqual(['t_room']);
  });

  it.each([
    [
      'a provider without ownerPlan()',
      { provider: { plan: provider.plan, count: provider.count }, ownerPlanLimits: ['seats'] },
      "Cannot judge seats by the workspace owner's plan because the plan provider has no ownerPlan() method. Fix: implement ownerPlan(context) in your PlanProvider, or remove plans.ownerPlanLimits.",
    ],
    [
      'a list that is not of names',
      { ownerPlanLimits: 'seats' },
      "Cannot use plans.ownerPlanLimits because it is not a list of resource names. Fix: pass e.g. ['seats'] (the names used in @PlanLimit).",
    ],
  ])('fails the start on %s', async (_what, plansOptions, message) => {
    const error = await startupError(() => start(plansOptions));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toBe(message);
  });
});
