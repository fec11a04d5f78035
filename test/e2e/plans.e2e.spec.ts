import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Post } from '@nestjs/common';
import request from 'supertest';
import {
  AllowInactiveSubscription,
  Cost,
  CurrentPlan,
  CurrentWorkspace,
  mintApiKey,
  OptionsConfigurationError,
  RouteConfigurationError,
  PlanLimit,
  Public,
  RequireFeature,
  type AccountPlan,
  type ApiKeyRecord,
  type ApiKeyStore,
  type PlanContext,
  type PlanProvider,
  type WorkspaceResolver,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp, startupError } from '../support/edge-app.js';

const JSON_TYPE = 'application/json; charset=utf-8';

const records = new Map<string, ApiKeyRecord>();
const keyStore: ApiKeyStore = { findByHash: (hash) => records.get(hash) ?? null };
function addKey(record: Omit<ApiKeyRecord, 'hash'>): string {
  const { key, hash } = mintApiKey({ prefix: 'msgf_live_' });
  records.set(hash, { scopes: ['*'], kind: 'personal', ...record, hash });
  return key;
}

const plans: Record<string, AccountPlan & { name: string }> = {
  acc_pro: {
    active: true,
    name: 'pro',
    features: ['campaigns', 'webhooks'],
    limits: { instances: 2, webhooks: 1 },
    balance: 0.25,
  },
  acc_free: { active: true, name: 'free', features: new Set<string>(), limits: { instances: 1 } },
  acc_lapsed: { active: false, name: 'pro' },
  acc_low: { active: true, name: 'payg', balance: 0.1, unitCosts: { sms: 0.04 } },
  acc_payg: { active: true, name: 'payg', balance: 100, unitCost: 0.05, paygConfirmRequired: true },
};
const counts: Record<string, Record<string, number>> = {
  acc_pro: { instances: 1, webhooks: 1 },
  acc_free: { instances: 1 },
};
const asked: string[] = [];

/** A synchronous provider (a cache in front of billing). */
const syncProvider: PlanProvider = {
  plan: ({ principal }) => plans[principal.accountId] ?? { active: false },
  count: (resource, { principal }) => {
    asked.push(`${principal.accountId}:${resource}`);
    return counts[principal.accountId]?.[resource] ?? 0;
  },
};
/** The same data behind promises (a database). */
const asyncProvider: PlanProvider = {
  plan: async (context: PlanContext) => syncProvider.plan(context),
  count: async (resource, context) => (syncProvider.count as NonNullable<PlanProvider['count']>)(resource, context),
};

const pro = addKey({ id: 'key_pro', accountId: 'acc_pro' });
const free = addKey({ id: 'key_free', accountId: 'acc_free' });
const lapsed = addKey({ id: 'key_lapsed', accountId: 'acc_lapsed' });
const low = addKey({ id: 'key_low', accountId: 'acc_low' });
const payg = addKey({ id: 'key_payg', accountId: 'acc_payg' });

const workspaceResolver: WorkspaceResolver = {
  resolve: (principal) => ({ status: 'found', id: `ws_${principal.accountId}`, role: 'owner', workspace: { name: `${principal.accountId} main` } }),
};

const recipients = (req: { body?: { to?: unknown } }): number => (Array.isArray(req.body?.to) ? req.body.to.length : 0);

@Controller()
class PlanController {
  @Get('dashboard') dashboard(@CurrentPlan() plan: AccountPlan, @CurrentWorkspace() workspace: { name: string }, @CurrentWorkspace('id') id: string) {
    return { plan: plan.name, workspace: workspace.name, workspaceId: id };
  }
  @Post('campaigns') @RequireFeature('campaigns') campaign() {
    return { created: 'campaign' };
  }
  @Post('statuses') @RequireFeature('statuses') status() {
    return { created: 'status' };
  }
  @Post('instances') @PlanLimit('instances') instance() {
    return { created: 'instance' };
  }
  @Post('webhooks') @RequireFeature('webhooks') @PlanLimit('webhooks') webhook() {
    return { created: 'webhook' };
  }
  @Post('billing/checkout') @AllowInactiveSubscription() checkout() {
    return { checkout: 'started' };
  }
  @Post('lookups') @Cost(1, { unitCost: 0.5 }) lookup() {
    return { looked: 'up' };
  }
  @Post('sms') @Cost(recipients, { item: 'sms' }) sms(@Body() body: { to: string[] }) {
    return { sent: body.to.length };
  }
  @Post('calls') @Cost(2) call() {
    return { called: true };
  }
  @Get('public/price') @Public() @Cost(1) price() {
    return { price: 1 };
  }
}

describe('plans, seed 000 style (sync provider, workspace; nested envelope)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [PlanController],
      options: {
        envelope: 'nested',
        catalogue: {
          overrides: {
            subscription_inactive: { code: 'SUBSCRIPTION_INACTIVE', message: 'The account has no usable subscription for this action' },
            feature_not_available: { code: 'FEATURE_NOT_AVAILABLE_ON_PLAN', message: 'Feature unavailable on the current plan' },
          },
          entries: {
            // Found by convention: <feature>_not_available and max_<resource>_reached.
            campaigns_not_available: { code: 'CAMPAIGNS_NOT_AVAILABLE_ON_PLAN', status: 403, type: 'billing_error', message: 'Campaigns unavailable on the current plan' },
            max_instances_reached: { code: 'MAX_INSTANCES_REACHED', status: 403, type: 'billing_error', message: 'Instance limit reached' },
          },
        },
        apiKeys: { store: keyStore },
        workspace: { resolver: workspaceResolver },
        plans: { provider: syncProvider, balance: { fields: { required: 'cost' }, decimals: 2 } },
      },
    });
  });
  afterAll(() => edge.close());

  const nested = (res: request.Response, status: number, code: string, message: string, extra: object = {}) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ error: { ...extra, code, message, details: [] } });
  };

  it('success: the plan and the workspace reach the handler', async () => {
    const res = await request(edge.server).get('/dashboard').set('x-api-key', pro);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ plan: 'pro', workspace: 'acc_pro main', workspaceId: 'ws_acc_pro' });
  });

  it('SUBSCRIPTION_INACTIVE, except on routes that allow it', async () => {
    nested(await request(edge.server).get('/dashboard').set('x-api-key', lapsed), 403, 'SUBSCRIPTION_INACTIVE', 'The account has no usable subscription for this action');
    const checkout = await request(edge.server).post('/billing/checkout').set('x-api-key', lapsed);
    expect(checkout.status).toBe(201);
    expect(checkout.body).toEqual({ checkout: 'started' });
  });

  it('a feature with its own entry, and the generic one', async () => {
    const ok = await request(edge.server).post('/campaigns').set('x-api-key', pro);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ created: 'campaign' });
    nested(await request(edge.server).post('/campaigns').set('x-api-key', free), 403, 'CAMPAIGNS_NOT_AVAILABLE_ON_PLAN', 'Campaigns unavailable on the current plan');
    nested(await request(edge.server).post('/statuses').set('x-api-key', pro), 403, 'FEATURE_NOT_AVAILABLE_ON_PLAN', 'Feature unavailable on the current plan');
  });

  it('counted limits: below the maximum passes; at it, the resource’s own code or limit_reached', async () => {
    const ok = await request(edge.server).post('/instances').set('x-api-key', pro);
    expect(ok.status).toBe(201);
    nested(await request(edge.server).post('/instances').set('x-api-key', free), 403, 'MAX_INSTANCES_REACHED', 'Instance limit reached');
    nested(await request(edge.server).post('/webhooks').set('x-api-key', pro), 403, 'limit_reached', 'The plan limit for this resource is reached.');
  });

  it('does not count a resource the plan does not limit', async () => {
    asked.length = 0;
    // acc_free has no feature "webhooks": refused before counting
    nested(await request(edge.server).post('/webhooks').set('x-api-key', free), 403, 'FEATURE_NOT_AVAILABLE_ON_PLAN', 'Feature unavailable on the current plan');
    expect(asked).toEqual([]);
    await request(edge.server).post('/instances').set('x-api-key', pro);
    expect(asked).toEqual(['acc_pro:instances']);
  });

  it('insufficient balance: 402 with the breakdown inside the nested error (renamed field)', async () => {
    nested(await request(edge.server).post('/lookups').set('x-api-key', pro), 402, 'insufficient_balance', 'The balance is too low for this operation.', {
      cost: 0.5,
      balance: 0.25,
      unit_cost: 0.5,
      units: 1,
    });
    // A plan without a balance is not metered.
    const unmetered = await request(edge.server).post('/lookups').set('x-api-key', free);
    expect(unmetered.status).toBe(201);
    expect(unmetered.body).toEqual({ looked: 'up' });
  });

  it('a public route that declares a cost asks for credentials', async () => {
    nested(await request(edge.server).get('/public/price'), 401, 'missing_credentials', 'No credentials were supplied.');
  });
});

describe('balance and PAYG, seed 001/002 style (async provider; status-flag envelope)', () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await createEdgeApp({
      controllers: [PlanController],
      options: {
        envelope: 'status-flag',
        catalogue: {
          overrides: {
            insufficient_balance: { code: 'INSUFFICIENT_BALANCE', message: 'Balance too low' },
            payg_confirm_required: { code: 'payg_confirm_required' },
            subscription_inactive: { code: 'no_api_access', message: 'You do not have API access.' },
          },
        },
        apiKeys: { store: keyStore },
        plans: { provider: asyncProvider, payg: { header: 'X-Confirm-Payg' } },
      },
    });
  });
  afterAll(() => edge.close());

  const flag = (res: request.Response, status: number, code: string, description: string, extra: object = {}) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({ ...extra, status: false, error_code: code, description });
  };

  it('402 INSUFFICIENT_BALANCE with the cost computed per recipient, rounded', async () => {
    flag(
      await request(edge.server).post('/sms').set('x-api-key', low).send({ to: ['+1', '+2', '+3'] }),
      402,
      'INSUFFICIENT_BALANCE',
      'Balance too low',
      { required: 0.12, balance: 0.1, unit_cost: 0.04, units: 3 },
    );
    const ok = await request(edge.server).post('/sms').set('x-api-key', low).send({ to: ['+1', '+2'] });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ sent: 2 });
  });

  it('409 payg_confirm_required without the confirmation header; passes with it', async () => {
    flag(await request(edge.server).post('/calls').set('x-api-key', payg), 409, 'payg_confirm_required', 'This action charges your wallet; confirm it explicitly.');
    flag(
      await request(edge.server).post('/calls').set('x-api-key', payg).set('X-Confirm-Payg', 'false'),
      409,
      'payg_confirm_required',
      'This action charges your wallet; confirm it explicitly.',
    );
    for (const value of ['true', 'TRUE']) {
      const ok = await request(edge.server).post('/calls').set('x-api-key', payg).set('X-Confirm-Payg', value);
      expect(ok.status).toBe(201);
      expect(ok.body).toEqual({ called: true });
    }
    // Routes without a cost charge nothing: no confirmation needed.
    const free = await request(edge.server).post('/campaigns').set('x-api-key', pro);
    expect(free.status).toBe(201);
    const noCost = await request(edge.server).post('/billing/checkout').set('x-api-key', payg);
    expect(noCost.status).toBe(201);
  });

  it('no API access (seed 001) and limits through an async provider', async () => {
    flag(await request(edge.server).get('/dashboard').set('x-api-key', lapsed), 403, 'no_api_access', 'You do not have API access.');
    flag(await request(edge.server).post('/instances').set('x-api-key', free), 403, 'limit_reached', 'The plan limit for this resource is reached.');
    expect((await request(edge.server).post('/instances').set('x-api-key', pro)).status).toBe(201);
  });
});

describe('plan options fail the start with a fix', () => {
  it.each([
    [{}, /^Cannot check plans because plans.provider has no plan\(\) method\. Fix: /],
    [{ provider: syncProvider, featureErrors: { campaigns: 'CAMPAIGNS_NOPE' } }, /^Cannot map "campaigns" to catalogue key "CAMPAIGNS_NOPE" in plans.featureErrors because the catalogue has no such key\. Fix: /],
    [{ provider: syncProvider, limitErrors: { instances: 'nope' } }, /in plans.limitErrors because the catalogue has no such key/],
    [{ provider: syncProvider, balance: { decimals: 1.5 } }, /^Cannot use plans.balance.decimals 1.5 because it is not an integer from 0 to 12\. Fix: /],
    [{ provider: syncProvider, balance: { fields: { required: 'balance' } } }, /^Cannot use plans.balance.fields \{"required":"balance"\} because the names must be distinct/],
    [{ provider: syncProvider, payg: { header: 'X Confirm' } }, /^Cannot use plans.payg.header "X Confirm" because it is not a valid HTTP header name\. Fix: /],
    [{ provider: syncProvider, requireActiveSubscription: 'no' }, /^Cannot use plans.requireActiveSubscription no because it is not a boolean/],
  ])('refuses %j', async (plansOption, message) => {
    const error = await startupError(() => createEdgeApp({ options: { plans: plansOption as never }, controllers: [PlanController] }));
    expect(error).toBeInstanceOf(OptionsConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('a @PlanLimit route with a provider that cannot count fails the start, naming the route and the fix', async () => {
    const error = await startupError(() =>
      createEdgeApp({
        controllers: [PlanController],
        options: { apiKeys: { store: keyStore }, plans: { provider: { plan: () => ({ active: true, limits: { instances: 1 } }) } } },
      }),
    );
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toMatch(
      /^\[PlanController\.\w+\] Cannot check @PlanLimit\('instances'\) because the plan provider has no count\(\) method\. Fix: implement count\(resource, context\) in your PlanProvider\.$/,
    );
  });
});
