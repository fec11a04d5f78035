import { deflateSync, gzipSync } from 'node:zlib';
import { signRequest } from '../../lib/client/index.js';
import type { Prng } from './prng.js';

/** How a profile presents credentials and which headers it reads (what the generator needs). */
export interface FuzzProfile {
  readonly name: string;
  /** Envelope preset of every error answer. */
  readonly envelope: string;
  /** Request id response header. */
  readonly requestIdHeader: string;
  /** Headers presenting a key; null for a profile without key checks. */
  readonly auth: ((key: string) => Record<string, string>) | null;
  /** Plaintext fixture keys by role (`alice`, `signed` …). */
  readonly keys: Readonly<Record<string, string>>;
  readonly signatureHeaders: { readonly signature: string; readonly timestamp: string; readonly nonce: string };
  readonly workspaceHeader: string | null;
  /** Whether the profile also accepts console JWTs in `Authorization: Bearer`. */
  readonly acceptsJwt: boolean;
}

/** A request as parts, so a failing one can be shrunk part by part. */
export interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** Add `Content-Length` for the body (false: the headers frame it themselves, or not at all). */
  readonly frame: boolean;
  /** Bytes appended after the request (pipelined garbage). */
  readonly after?: Buffer;
}

/** One generated case. */
export interface FuzzCase {
  readonly index: number;
  /** What kind of input this is (for the report): `body.deep`, `raw.garbage` … */
  readonly kind: string;
  /** Either parts (shrinkable) or raw bytes (what HTTP clients refuse to send). */
  readonly request: FuzzRequest | null;
  readonly raw: Buffer | null;
  /** Which response invariants do not apply, by id of a documented Node answer. */
  readonly nodeOwn?: string;
  /** The test/fuzz/KNOWN.md entry a refusal check of this case belongs to. */
  readonly known?: string;
  /** The oracle expects a refusal (4xx) for this case (e.g. two credentials at once). */
  readonly mustRefuse?: boolean;
}

/** The bytes a request puts on the wire. */
export function serialize(request: FuzzRequest): Buffer {
  const lines = [`${request.method} ${request.target} ${request.version}`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.frame && request.body.length > 0) lines.push(`Content-Length: ${request.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body, request.after ?? Buffer.alloc(0)]);
}

/** Recipients that are valid and never trigger the sample provider's magic failures (+1500555000x). */
const PHONES = ['+33612345678', '+447700900123', '+14155550123', '+15005550100', '+15005550111', '+15005550112', '+4915112345678'];

interface Route {
  readonly method: string;
  readonly path: string;
  readonly body?: () => unknown;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/health' },
  { method: 'POST', path: '/v1/auth/login', body: () => ({ email: 'alice@example.com', password: 'wrong-password' }) },
  { method: 'POST', path: '/v1/messages', body: () => ({ recipients: ['+33612345678'], message: 'Hello', sender_id: 'Acme' }) },
  { method: 'POST', path: '/v1/messages/template', body: () => ({ template_id: 'tpl_welcome', recipients: ['+33612345678'], sender_id: 'Acme', variables: { code: '1' } }) },
  { method: 'GET', path: '/v1/messages/msg_000000000000000000000000' },
  { method: 'POST', path: '/v1/templates', body: () => ({ name: 'hi', body: 'Hi {{name}}' }) },
  { method: 'GET', path: '/v1/templates/tpl_welcome' },
  { method: 'POST', path: '/v1/contacts', body: () => ({ phone: '+33612345678', name: 'Ann' }) },
  { method: 'GET', path: '/v1/contacts/ct_1' },
  { method: 'POST', path: '/v1/contact-groups', body: () => ({ name: 'VIP' }) },
  { method: 'POST', path: '/v1/opt-outs', body: () => ({ phone: '+33612345678' }) },
  { method: 'GET', path: '/v1/dnc' },
  { method: 'POST', path: '/v1/dnc', body: () => ({ phone: '+33612345678' }) },
  { method: 'POST', path: '/v1/instances', body: () => ({ name: 'second' }) },
  { method: 'GET', path: '/v1/instances/inst_1' },
  { method: 'POST', path: '/v1/instances/inst_1/test-message', body: () => ({ to: '+33612345678', text: 'hi' }) },
  { method: 'GET', path: '/v1/lines/ln_main' },
  { method: 'GET', path: '/v1/lines/ln_main/chats/chat_1' },
  { method: 'GET', path: '/v1/lines/ln_other/outbox/item_1' },
  { method: 'POST', path: '/v1/lines/ln_main/messages', body: () => ({ to: '+33612345678', text: 'hi' }) },
  { method: 'POST', path: '/v1/sandbox/messages', body: () => ({ to: '+15005550100', text: 'hi' }) },
  { method: 'POST', path: '/v1/webhooks', body: () => ({ url: 'https://example.com/hook' }) },
  { method: 'GET', path: '/v1/webhooks/wh_1' },
  { method: 'POST', path: '/v1/campaigns', body: () => ({ name: 'Spring' }) },
  { method: 'POST', path: '/v1/statuses', body: () => ({ text: 'Open today' }) },
  { method: 'POST', path: '/v1/api-keys', body: () => ({ name: 'ci' }) },
  { method: 'POST', path: '/v1/teams', body: () => ({ name: 'Team' }) },
  { method: 'GET', path: '/v1/team' },
  { method: 'POST', path: '/v1/team/invitations', body: () => ({ email: 'new@example.com', role: 'member' }) },
  { method: 'POST', path: '/v1/invitations/inv_token_1/accept' },
  { method: 'GET', path: '/v1/me' },
  { method: 'GET', path: '/v1/usage' },
  { method: 'GET', path: '/v1/billing/subscription' },
  { method: 'GET', path: '/v1/billing/payments' },
  { method: 'POST', path: '/v1/billing/plan', body: () => ({ plan: 'max' }) },
  { method: 'GET', path: '/api/billing/payments' },
  { method: 'POST', path: '/api/billing/checkout', body: () => ({ plan: 'pro' }) },
  { method: 'PUT', path: '/v1/wallet/payg-limit', body: () => ({ amount: '25.00' }) },
  { method: 'POST', path: '/v1/otp', body: () => ({ phone: '+15005550100' }) },
  { method: 'POST', path: '/v1/otp/verify', body: () => ({ phone: '+15005550100', code: '000000' }) },
];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'PURGE', 'M-SEARCH', 'LINK'];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=klingon',
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'json',
  '',
];
const SIGNING_SECRET = 'whsec_sample_signing_secret_1';

/** The generator of one profile's cases, deterministic for a seed. */
export class CaseGenerator {
  private readonly signedHistory: Array<Record<string, string>> = [];

  constructor(
    private readonly profile: FuzzProfile,
    private readonly rng: Prng,
  ) {}

  /** Case number `index`. */
  next(index: number): FuzzCase {
    const r = this.rng.fork(index);
    const roll = r.next();
    if (roll < 0.16) return this.raw(index, r);
    if (roll < 0.2) return this.bothCredentials(index, r);
    return this.http(index, r);
  }

  private http(index: number, r: Prng): FuzzCase {
    const route = r.pick(ROUTES);
    const kinds: string[] = [];
    let method = route.method;
    let path = route.path;
    if (r.chance(0.12)) {
      method = r.pick(METHODS);
      kinds.push('method');
    }
    if (r.chance(0.2)) {
      path = this.oddPath(r, path);
      kinds.push('path');
    }
    const headers: Array<[string, string]> = [['Host', r.chance(0.05) ? r.pick(['', 'x'.repeat(300), '[::1]:99999', 'évil.example']) : '127.0.0.1']];
    const role = this.pickRole(r);
    if (role !== null && this.profile.auth) {
      for (const [name, value] of Object.entries(this.profile.auth(this.oddKey(r, this.profile.keys[role] as string)))) headers.push([name, value]);
      kinds.push(`key.${role}`);
    }
    if (this.profile.workspaceHeader && r.chance(0.15)) {
      headers.push([this.profile.workspaceHeader, r.pick(['101', '102', '0', '-1', '1e3', 'abc', '999999999999999999999', '', ' 101', '101,102'])]);
      kinds.push('workspace');
    }
    if (r.chance(0.12)) {
      headers.push(['X-Forwarded-For', this.spoofedFor(r)]);
      kinds.push('xff');
    }
    if (r.chance(0.1)) {
      headers.push(['Idempotency-Key', r.pick([uuid(r), 'same-key-0001', '', 'x'.repeat(300), 'ключ', 'a b', 'k'.repeat(8)])]);
      kinds.push('idempotency');
    }
    if (r.chance(0.1)) {
      headers.push(['X-Request-Id', r.pick(['req_fuzz_0001', '', 'x'.repeat(500), 'a\tb', 'req_fuzz_0001, req_fuzz_0002'])]);
      kinds.push('request-id');
    }
    if (r.chance(0.08)) {
      headers.push(this.oddHeader(r));
      kinds.push('header');
    }

    let body: Buffer = Buffer.alloc(0);
    const hasBody = route.body !== undefined || r.chance(0.1);
    if (hasBody) {
      const shaped = this.body(r, route.body?.() ?? { a: 1 });
      body = shaped.bytes;
      kinds.push(`body.${shaped.kind}`);
      const contentType = r.chance(0.85) ? 'application/json' : r.pick(CONTENT_TYPES);
      if (contentType !== '') headers.push(['Content-Type', contentType]);
    }
    let encoded: Buffer = body;
    if (body.length > 0 && r.chance(0.08)) {
      const encoding = r.pick(['gzip', 'deflate', 'br', 'compress', 'identity', 'gzip, gzip', 'bogus']);
      encoded = encoding === 'gzip' ? gzipSync(body) : encoding === 'deflate' ? deflateSync(body) : encoding === 'br' ? r.pick([body, gzipSync(body)]) : body;
      headers.push(['Content-Encoding', encoding]);
      kinds.push(`encoding.${encoding}`);
    }
    const signed = role === 'signed' || (role !== null && r.chance(0.1));
    if (signed) {
      for (const [name, value] of Object.entries(this.signature(r, method, path, body))) headers.push([name, value]);
      kinds.push('signature');
    }
    headers.push(['Connection', 'close']);
    const request: FuzzRequest = { method, target: path, version: 'HTTP/1.1', headers, body: encoded, frame: true };
    return { index, kind: kinds.join('+') || 'plain', request, raw: null };
  }

  // Known hole (KNOWN.md K2): an API key and a console JWT together must be refused, not accepted.
  private bothCredentials(index: number, r: Prng): FuzzCase {
    const alice = this.profile.keys.alice;
    if (!this.profile.auth || !this.profile.acceptsJwt || alice === undefined) return this.http(index, r);
    const route = r.pick(ROUTES.filter((route) => route.method === 'GET' && route.path.startsWith('/v1/')));
    const headers: Array<[string, string]> = [['Host', '127.0.0.1'], ...Object.entries(this.profile.auth(alice)), ['Authorization', `Bearer ${r.pick(['not-a-jwt', 'eyJhbGciOiJIUzI1NiJ9.e30.x'])}`], ['Connection', 'close']];
    return { index, kind: 'credentials.key+bearer', request: { method: 'GET', target: route.path, version: 'HTTP/1.1', headers, body: Buffer.alloc(0), frame: true }, raw: null, mustRefuse: true, known: 'K2' };
  }

  private raw(index: number, r: Prng): FuzzCase {
    const key = this.profile.keys.alice;
    const auth = key && this.profile.auth ? Object.entries(this.profile.auth(key)).map(([n, v]) => `${n}: ${v}\r\n`).join('') : '';
    const variants: Array<() => Omit<FuzzCase, 'index' | 'request'>> = [
      () => ({ kind: 'raw.garbage', raw: Buffer.from(`${r.string(r.int(1, 40), 'ABCDEFGHIJ /:\t%$#@!')}\r\n\r\n`, 'latin1') }),
      () => ({ kind: 'raw.binary', raw: Buffer.from(Array.from({ length: r.int(1, 64) }, () => r.int(0, 255))) }),
      () => ({ kind: 'raw.no-host', raw: Buffer.from('GET /health HTTP/1.1\r\nConnection: close\r\n\r\n') }),
      () => ({ kind: 'raw.http10', raw: Buffer.from(`GET ${r.pick(['/health', '/v1/me', '/nope'])} HTTP/1.0\r\n${auth}\r\n`) }),
      () => ({ kind: 'raw.lf-only', raw: Buffer.from(`GET /health HTTP/1.1\nHost: x\nConnection: close\n\n`) }),
      () => ({ kind: 'raw.bad-header-name', raw: Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\nConnection: close\r\n\r\n`) }),
      () => ({ kind: 'raw.nul-in-header', raw: Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n`, 'latin1') }),
      () => ({ kind: 'raw.huge-headers', raw: Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(r.int(17_000, 40_000))}\r\n\r\n`) }),
      () => ({ kind: 'raw.many-headers', raw: Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}Connection: close\r\n\r\n`) }),
      () => ({ kind: 'raw.bad-content-length', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${r.pick(['abc', '-1', '1e3', '99999999999999999999', '2, 3'])}\r\n\r\n{}`) }),
      () => ({ kind: 'raw.two-content-lengths', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{} `) }),
      () => ({ kind: 'raw.cl-and-te', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`) }),
      () => ({ kind: 'raw.bad-chunk', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${r.pick(['ZZ', '-1', 'ffffffffffffffff'])}\r\n{}\r\n0\r\n\r\n`) }),
      () => ({ kind: 'raw.chunked-json', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n`) }),
      () => ({ kind: 'raw.te-unknown', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n{}`) }),
      () => ({ kind: 'raw.expect', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Expect: ${r.pick(['foo', '100-continue, foo', '200-ok'])}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`) }),
      () => ({ kind: 'raw.expect-continue-too-large', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Expect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n`) }),
      () => ({ kind: 'raw.declared-too-large', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${r.int(200_000, 50_000_000)}\r\n\r\n{"recipients":`) }),
      () => ({ kind: 'raw.connect', raw: Buffer.from('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n') }),
      () => ({ kind: 'raw.absolute-form', raw: Buffer.from(`GET http://evil.example/v1/me HTTP/1.1\r\nHost: evil.example\r\n${auth}Connection: close\r\n\r\n`) }),
      () => ({ kind: 'raw.asterisk', raw: Buffer.from('OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n') }),
      () => ({ kind: 'raw.upgrade', raw: Buffer.from(`GET /v1/me HTTP/1.1\r\nHost: x\r\n${auth}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`) }),
      () => ({ kind: 'raw.http2-preface', raw: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n') }),
      () => ({ kind: 'raw.pipelined-garbage', raw: Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\n\r\n${r.string(r.int(4, 30), 'XYZ \t:/')}\r\n\r\n`) }),
      () => ({ kind: 'raw.pipelined', raw: Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/me HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`) }),
      () => ({ kind: 'raw.obs-fold', raw: Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\nConnection: close\r\n\r\n`) }),
      () => ({ kind: 'raw.long-url', raw: Buffer.from(`GET /${'a'.repeat(r.int(9000, 20000))} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`) }),
      () => ({ kind: 'raw.bad-version', raw: Buffer.from(`GET /health ${r.pick(['HTTP/9.9', 'HTTP/1.x', 'HTTPS/1.1', 'http/1.1'])}\r\nHost: x\r\nConnection: close\r\n\r\n`) }),
    ];
    // Slow requests wait for the (shortened) request timeout: keep them rare.
    const slow: Array<() => Omit<FuzzCase, 'index' | 'request'>> = [
      () => ({ kind: 'raw.slow-headers', raw: Buffer.from(`GET /v1/me HTTP/1.1\r\nHost: x\r\n${auth}X-Slow: `) }),
      () => ({ kind: 'raw.slow-body', raw: Buffer.from(`POST /v1/messages HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"recipients":`) }),
    ];
    const variant = r.chance(0.08) ? r.pick(slow) : r.pick(variants);
    return { index, ...variant(), request: null };
  }

  private pickRole(r: Prng): string | null {
    const roles = Object.keys(this.profile.keys);
    if (!this.profile.auth || roles.length === 0 || r.chance(0.15)) return null;
    // Mostly the healthy key, so requests get past authentication and exercise the routes; the
    // signing key often, so signatures are exercised on every kind of body.
    const roll = r.next();
    if (roll < 0.45) return 'alice';
    if (roll < 0.6 && roles.includes('signed')) return 'signed';
    return r.pick(roles);
  }

  private oddKey(r: Prng, key: string): string {
    if (r.chance(0.85)) return key;
    return r.pick([
      `${key}x`,
      key.slice(0, -1),
      key.toUpperCase(),
      ` ${key}`,
      `${key}, ${key}`,
      'x'.repeat(r.int(1, 600)),
      key.replace(/0/g, 'O'),
      '',
      `${key}\t`,
    ]);
  }

  private oddPath(r: Prng, path: string): string {
    return r.pick([
      `${path}?${r.pick(['a=1&a=2', 'x[y]=1', '__proto__[admin]=1', 'constructor[prototype][x]=1', '%', 'a=%E0%A4%A', 'q=' + 'x'.repeat(3000)])}`,
      `${path}/`,
      `${path}//x`,
      path.replace('/v1/', '/v1//'),
      path.replace('/v1/', '/V1/'),
      `${path}/%2e%2e/%2e%2e/etc/passwd`,
      `${path}/..;/x`,
      `/${r.string(r.int(1, 30), 'abc%/._~-')}`,
      '/v1/messages/%E0%A4%A',
      '/v1/messages/%00',
      `/v1/instances/${'9'.repeat(400)}`,
      '/v1/lines/%2F..%2Fln_main',
      '/v1/contacts/' + encodeURIComponent('é€😀'),
      '/nope',
    ]);
  }

  private spoofedFor(r: Prng): string {
    return r.pick([
      '203.0.113.7',
      '203.0.113.7, 10.0.0.1',
      '198.51.100.1, 203.0.113.7',
      '::ffff:203.0.113.7',
      '2001:db8::1',
      'unknown',
      '999.1.1.1',
      '',
      ', ,',
      Array.from({ length: 200 }, (_, i) => `10.0.${i % 250}.1`).join(', '),
      '[2001:db8::1]:443',
      '127.0.0.1',
    ]);
  }

  private oddHeader(r: Prng): [string, string] {
    return r.pick<[string, string]>([
      ['X-Forwarded-Proto', 'gopher'],
      ['Accept', 'text/html'],
      ['Accept', 'application/xml;q=1, */*;q=0'],
      ['Accept-Encoding', 'gzip;q=1000'],
      ['Content-Type', 'application/json'],
      ['Range', 'bytes=0-0,-1'],
      ['If-None-Match', '*'],
      ['X-HTTP-Method-Override', 'DELETE'],
      ['Cookie', 'a=' + 'b'.repeat(4000)],
      ['Authorization', r.pick(['Basic Zm9vOmJhcg==', 'Bearer', 'Bearer ' + 'x'.repeat(2000), 'Digest x', 'bearer  a b'])],
      ['X-Anything', 'é'.repeat(500)],
      ['Origin', 'null'],
    ]);
  }

  private body(r: Prng, base: unknown): { kind: string; bytes: Buffer } {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    const depth = r.pick([65, 200, 1300, 5000, 20000]);
    const choices: Array<() => { kind: string; bytes: Buffer }> = [
      () => ({ kind: 'valid', bytes: json(base) }),
      () => ({ kind: 'valid', bytes: json(base) }),
      () => ({ kind: 'valid', bytes: json(base) }),
      () => ({ kind: 'deep-arrays', bytes: Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`) }),
      () => ({ kind: 'deep-field', bytes: Buffer.from(`{"recipients":${'['.repeat(depth)}${']'.repeat(depth)},"message":"Hello","sender_id":"Acme"}`) }),
      () => ({ kind: 'deep-objects', bytes: Buffer.from(`{"name":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`) }),
      () => ({ kind: 'reserved-key', bytes: Buffer.from(JSON.stringify(base).replace(/^\{/, `{"${r.pick(['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'])}":${r.pick(['1', '{}', '{"prototype":{"polluted":true}}', '"x"', 'null'])},`)) }),
      () => ({ kind: 'extra-field', bytes: json({ ...(base as object), extra_field: true }) }),
      () => ({ kind: 'malformed', bytes: Buffer.from(r.pick(['{"recipients": [', '{', '}', '{"a":1,}', "{'a':1}", 'nul', '{"a":NaN}', '{"a":1}{"b":2}', '\u00ef\u00bb\u00bf{"a":1}', '{"a":"\\ud800"}', '{"a":1e999999}'])) }),
      () => ({ kind: 'scalar', bytes: Buffer.from(r.pick(['null', 'true', '0', '"x"', '[]', '[1,2]', '-0', '1e308'])) }),
      () => ({ kind: 'empty', bytes: Buffer.alloc(0) }),
      () => ({ kind: 'wrong-types', bytes: json(mutateTypes(r, base)) }),
      () => ({ kind: 'huge-string', bytes: json({ ...(base as object), message: 'x'.repeat(r.int(5000, 90_000)) }) }),
      () => ({ kind: 'too-large', bytes: json({ ...(base as object), message: 'x'.repeat(r.int(110_000, 300_000)) }) }),
      () => ({ kind: 'many-recipients', bytes: json({ ...(base as object), recipients: Array.from({ length: r.int(50, 3000) }, () => r.pick(PHONES)) }) }),
      () => ({ kind: 'unicode', bytes: json({ ...(base as object), message: '\u202e\u0000😀\ud83d', sender_id: 'Ac\u0000me' }) }),
      () => ({ kind: 'binary', bytes: Buffer.from(Array.from({ length: r.int(1, 200) }, () => r.int(0, 255))) }),
      () => ({ kind: 'duplicate-keys', bytes: Buffer.from(JSON.stringify(base).replace(/^\{/, '{"message":1,"message":{"a":[]},')) }),
      () => ({ kind: 'wide', bytes: json(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]))) }),
    ];
    return r.pick(choices)();
  }

  private signature(r: Prng, method: string, path: string, body: Buffer): Record<string, string> {
    const now = Math.floor(Date.now() / 1000);
    const names = this.profile.signatureHeaders;
    const mode = r.pick(['valid', 'valid', 'valid', 'combined', 'wrong-secret', 'stale', 'future', 'replay', 'malformed', 'other-body', 'no-nonce']);
    if (mode === 'replay' && this.signedHistory.length > 0) return r.pick(this.signedHistory);
    if (mode === 'malformed') {
      return r.pick([
        { [names.signature]: 'zz', [names.timestamp]: String(now) },
        { [names.signature]: 't=,v1=', [names.nonce]: 'short' },
        { [names.signature]: `t=${now},${'v1=aa,'.repeat(20)}` },
        { [names.signature]: 'a'.repeat(64), [names.timestamp]: '1e9' },
        { [names.signature]: 'a'.repeat(64), [names.timestamp]: String(now), [names.nonce]: 'bad nonce!' },
        { [names.timestamp]: String(now) },
      ]);
    }
    const headers = signRequest({
      secret: mode === 'wrong-secret' ? 'whsec_wrong_secret' : SIGNING_SECRET,
      method: /^[A-Z-]+$/.test(method) ? method : 'POST',
      path,
      body: mode === 'other-body' ? Buffer.concat([body, Buffer.from(' ')]) : body,
      timestamp: mode === 'stale' ? now - 10_000 : mode === 'future' ? now + 10_000 : now,
      ...(mode === 'no-nonce' ? {} : { nonce: uuid(r) }),
      ...(mode === 'combined' ? { format: 'combined' as const } : {}),
      headerNames: names,
    });
    if (this.signedHistory.length < 50) this.signedHistory.push(headers);
    return headers;
  }
}

// A UUID-shaped nonce or key drawn from the case's generator, so a seed replays the same bytes.
function uuid(r: Prng): string {
  const hex = r.string(32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function mutateTypes(r: Prng, base: unknown): unknown {
  if (typeof base !== 'object' || base === null) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const key of Object.keys(out)) {
    if (r.chance(0.5)) out[key] = r.pick([null, 1, -1, 1.5, true, '', [], {}, ['x'], { $gt: '' }, 'x'.repeat(300), Number.MAX_SAFE_INTEGER + 2]);
  }
  return out;
}
