import 'reflect-metadata';
import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { Controller, Get, UseGuards } from '@nestjs/common';
import request from 'supertest';
import { signRequest } from '../../lib/client/index.js';
import {
  CurrentPrincipal,
  IpAllowlistGuard,
  OptionsConfigurationError,
  Public,
  mintApiKey,
  type ApiEdgeModuleOptions,
  type ApiKeyRecord,
  type Principal,
} from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const NOT_ALLOWED = 'The client IP address is not allowed.';

@Controller()
class ApiController {
  @Get('me') me(@CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id };
  }

  @Public()
  @Get('health') health() {
    return { ok: true };
  }
}

// Per-key records; the keys are minted per run and never leave the tests.
const RECORDS: Array<Omit<ApiKeyRecord, 'hash'>> = [
  { id: 'key_any', accountId: 'acc_1' },
  { id: 'key_office', accountId: 'acc_1', allowedIps: ['198.51.100.0/24'] },
  { id: 'key_local', accountId: 'acc_1', allowedIps: ['203.0.113.9', '127.0.0.1'] },
  { id: 'key_mapped', accountId: 'acc_1', allowedIps: ['::ffff:127.0.0.0/104'] },
  { id: 'key_v6', accountId: 'acc_1', allowedIps: ['2001:db8::/32'] },
  { id: 'key_bad_list', accountId: 'acc_1', allowedIps: ['not-an-ip', '10.0.0.0/40'] },
  { id: 'key_signs', accountId: 'acc_1', allowedIps: ['198.51.100.0/24'], requireSignature: true, signingSecrets: ['whsec_ip_secret_1'] },
];

interface Fixture {
  edge: EdgeApp;
  keys: Record<string, string>;
}

async function start(options: ApiEdgeModuleOptions): Promise<Fixture> {
  const byHash = new Map<string, ApiKeyRecord>();
  const keys: Record<string, string> = {};
  for (const record of RECORDS) {
    const { key, hash } = mintApiKey({ prefix: 'sk_ip_' });
    byHash.set(hash, { ...record, hash });
    keys[record.id] = key;
  }
  const edge = await createEdgeApp({
    options: { ...options, apiKeys: { store: { findByHash: (hash) => byHash.get(hash) ?? null } } },
    controllers: [ApiController],
  });
  return { edge, keys };
}

function get(f: Fixture, path: string, key?: string, xff?: string) {
  let test = request(f.edge.server).get(path);
  if (key !== undefined) test = test.set('x-api-key', key);
  if (xff !== undefined) test = test.set('X-Forwarded-For', xff);
  return test;
}

function expectNotAllowedNested(res: request.Response) {
  expect(res.status).toBe(403);
  expect(res.headers['content-type']).toBe(JSON_TYPE);
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['retry-after']).toBeUndefined();
  expect(res.body).toEqual({ error: { code: 'ip_not_allowed', message: NOT_ALLOWED, details: [] } });
}

describe('global IP allowlist that excludes the caller (nested envelope)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({ envelope: 'nested', ipAllowlist: { allow: ['203.0.113.0/24', '2001:db8::/32'] } });
  });
  afterAll(() => f.edge.close());

  it('refuses a valid key from a disallowed IP', async () => {
    expectNotAllowedNested(await get(f, '/me', f.keys.key_any));
  });

  it('refuses before authentication: an invalid key gets ip_not_allowed, not invalid_api_key', async () => {
    expectNotAllowedNested(await get(f, '/me', 'sk_ip_this-key-does-not-exist'));
    expectNotAllowedNested(await get(f, '/me'));
  });

  it('covers @Public() routes too', async () => {
    expectNotAllowedNested(await get(f, '/health'));
  });

  it('judges a forged X-Forwarded-For from an untrusted peer by the socket address', async () => {
    expectNotAllowedNested(await get(f, '/me', f.keys.key_any, '203.0.113.7'));
  });
});

describe('global IP allowlist behind a trusted proxy (typed envelope)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({
      envelope: 'typed',
      clientIp: { trustedProxies: 'loopback' },
      ipAllowlist: { allow: ['203.0.113.0/24', '2001:db8::/32', '::ffff:192.0.2.0/120'] },
    });
  });
  afterAll(() => f.edge.close());

  const expectNotAllowedTyped = (res: request.Response) => {
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({
      type: 'authorization_error',
      code: 'ip_not_allowed',
      message: NOT_ALLOWED,
      param: null,
      request_id: res.headers['x-request-id'],
    });
  };

  it('allows the rightmost untrusted hop when it is listed (IPv4, IPv6, mapped)', async () => {
    for (const xff of ['203.0.113.7', '6.6.6.6, 203.0.113.200', '2001:db8:ffff::1', '::ffff:203.0.113.8', '192.0.2.44']) {
      const res = await get(f, '/me', f.keys.key_any, xff);
      expect([xff, res.status, res.body]).toEqual([xff, 200, { keyId: 'key_any' }]);
    }
  });

  it('refuses when the rightmost untrusted hop is not listed, whatever the client prepended', async () => {
    expectNotAllowedTyped(await get(f, '/me', f.keys.key_any, '203.0.113.7, 198.51.100.66'));
    expectNotAllowedTyped(await get(f, '/me', f.keys.key_any, '2001:db9::1'));
    expectNotAllowedTyped(await get(f, '/me', f.keys.key_any, 'not-an-ip'));
  });

  it('refuses the proxy itself when it forwards nothing', async () => {
    expectNotAllowedTyped(await get(f, '/me', f.keys.key_any));
  });
});

describe('per-key IP allowlists (renamed code, seed 002 style)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start({
      envelope: 'status-flag',
      clientIp: { trustedProxies: 'loopback' },
      catalogue: { overrides: { ip_not_allowed: { code: 'IP_NOT_ALLOWED', status: 401, message: 'Client IP not in the allowed list.' } } },
    });
  });
  afterAll(() => f.edge.close());

  const expectRefused = (res: request.Response) => {
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.body).toEqual({ status: false, error_code: 'IP_NOT_ALLOWED', description: 'Client IP not in the allowed list.' });
  };
  const expectAllowed = async (key: string, xff: string | undefined, keyId: string) => {
    const res = await get(f, '/me', key, xff);
    expect([res.status, res.body]).toEqual([200, { keyId }]);
  };

  it('lets a key without a list through from anywhere', async () => {
    await expectAllowed(f.keys.key_any as string, '192.0.2.1', 'key_any');
  });

  it("checks the key's own list: CIDR, single IPs, mapped entries, IPv6", async () => {
    await expectAllowed(f.keys.key_office as string, '198.51.100.23', 'key_office');
    expectRefused(await get(f, '/me', f.keys.key_office, '198.51.101.23'));
    await expectAllowed(f.keys.key_local as string, undefined, 'key_local');
    await expectAllowed(f.keys.key_local as string, '::ffff:203.0.113.9', 'key_local');
    expectRefused(await get(f, '/me', f.keys.key_local, '203.0.113.10'));
    await expectAllowed(f.keys.key_mapped as string, '127.0.0.5', 'key_mapped');
    expectRefused(await get(f, '/me', f.keys.key_mapped, '128.0.0.1'));
    await expectAllowed(f.keys.key_v6 as string, '2001:db8:1::1', 'key_v6');
    expectRefused(await get(f, '/me', f.keys.key_v6, '2001:db9::1'));
    expectRefused(await get(f, '/me', f.keys.key_v6, '203.0.113.1'));
  });

  it('refuses a per-key disallowed IP before looking at the signature', async () => {
    expectRefused(await get(f, '/me', f.keys.key_signs, '192.0.2.1'));
    // From its office, the same unsigned request reaches the signature check.
    const res = await get(f, '/me', f.keys.key_signs, '198.51.100.1');
    expect([res.status, res.body]).toEqual([
      401,
      { status: false, error_code: 'signature_required', description: 'This API key requires signed requests, but the signature headers are missing.' },
    ]);
    const signed = await get(f, '/me', f.keys.key_signs, '198.51.100.1').set(
      signRequest({ secret: 'whsec_ip_secret_1', method: 'GET', path: '/me' }),
    );
    expect([signed.status, signed.body]).toEqual([200, { keyId: 'key_signs' }]);
  });

  it('fails closed on a list with invalid entries and says so once in the log, without the key', async () => {
    expectRefused(await get(f, '/me', f.keys.key_bad_list, '192.0.2.1'));
    expectRefused(await get(f, '/me', f.keys.key_bad_list, '10.0.0.1'));
    const warnings = f.edge.logs.lines.filter((line) => line.includes('allowedIps of key key_bad_list'));
    expect(warnings).toEqual([
      'warn | Ignoring 2 invalid entries in allowedIps of key key_bad_list: ["not-an-ip","10.0.0.0/40"]. Fix: store IPs or CIDR ranges such as 203.0.113.0/24. | IpAllowlistGuard',
    ]);
    for (const key of Object.values(f.keys)) expect(f.edge.logs.text()).not.toContain(key);
  });
});

describe('IP allowlist options', () => {
  it('perKey: false leaves per-key lists to the app', async () => {
    const f = await start({ ipAllowlist: { perKey: false } });
    try {
      const res = await get(f, '/me', f.keys.key_office);
      expect([res.status, res.body]).toEqual([200, { keyId: 'key_office' }]);
    } finally {
      await f.edge.close();
    }
  });

  it('an empty global list allows every address', async () => {
    const f = await start({ ipAllowlist: { allow: [] } });
    try {
      const res = await get(f, '/me', f.keys.key_any);
      expect([res.status, res.body]).toEqual([200, { keyId: 'key_any' }]);
    } finally {
      await f.edge.close();
    }
  });

  it('a wrong entry fails the start with the fix', async () => {
    await expect(start({ ipAllowlist: { allow: ['10.0.0.0/8', '10.0.0.300'] } })).rejects.toThrow(
      'Cannot use ipAllowlist.allow because ["10.0.0.300"] is not an IP or CIDR range. Fix: write entries such as 203.0.113.7, 10.0.0.0/8 or 2001:db8::/32.',
    );
    await expect(start({ ipAllowlist: { cacheSize: 0 } })).rejects.toThrow(OptionsConfigurationError);
  });
});

@Controller('standalone')
@UseGuards(IpAllowlistGuard)
class StandaloneController {
  @Get() ok() {
    return { ok: true };
  }
}

describe('IpAllowlistGuard used alone', () => {
  it('refuses with the catalogued error without the global guard', async () => {
    const edge = await createEdgeApp({
      options: { envelope: 'nested', ipAllowlist: { allow: ['192.0.2.0/24'] } },
      extras: { globalGuard: false },
      controllers: [StandaloneController],
    });
    try {
      expectNotAllowedNested(await request(edge.server).get('/standalone'));
    } finally {
      await edge.close();
    }
  });
});
