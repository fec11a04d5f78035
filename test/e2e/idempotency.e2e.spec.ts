import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response as ExpressResponse } from 'express';
import request from 'supertest';
import type { Response } from 'supertest';
import {
  CurrentPrincipal,
  Idempotent,
  Public,
  RouteConfigurationError,
  apiError,
  mintApiKey,
  type ApiEdgeModuleOptions,
  type ApiKeyRecord,
  type Principal,
} from '../../lib/index.js';
import type { ApiEdgeModuleExtras } from '../../lib/index.js';
import { testPlatform } from '../support/adapter.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';

const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const JSON_TYPE = 'application/json; charset=utf-8';

/** A promise the test opens when it chooses, so "in progress" lasts exactly as long as needed. */
class Gate {
  open!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.open = resolve));
}

/** How often each handler ran; reset before every test. */
const runs: Record<string, number> = {};
const run = (name: string): number => (runs[name] = (runs[name] ?? 0) + 1);
let slowGate = new Gate();
let stuckGate = new Gate();

/** The part of Fastify's reply the raw handler uses. */
interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  type(contentType: string): FastifyReplyLike;
  send(body: string): FastifyReplyLike;
}

@Controller()
class OrdersController {
  @Idempotent()
  @Post('orders')
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return { id: `ord_${run('orders')}`, owner: principal.id, body };
  }

  @Idempotent({ required: true })
  @Post('payments')
  pay(@Body() body: unknown) {
    return { id: `pay_${run('payments')}`, body };
  }

  @Idempotent()
  @Post('slow')
  async slow(@Body() body: unknown) {
    const n = run('slow');
    await slowGate.opened;
    return { id: `slow_${n}`, body };
  }

  /** The first call hangs (a crashed or stuck worker); later ones answer at once. */
  @Idempotent()
  @Post('stuck')
  async stuck() {
    const n = run('stuck');
    if (n === 1) await stuckGate.opened;
    return { id: `stuck_${n}` };
  }

  @Idempotent()
  @Post('reject')
  reject() {
    throw apiError('unprocessable', { message: `Refused on attempt ${run('reject')}.` });
  }

  @Idempotent()
  @Post('crash')
  crash() {
    throw new Error(`boom ${run('crash')}`);
  }

  /** Writes its own bytes, status and headers: non-JSON bodies and Location are replayed too. */
  @Idempotent()
  @Post('raw')
  raw(@Res() res: ExpressResponse | FastifyReplyLike) {
    const n = run('raw');
    // Each platform's own response API (Express's or Fastify's reply).
    if ('location' in res) res.status(202).location(`/jobs/${n}`).type('text/plain').send(`job ${n} accepted\n`);
    else res.code(202).header('location', `/jobs/${n}`).type('text/plain').send(`job ${n} accepted\n`);
  }

  @Post('plain')
  plain() {
    return { id: `plain_${run('plain')}` };
  }

  @Idempotent(false)
  @Post('opt-out')
  optOut() {
    return { id: `opt_${run('opt-out')}` };
  }

  @Get('orders')
  list() {
    return { n: run('list') };
  }

  @Public()
  @Idempotent()
  @Post('public/signup')
  @HttpCode(200)
  signup(@Body() body: unknown) {
    return { id: `signup_${run('signup')}`, body };
  }
}

const records = new Map<string, ApiKeyRecord>();
function addKey(record: Omit<ApiKeyRecord, 'hash'>): string {
  const { key, hash } = mintApiKey({ prefix: 'sk_test_' });
  records.set(hash, { ...record, hash });
  return key;
}
const ALICE = addKey({ id: 'key_alice', accountId: 'acc_alice' });
const ALICE_2 = addKey({ id: 'key_alice_2', accountId: 'acc_alice' });
const BOB = addKey({ id: 'key_bob', accountId: 'acc_bob' });

interface Fixture {
  readonly edge: EdgeApp;
  setNow(ms: number): void;
  post(path: string, key: string | string[] | undefined, body?: string, apiKey?: string): request.Test;
}

async function start(options: ApiEdgeModuleOptions, extras: ApiEdgeModuleExtras = {}): Promise<Fixture> {
  let now = START;
  const edge = await createEdgeApp({
    extras,
    options: {
      clock: () => now,
      apiKeys: { store: { findByHash: (hash) => records.get(hash) ?? null }, sources: ['x-api-key'] },
      clientIp: { trustedProxies: ['loopback'] },
      ...options,
    },
    controllers: [OrdersController],
    listen: true,
  });
  return {
    edge,
    setNow: (ms) => (now = ms),
    post(path, key, body = '{"item":"book","qty":1}', apiKey = ALICE) {
      let test = request(edge.server).post(path).set('x-api-key', apiKey).set('content-type', 'application/json');
      // An array sends the header once per value (superagent types only the single-value form).
      if (key !== undefined) test = test.set('Idempotency-Key', key as string);
      return test.send(body);
    },
  };
}

const nested = (code: string, message: string) => ({ error: { code, message, details: [] } });
const IN_PROGRESS = 'A request with the same Idempotency-Key is in progress. Retry shortly.';
const REUSED = 'The Idempotency-Key was already used with a different request.';

/** The response headers a replay must reproduce exactly. */
function replayed(original: Response, replay: Response): void {
  expect(replay.status).toBe(original.status);
  expect(replay.text).toBe(original.text);
  expect(replay.headers['content-type']).toBe(original.headers['content-type']);
  expect(replay.headers['content-length']).toBe(original.headers['content-length']);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(original.headers['idempotent-replayed']).toBeUndefined();
  // Each response keeps its own request id.
  expect(replay.headers['x-request-id']).toEqual(expect.any(String));
  expect(replay.headers['x-request-id']).not.toBe(original.headers['x-request-id']);
}

function resetRuns(): void {
  for (const name of Object.keys(runs)) delete runs[name];
  slowGate = new Gate();
  stuckGate = new Gate();
}

describe('idempotency keys (nested envelope, principal scope)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({ envelope: 'nested', idempotency: {} });
  });
  afterAll(() => f.edge.close());
  afterEach(() => {
    slowGate.open();
    stuckGate.open();
    resetRuns();
  });

  it('runs the handler once for 20 concurrent identical requests: 19 get 409 in progress, then a retry replays', async () => {
    const settled: Response[] = [];
    let nineteen!: () => void;
    const othersAnswered = new Promise<void>((resolve) => (nineteen = resolve));
    const all = Array.from({ length: 20 }, () =>
      f.post('/slow', 'concurrent-1').then((res) => {
        settled.push(res);
        if (settled.length === 19) nineteen();
        return res;
      }),
    );
    // The holder of the lock waits on the gate, so every other request must have been refused.
    await othersAnswered;
    for (const res of settled) {
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect(res.body).toEqual(nested('idempotency_in_progress', IN_PROGRESS));
    }
    slowGate.open();
    const responses = await Promise.all(all);
    const created = responses.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(runs['slow']).toBe(1);
    const original = created[0] as Response;
    expect(original.body).toEqual({ id: 'slow_1', body: { item: 'book', qty: 1 } });
    expect(original.headers['content-type']).toBe(JSON_TYPE);

    const retry = await f.post('/slow', 'concurrent-1');
    replayed(original, retry);
    expect(runs['slow']).toBe(1);
  });

  it('replays the stored response byte for byte, headers included, for a handler that writes its own response', async () => {
    const first = await f.post('/raw', 'raw-1');
    expect(first.status).toBe(202);
    expect(first.text).toBe('job 1 accepted\n');
    // Express adds a charset to `type('text/plain')`; Fastify sends the type as given.
    expect(first.headers['content-type']).toBe(testPlatform() === 'express' ? 'text/plain; charset=utf-8' : 'text/plain');
    expect(first.headers['location']).toBe('/jobs/1');

    const second = await f.post('/raw', 'raw-1');
    replayed(first, second);
    expect(second.headers['location']).toBe('/jobs/1');
    expect(runs['raw']).toBe(1);
  });

  it('refuses the same key with another body, another query, or another method-path fingerprint: idempotency_key_reused', async () => {
    const first = await f.post('/orders', 'reuse-1', '{"item":"book","qty":1}');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: 'ord_1', owner: 'key_alice', body: { item: 'book', qty: 1 } });

    // Same JSON value, different bytes: the raw body is what counts.
    for (const [path, body] of [
      ['/orders', '{"item":"book","qty":2}'],
      ['/orders', '{"qty":1,"item":"book"}'],
      ['/orders?dry_run=1', '{"item":"book","qty":1}'],
    ] as const) {
      const res = await f.post(path, 'reuse-1', body);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(res.body).toEqual(nested('idempotency_key_reused', REUSED));
    }
    expect(runs['orders']).toBe(1);

    // The same key on another endpoint is the same record, reused (as at Stripe): refused, not run.
    const other = await f.post('/payments', 'reuse-1');
    expect(other.status).toBe(409);
    expect(other.body).toEqual(nested('idempotency_key_reused', REUSED));
    expect(runs['payments'] ?? 0).toBe(0);
  });

  it('refuses a different body while the first request is still in progress: idempotency_key_reused, not in progress', async () => {
    const first = f.post('/slow', 'reuse-2', '{"n":1}').then((r) => r);
    // Wait until the first request holds the lock (its handler has started).
    while (runs['slow'] !== 1) await new Promise((resolve) => setImmediate(resolve));
    const other = await f.post('/slow', 'reuse-2', '{"n":2}');
    expect(other.status).toBe(409);
    expect(other.body).toEqual(nested('idempotency_key_reused', REUSED));
    const same = await f.post('/slow', 'reuse-2', '{"n":1}');
    expect(same.status).toBe(409);
    expect(same.headers['retry-after']).toBe('1');
    expect(same.body).toEqual(nested('idempotency_in_progress', IN_PROGRESS));
    slowGate.open();
    expect((await first).status).toBe(201);
    expect(runs['slow']).toBe(1);
  });

  it('keeps principals apart: the same key and body from two API keys give two results, each replayed to its owner', async () => {
    const alice = await f.post('/orders', 'shared-key', undefined, ALICE);
    const bob = await f.post('/orders', 'shared-key', undefined, BOB);
    expect(alice.status).toBe(201);
    expect(bob.status).toBe(201);
    expect(alice.body).toEqual({ id: 'ord_1', owner: 'key_alice', body: { item: 'book', qty: 1 } });
    expect(bob.body).toEqual({ id: 'ord_2', owner: 'key_bob', body: { item: 'book', qty: 1 } });
    // Another key of Alice's own account is another principal too (scope: 'principal').
    const alice2 = await f.post('/orders', 'shared-key', undefined, ALICE_2);
    expect(alice2.body).toEqual({ id: 'ord_3', owner: 'key_alice_2', body: { item: 'book', qty: 1 } });

    replayed(alice, await f.post('/orders', 'shared-key', undefined, ALICE));
    replayed(bob, await f.post('/orders', 'shared-key', undefined, BOB));
    expect(runs['orders']).toBe(3);
  });

  it('stores a 4xx the handler threw and replays it (with the original body), but never stores a 5xx', async () => {
    const first = await f.post('/reject', 'reject-1');
    expect(first.status).toBe(422);
    expect(first.headers['content-type']).toBe(JSON_TYPE);
    expect(first.body).toEqual(nested('unprocessable', 'Refused on attempt 1.'));
    replayed(first, await f.post('/reject', 'reject-1'));
    expect(runs['reject']).toBe(1);

    const crash = await f.post('/crash', 'crash-1');
    expect(crash.status).toBe(500);
    expect(crash.body).toEqual(nested('internal_error', 'An unexpected error occurred.'));
    const again = await f.post('/crash', 'crash-1');
    expect(again.status).toBe(500);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(nested('internal_error', 'An unexpected error occurred.'));
    // The lock was released: the retry ran the handler again.
    expect(runs['crash']).toBe(2);
  });

  it('passes requests without the key through, and refuses them on a route that requires one', async () => {
    const a = await f.post('/orders', undefined);
    const b = await f.post('/orders', undefined);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.id, b.body.id]).toEqual(['ord_1', 'ord_2']);
    expect(b.headers['idempotent-replayed']).toBeUndefined();

    const missing = await f.post('/payments', undefined);
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toBe(JSON_TYPE);
    expect(missing.body).toEqual(nested('idempotency_key_required', 'This endpoint requires an Idempotency-Key header.'));
    expect(runs['payments']).toBeUndefined();
  });

  it('refuses malformed keys with invalid_idempotency_key before anything runs or is stored', async () => {
    const LENGTH = 'The Idempotency-Key header must be 1 to 255 characters long.';
    const CHARSET = 'The Idempotency-Key header may contain printable ASCII characters only.';
    const cases: Array<[string | string[], string]> = [
      ['', LENGTH],
      ['k'.repeat(256), LENGTH],
      ['tab\tinside', CHARSET],
      ['clé-unicode', CHARSET],
      [['first-value', 'second-value'], 'The Idempotency-Key header was sent several times with different values. Send it once.'],
    ];
    for (const [key, message] of cases) {
      const res = await f.post('/payments', key);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect(res.body).toEqual(nested('invalid_idempotency_key', message));
    }
    expect(runs['payments']).toBeUndefined();

    // The bounds themselves are fine; a comma inside one value, or one value sent twice, too.
    const longest = await f.post('/payments', 'k'.repeat(255));
    expect(longest.status).toBe(201);
    const comma = await f.post('/payments', 'order 7, attempt 1');
    expect(comma.status).toBe(201);
    const twice = await f.post('/payments', ['same-value', 'same-value']);
    expect(twice.status).toBe(201);
    replayed(twice, await f.post('/payments', 'same-value'));
    expect(runs['payments']).toBe(3);
  });

  it('leaves routes without @Idempotent() alone, and GETs too', async () => {
    const a = await f.post('/plain', 'plain-1');
    const b = await f.post('/plain', 'plain-1');
    expect([a.body, b.body]).toEqual([{ id: 'plain_1' }, { id: 'plain_2' }]);
    const get = await request(f.edge.server).get('/orders').set('x-api-key', ALICE).set('Idempotency-Key', 'get-1');
    expect(get.status).toBe(200);
    expect(get.body).toEqual({ n: 1 });
  });

  it('creates no record for a request refused before the handler', async () => {
    const refused = await f.post('/orders', 'before-handler', undefined, 'sk_test_not_a_real_key_000000000000');
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toBe(JSON_TYPE);
    expect(refused.body).toEqual(nested('invalid_api_key', 'The API key is invalid.'));
    const ok = await f.post('/orders', 'before-handler', '{"other":"body"}');
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ id: 'ord_1', owner: 'key_alice', body: { other: 'body' } });
  });
});

describe('idempotency expiry with a controllable clock (object envelope, seed 003)', () => {
  let f: Fixture;
  const object = (res: Response, code: string, message: string) => ({
    object: 'error',
    code,
    message,
    request_id: res.headers['x-request-id'],
    docs_url: `https://docs.example.com/errors#${code}`,
  });

  beforeAll(async () => {
    f = await start({
      envelope: 'object',
      docsBaseUrl: 'https://docs.example.com/errors',
      idempotency: { retentionMs: 24 * HOUR, lockTtlMs: 60_000 },
    });
  });
  afterAll(() => f.edge.close());
  afterEach(() => {
    slowGate.open();
    stuckGate.open();
    resetRuns();
    f.setNow(START);
  });

  it('replays until the retention ends, then runs the handler again', async () => {
    const first = await f.post('/orders', 'expiry-1');
    expect(first.status).toBe(201);
    f.setNow(START + 24 * HOUR - 1);
    replayed(first, await f.post('/orders', 'expiry-1'));
    expect(runs['orders']).toBe(1);

    f.setNow(START + 24 * HOUR);
    const fresh = await f.post('/orders', 'expiry-1');
    expect(fresh.status).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(fresh.body).toEqual({ id: 'ord_2', owner: 'key_alice', body: { item: 'book', qty: 1 } });
  });

  it('replays a stored 4xx with the request_id of the request that produced it', async () => {
    const first = await f.post('/reject', 'reject-obj');
    expect(first.status).toBe(422);
    expect(first.body).toEqual(object(first, 'unprocessable', 'Refused on attempt 1.'));
    const second = await f.post('/reject', 'reject-obj');
    replayed(first, second);
    expect(second.body.request_id).toBe(first.headers['x-request-id']);
    expect(runs['reject']).toBe(1);
  });

  it("frees a stuck request's key once its lock expires", async () => {
    const stuck = f.post('/stuck', 'crashed-1').then((r) => r);
    while (runs['stuck'] !== 1) await new Promise((resolve) => setImmediate(resolve));

    f.setNow(START + 59_999);
    const busy = await f.post('/stuck', 'crashed-1');
    expect(busy.status).toBe(409);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.headers['content-type']).toBe(JSON_TYPE);
    expect(busy.body).toEqual(object(busy, 'idempotency_in_progress', IN_PROGRESS));

    f.setNow(START + 60_000);
    const retried = await f.post('/stuck', 'crashed-1');
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual({ id: 'stuck_2' });
    replayed(retried, await f.post('/stuck', 'crashed-1'));
    expect(runs['stuck']).toBe(2);

    stuckGate.open();
    expect((await stuck).status).toBe(201);
  });

  it('answers key reuse in the object envelope', async () => {
    await f.post('/orders', 'obj-reuse', '{"a":1}');
    const res = await f.post('/orders', 'obj-reuse', '{"a":2}');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual(object(res, 'idempotency_key_reused', REUSED));
  });
});

describe('idempotency options: allPosts, account scope, unauthenticated routes, renamed codes (typed envelope)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({
      envelope: 'typed',
      catalogue: { overrides: { invalid_idempotency_key: { code: 'INVALID_IDEMPOTENCY_KEY', status: 422 } } },
      idempotency: { allPosts: true, scope: 'account', maxKeyLength: 36, keyPattern: /^[A-Za-z0-9-]+$/ },
    }, { globalInterceptors: true });
  });
  afterAll(() => f.edge.close());
  afterEach(() => resetRuns());

  it('applies to every POST with allPosts, except routes marked @Idempotent(false)', async () => {
    const a = await f.post('/plain', 'all-posts-1');
    expect(a.body).toEqual({ id: 'plain_1' });
    replayed(a, await f.post('/plain', 'all-posts-1'));
    expect(runs['plain']).toBe(1);

    const x = await f.post('/opt-out', 'all-posts-1');
    const y = await f.post('/opt-out', 'all-posts-1');
    expect([x.body, y.body]).toEqual([{ id: 'opt_1' }, { id: 'opt_2' }]);
    expect(y.headers['idempotent-replayed']).toBeUndefined();
  });

  it("shares records between the keys of one account with scope 'account', not with another account", async () => {
    const first = await f.post('/orders', 'acct-1', undefined, ALICE);
    expect(first.body).toEqual({ id: 'ord_1', owner: 'key_alice', body: { item: 'book', qty: 1 } });
    replayed(first, await f.post('/orders', 'acct-1', undefined, ALICE_2));
    const bob = await f.post('/orders', 'acct-1', undefined, BOB);
    expect(bob.body).toEqual({ id: 'ord_2', owner: 'key_bob', body: { item: 'book', qty: 1 } });
  });

  it('scopes unauthenticated routes by client IP', async () => {
    const post = (ip: string, body: string) =>
      request(f.edge.server)
        .post('/public/signup')
        .set('X-Forwarded-For', ip)
        .set('Idempotency-Key', 'signup-1')
        .set('content-type', 'application/json')
        .send(body);
    const first = await post('198.51.100.1', '{"email":"a@example.com"}');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: 'signup_1', body: { email: 'a@example.com' } });
    replayed(first, await post('198.51.100.1', '{"email":"a@example.com"}'));
    // Another client with the same key and body has its own record.
    const other = await post('198.51.100.2', '{"email":"a@example.com"}');
    expect(other.body).toEqual({ id: 'signup_2', body: { email: 'a@example.com' } });
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses keys outside the configured format under the renamed code', async () => {
    for (const [key, message] of [
      ['k'.repeat(37), 'The Idempotency-Key header must be 1 to 36 characters long.'],
      ['has spaces', 'The Idempotency-Key header is malformed.'],
    ]) {
      const res = await f.post('/plain', key);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.body).toEqual({
        type: 'invalid_request_error',
        code: 'INVALID_IDEMPOTENCY_KEY',
        message,
        param: null,
        request_id: res.headers['x-request-id'],
      });
    }
    expect(runs['plain']).toBeUndefined();
  });
});

describe("idempotency storage policy 'success-only' and pass-through for unauthenticated routes", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({ envelope: 'nested', idempotency: { storagePolicy: 'success-only', unauthenticated: 'pass-through' } });
  });
  afterAll(() => f.edge.close());
  afterEach(() => resetRuns());

  it('does not store a 4xx: the retry runs the handler again', async () => {
    const a = await f.post('/reject', 'policy-1');
    const b = await f.post('/reject', 'policy-1');
    expect(a.body).toEqual(nested('unprocessable', 'Refused on attempt 1.'));
    expect(b.body).toEqual(nested('unprocessable', 'Refused on attempt 2.'));
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });

  it('ignores the key on routes without a principal', async () => {
    const post = () =>
      request(f.edge.server).post('/public/signup').set('Idempotency-Key', 'x').set('content-type', 'application/json').send('{}');
    const [a, b] = [await post(), await post()];
    expect([a.body, b.body]).toEqual([
      { id: 'signup_1', body: {} },
      { id: 'signup_2', body: {} },
    ]);
  });
});

describe('idempotency without an idempotency section', () => {
  // A silent no-op would let a client's retried POST run twice (the Stripe SDK retries with keys).
  it('fails the start when a route is @Idempotent(), naming the route and the fix', async () => {
    const error = await startupError(() => start({ envelope: 'nested' }).then((f) => f.edge));
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toBe(
      '[OrdersController.create] Cannot make this route idempotent because the module has no idempotency section, so retries would run the handler again. Fix: pass idempotency: {} (or your settings) to ApiEdgeModule.forRoot, or remove @Idempotent().',
    );
  });
});
