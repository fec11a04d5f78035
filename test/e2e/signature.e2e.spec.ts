import 'reflect-metadata';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import request from 'supertest';
import { signRequest, type SignRequestInput } from '../../lib/client/index.js';
import {
  CurrentPrincipal,
  Public,
  RequireSignature,
  SkipSignature,
  mintApiKey,
  type ApiEdgeModuleOptions,
  type ApiKeyRecord,
  type ApiKeyStore,
  type Principal,
} from '../../lib/index.js';
import { createEdgeApp, startupError, type EdgeApp } from '../support/edge-app.js';
import { RouteConfigurationError } from '../../lib/index.js';

const START = Date.UTC(2026, 0, 1); // ms
const JSON_TYPE = 'application/json; charset=utf-8';

/** A key store over minted keys; returns the plaintext keys for the tests. */
function keyStore(records: Array<Omit<ApiKeyRecord, 'hash'>>): { store: ApiKeyStore; keys: Record<string, string> } {
  const byHash = new Map<string, ApiKeyRecord>();
  const keys: Record<string, string> = {};
  for (const record of records) {
    const { key, hash } = mintApiKey({ prefix: 'sk_test_' });
    byHash.set(hash, { ...record, hash });
    keys[record.id] = key;
  }
  return { store: { findByHash: (hash) => byHash.get(hash) ?? null }, keys };
}

const SECRETS = {
  old: 'whsec_old_0123456789abcdef',
  new: 'whsec_new_fedcba9876543210',
  strict: 'whsec_strict_55555555',
  wrong: 'whsec_wrong_99999999',
};

@Controller()
class SignedController {
  @RequireSignature()
  @Post('signed')
  @HttpCode(200)
  signed(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id, body };
  }

  @RequireSignature()
  @Get('signed/search')
  search(@CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id };
  }

  @Post('open')
  @HttpCode(200)
  open(@CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id };
  }

  @SkipSignature()
  @Post('exempt')
  @HttpCode(200)
  exempt() {
    return { ok: true };
  }
}

@Controller()
class PublicSignedController {
  @Public()
  @RequireSignature()
  @Post('public-signed')
  publicSigned() {
    return { ok: true };
  }
}

@RequireSignature()
@Controller('all-signed')
class AllSignedController {
  @Get('a') a() {
    return { ok: true };
  }

  @SkipSignature()
  @Get('b') b() {
    return { ok: true };
  }
}

interface Fixture {
  edge: EdgeApp;
  keys: Record<string, string>;
  setNow(ms: number): void;
  now(): number;
}

async function start(options: ApiEdgeModuleOptions): Promise<Fixture> {
  let now = START;
  const { store, keys } = keyStore([
    { id: 'key_rot', accountId: 'acc_1', signingSecrets: [SECRETS.old, SECRETS.new] },
    { id: 'key_strict', accountId: 'acc_2', signingSecrets: [SECRETS.strict], requireSignature: true },
    { id: 'key_plain', accountId: 'acc_3' },
  ]);
  const edge = await createEdgeApp({
    options: { ...options, clock: () => now, apiKeys: { store, sources: ['x-api-key'] } },
    controllers: [SignedController, AllSignedController],
  });
  return { edge, keys, setNow: (ms) => (now = ms), now: () => now };
}

type SignArgs = Partial<Omit<SignRequestInput, 'body'>> & { key: string; path: string; body?: string };

/** Sends a request signed with the exported client function; `send` may differ from what was signed. */
function send(f: Fixture, args: SignArgs & { sendBody?: string; sendPath?: string; extraHeaders?: Record<string, string> }) {
  const method = args.method ?? 'POST';
  const body = args.body ?? (method === 'GET' ? undefined : '{"text":"hello"}');
  const headers = signRequest({
    secret: args.secret ?? SECRETS.old,
    method,
    path: args.path,
    body,
    timestamp: args.timestamp ?? Math.floor(f.now() / 1000),
    ...(args.nonce ? { nonce: args.nonce } : {}),
    ...(args.format ? { format: args.format } : {}),
    ...(args.algorithm ? { algorithm: args.algorithm } : {}),
    ...(args.headerNames ? { headerNames: args.headerNames } : {}),
  });
  return raw(f, method, args.sendPath ?? args.path, args.key, { ...headers, ...args.extraHeaders }, args.sendBody ?? body);
}

function raw(f: Fixture, method: string, path: string, key: string, headers: Record<string, string>, body?: string) {
  const agent = request(f.edge.server);
  let test = method === 'GET' ? agent.get(path) : agent.post(path);
  test = test.set('x-api-key', key);
  for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
  if (body !== undefined) test = test.set('content-type', 'application/json').send(body);
  return test;
}

const nested = (code: string, message: string) => ({ error: { code, message, details: [] } });
const MESSAGES = {
  missing: 'The request signature is missing.',
  required: 'This API key requires signed requests, but the signature headers are missing.',
  malformed: 'The request signature header is malformed.',
  invalid: 'The request signature is invalid.',
  expired: 'The request signature timestamp is outside the allowed window.',
  replayed: 'This signed request was already received.',
};

/** Asserts an error response in the nested envelope, with its request id header. */
function expectNested(res: request.Response, status: number, code: keyof typeof MESSAGES, wire: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe(JSON_TYPE);
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['retry-after']).toBeUndefined();
  expect(res.body).toEqual(nested(wire, MESSAGES[code]));
}

describe('HMAC request signatures (nested envelope, default catalogue)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({ envelope: 'nested' });
  });
  afterAll(() => f.edge.close());

  it('accepts a valid signature and hands the principal to the handler', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/signed' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({ keyId: 'key_rot', body: { text: 'hello' } });
  });

  it('accepts the single-header form t=…,v1=…', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/signed', format: 'combined', body: '{"n":1}' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ keyId: 'key_rot', body: { n: 1 } });
  });

  it('accepts a signed GET with a query, and timestamps exactly at the edge of the window', async () => {
    const now = Math.floor(f.now() / 1000);
    const past = await send(f, { key: f.keys.key_rot as string, method: 'GET', path: '/signed/search?q=a&page=2', timestamp: now - 300 });
    expect(past.status).toBe(200);
    expect(past.body).toEqual({ keyId: 'key_rot' });
    const future = await send(f, { key: f.keys.key_rot as string, method: 'GET', path: '/signed/search?q=a&page=3', timestamp: now + 300 });
    expect(future.status).toBe(200);
  });

  it('refuses a timestamp too far in the past: signature_expired', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/signed', timestamp: Math.floor(f.now() / 1000) - 301 });
    expectNested(res, 401, 'expired', 'signature_expired');
  });

  it('refuses a timestamp too far in the future: signature_expired', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/signed', timestamp: Math.floor(f.now() / 1000) + 301 });
    expectNested(res, 401, 'expired', 'signature_expired');
  });

  it('refuses a route that requires a signature when none is sent: signature_missing', async () => {
    const res = await raw(f, 'POST', '/signed', f.keys.key_rot as string, {}, '{}');
    expectNested(res, 401, 'missing', 'signature_missing');
    // The split form without its timestamp header is missing too.
    const noStamp = await send(f, { key: f.keys.key_rot as string, path: '/signed', extraHeaders: { 'X-Signature-Timestamp': '' } });
    expectNested(noStamp, 401, 'missing', 'signature_missing');
  });

  it('refuses an unsigned request with a key that must sign, on any route: signature_required', async () => {
    const res = await raw(f, 'POST', '/open', f.keys.key_strict as string, {}, '{}');
    expectNested(res, 401, 'required', 'signature_required');
    const signed = await send(f, { key: f.keys.key_strict as string, path: '/open', secret: SECRETS.strict });
    expect(signed.status).toBe(200);
    expect(signed.body).toEqual({ keyId: 'key_strict' });
  });

  it('lets unsigned requests through where nothing requires a signature', async () => {
    const res = await raw(f, 'POST', '/open', f.keys.key_rot as string, {}, '{}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ keyId: 'key_rot' });
  });

  it.each([
    ['a MAC that is not hex', { 'X-Signature': 'zz'.repeat(32), 'X-Signature-Timestamp': '1767225600' }],
    ['a MAC of the wrong length', { 'X-Signature': 'ab'.repeat(20), 'X-Signature-Timestamp': '1767225600' }],
    ['a timestamp that is not unix seconds', { 'X-Signature': 'ab'.repeat(32), 'X-Signature-Timestamp': '2026-01-01T00:00:00Z' }],
    ['a single header without t=', { 'X-Signature': `v1=${'ab'.repeat(32)}` }],
    ['a single header without v1=', { 'X-Signature': 't=1767225600,v0=abc' }],
    ['a nonce with spaces', { 'X-Signature': 'ab'.repeat(32), 'X-Signature-Timestamp': '1767225600', 'X-Signature-Nonce': 'a b c d e f' }],
  ])('refuses %s: signature_malformed', async (_name, headers) => {
    const res = await raw(f, 'POST', '/signed', f.keys.key_rot as string, headers, '{}');
    expectNested(res, 401, 'malformed', 'signature_malformed');
  });

  it('refuses a MAC made with another secret: signature_invalid', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/signed', secret: SECRETS.wrong });
    expectNested(res, 401, 'invalid', 'signature_invalid');
  });

  it("refuses another key's valid secret: signature_invalid", async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/signed', secret: SECRETS.strict });
    expectNested(res, 401, 'invalid', 'signature_invalid');
  });

  it('refuses a body changed by one byte: signature_invalid', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/signed', body: '{"text":"hello"}', sendBody: '{"text":"hellp"}' });
    expectNested(res, 401, 'invalid', 'signature_invalid');
  });

  it('refuses a changed query: signature_invalid', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, method: 'GET', path: '/signed/search?q=a', sendPath: '/signed/search?q=b' });
    expectNested(res, 401, 'invalid', 'signature_invalid');
    const added = await send(f, { key: f.keys.key_rot as string, method: 'GET', path: '/signed/search', sendPath: '/signed/search?admin=1' });
    expectNested(added, 401, 'invalid', 'signature_invalid');
  });

  it('refuses a changed method or timestamp: signature_invalid', async () => {
    const stamp = Math.floor(f.now() / 1000);
    const headers = signRequest({ secret: SECRETS.old, method: 'POST', path: '/signed', body: '{}', timestamp: stamp });
    const moved = await raw(f, 'POST', '/signed', f.keys.key_rot as string, { ...headers, 'X-Signature-Timestamp': String(stamp + 1) }, '{}');
    expectNested(moved, 401, 'invalid', 'signature_invalid');
  });

  it('refuses the same signed request twice: signature_replayed', async () => {
    const stamp = Math.floor(f.now() / 1000) - 10;
    const args = { key: f.keys.key_rot as string, path: '/signed', body: '{"replay":1}', timestamp: stamp };
    const first = await send(f, args);
    expect(first.status).toBe(200);
    const second = await send(f, args);
    expectNested(second, 401, 'replayed', 'signature_replayed');
  });

  it('refuses a reused nonce even on a different request, and accepts a fresh one', async () => {
    const key = f.keys.key_rot as string;
    expect((await send(f, { key, path: '/signed', body: '{"a":1}', nonce: 'nonce-aaaa-0001' })).status).toBe(200);
    const reused = await send(f, { key, path: '/signed', body: '{"a":2}', nonce: 'nonce-aaaa-0001' });
    expectNested(reused, 401, 'replayed', 'signature_replayed');
    expect((await send(f, { key, path: '/signed', body: '{"a":2}', nonce: 'nonce-aaaa-0002' })).status).toBe(200);
  });

  it('remembers a nonce only after the MAC verified, so forgeries cannot burn it', async () => {
    const key = f.keys.key_rot as string;
    const forged = await send(f, { key, path: '/signed', secret: SECRETS.wrong, nonce: 'nonce-bbbb-0001' });
    expectNested(forged, 401, 'invalid', 'signature_invalid');
    expect((await send(f, { key, path: '/signed', nonce: 'nonce-bbbb-0001' })).status).toBe(200);
  });

  it('refuses a replay after the window as expired, not replayed', async () => {
    const key = f.keys.key_rot as string;
    const stamp = Math.floor(f.now() / 1000);
    const args = { key, path: '/signed', body: '{"late":1}', timestamp: stamp, nonce: 'nonce-cccc-0001' };
    expect((await send(f, args)).status).toBe(200);
    f.setNow(f.now() + 301_000);
    try {
      expectNested(await send(f, args), 401, 'expired', 'signature_expired');
    } finally {
      f.setNow(START);
    }
  });

  it('accepts the old and the new secret during rotation, and both MACs in one header', async () => {
    const key = f.keys.key_rot as string;
    expect((await send(f, { key, path: '/signed', secret: SECRETS.old, body: '{"r":1}' })).status).toBe(200);
    expect((await send(f, { key, path: '/signed', secret: SECRETS.new, body: '{"r":2}' })).status).toBe(200);
    const both = await send(f, { key, path: '/signed', secret: [SECRETS.new, SECRETS.wrong], body: '{"r":3}', format: 'combined' });
    expect(both.status).toBe(200);
    expect(both.body).toEqual({ keyId: 'key_rot', body: { r: 3 } });
  });

  it('treats a rotation request resent with only one of its MACs as a replay', async () => {
    const key = f.keys.key_rot as string;
    const stamp = Math.floor(f.now() / 1000);
    const body = '{"r":4}';
    const headers = signRequest({ secret: [SECRETS.old, SECRETS.new], method: 'POST', path: '/signed', body, timestamp: stamp, format: 'combined' });
    expect((await raw(f, 'POST', '/signed', key, headers, body)).status).toBe(200);
    const onlyNew = signRequest({ secret: SECRETS.new, method: 'POST', path: '/signed', body, timestamp: stamp, format: 'combined' });
    expectNested(await raw(f, 'POST', '/signed', key, onlyNew, body), 401, 'replayed', 'signature_replayed');
  });

  it('exempts @SkipSignature() routes, even for a key that must sign', async () => {
    const res = await raw(f, 'POST', '/exempt', f.keys.key_strict as string, {}, '{}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('applies a controller @RequireSignature() to its routes, and a method @SkipSignature() overrides it', async () => {
    const key = f.keys.key_rot as string;
    expectNested(await raw(f, 'GET', '/all-signed/a', key, {}), 401, 'missing', 'signature_missing');
    expect((await send(f, { key, method: 'GET', path: '/all-signed/a' })).status).toBe(200);
    expect((await raw(f, 'GET', '/all-signed/b', key, {})).status).toBe(200);
  });

  it('refuses a signed body no parser read (no raw bytes) with 415, and tells the operator once', async () => {
    const body = 'plain text body';
    const post = () => {
      const headers = signRequest({ secret: SECRETS.old, method: 'POST', path: '/signed', body, timestamp: Math.floor(f.now() / 1000) });
      return request(f.edge.server)
        .post('/signed')
        .set('x-api-key', f.keys.key_rot as string)
        .set(headers)
        .set('content-type', 'text/plain')
        .send(body);
    };
    for (const res of [await post(), await post()]) {
      expect(res.status).toBe(415);
      expect(res.body).toEqual(
        nested('unsupported_media_type', 'The request body of a signed request must have a content type this API reads (e.g. application/json).'),
      );
    }
    const line =
      'Cannot verify the signature of POST /signed because request.rawBody is missing (answered 415 unsupported_media_type). Fix: create the app with NestFactory.create(AppModule, { rawBody: true })';
    expect(f.edge.logs.text().split(line).length - 1).toBe(1);
  });

  it('fails the start on a @Public() route that requires a signature, naming the route and the fix', async () => {
    const error = await startupError(() =>
      createEdgeApp({ options: { envelope: 'nested', apiKeys: { store: { findByHash: () => null } }, signature: {} }, controllers: [PublicSignedController] }),
    );
    expect(error).toBeInstanceOf(RouteConfigurationError);
    expect((error as Error).message).toBe(
      '[PublicSignedController.publicSigned] Cannot require a signature on this route because it is @Public(): a signature is checked against the secret of the authenticated key, and a public route has none. Fix: remove @Public() (and configure apiKeys), or remove @RequireSignature().',
    );
  });

  it('never puts a secret or key in a response or a log line', async () => {
    const key = f.keys.key_rot as string;
    const responses = [
      await send(f, { key, path: '/signed?token=abc', secret: SECRETS.wrong }),
      await send(f, { key, path: '/signed' }),
      await send(f, { key, path: '/signed', secret: SECRETS.new, timestamp: 1 }),
    ];
    const seen = responses.map((r) => JSON.stringify(r.headers) + r.text).join('\n') + f.edge.logs.text();
    for (const secret of [...Object.values(SECRETS), ...Object.values(f.keys)]) expect(seen).not.toContain(secret);
    expect(f.edge.logs.text()).not.toContain('token=abc');
  });
});

describe('signatures required globally (typed envelope, sha512, custom headers)', () => {
  let f: Fixture;
  const headerNames = { signature: 'Api-Signature', timestamp: 'Api-Timestamp', nonce: 'Api-Nonce' };
  beforeAll(async () => {
    f = await start({
      envelope: 'typed',
      signature: { required: true, algorithm: 'sha512', headers: headerNames, toleranceSeconds: 60, requireNonce: true },
    });
  });
  afterAll(() => f.edge.close());

  it('refuses an unsigned API-key request on a route that says nothing', async () => {
    const res = await raw(f, 'POST', '/open', f.keys.key_plain as string, {}, '{}');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({
      type: 'authentication_error',
      code: 'signature_missing',
      message: MESSAGES.missing,
      param: null,
      request_id: res.headers['x-request-id'],
    });
  });

  it('requires the nonce', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/open', algorithm: 'sha512', headerNames });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ type: 'authentication_error', code: 'signature_missing', message: MESSAGES.missing, param: null, request_id: res.headers['x-request-id'] });
  });

  it('accepts a sha512 signature in the configured headers', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/open', algorithm: 'sha512', headerNames, nonce: 'n-0000-0000-1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ keyId: 'key_rot' });
  });

  it('refuses a sha256 MAC where sha512 is configured: signature_malformed', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/open', headerNames, nonce: 'n-0000-0000-2' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ type: 'authentication_error', code: 'signature_malformed', message: MESSAGES.malformed, param: null, request_id: res.headers['x-request-id'] });
  });

  it('uses the configured tolerance', async () => {
    const res = await send(f, { key: f.keys.key_rot as string, path: '/open', algorithm: 'sha512', headerNames, nonce: 'n-0000-0000-3', timestamp: Math.floor(f.now() / 1000) - 61 });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ type: 'authentication_error', code: 'signature_expired', message: MESSAGES.expired, param: null, request_id: res.headers['x-request-id'] });
  });

  it('still lets @SkipSignature() routes through', async () => {
    const res = await raw(f, 'POST', '/exempt', f.keys.key_plain as string, {}, '{}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });
});

describe('renamed signature codes (status-flag envelope, seed 002 style)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({
      envelope: 'status-flag',
      catalogue: {
        overrides: {
          signature_required: { code: 'SIGNATURE_REQUIRED' },
          signature_invalid: { code: 'INVALID_SIGNATURE', message: 'HMAC signature failed verification.' },
          signature_missing: { as: 'signature_required' },
          signature_malformed: { as: 'signature_invalid' },
          signature_expired: { as: 'signature_invalid' },
          signature_replayed: { as: 'signature_invalid' },
        },
      },
    });
  });
  afterAll(() => f.edge.close());

  it('reports a missing signature with the app code', async () => {
    const res = await raw(f, 'POST', '/open', f.keys.key_strict as string, {}, '{}');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.body).toEqual({ status: false, error_code: 'SIGNATURE_REQUIRED', description: MESSAGES.required });
  });

  it('folds invalid, expired and replayed into INVALID_SIGNATURE', async () => {
    const key = f.keys.key_strict as string;
    const expected = { status: false, error_code: 'INVALID_SIGNATURE', description: 'HMAC signature failed verification.' };
    const wrong = await send(f, { key, path: '/open', secret: SECRETS.wrong });
    expect([wrong.status, wrong.body]).toEqual([401, expected]);
    const old = await send(f, { key, path: '/open', secret: SECRETS.strict, timestamp: 1 });
    expect([old.status, old.body]).toEqual([401, expected]);
    const args = { key, path: '/open', secret: SECRETS.strict, body: '{"once":true}' };
    expect((await send(f, args)).status).toBe(200);
    const again = await send(f, args);
    expect([again.status, again.body]).toEqual([401, expected]);
  });
});
