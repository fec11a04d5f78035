import { randomUUID } from 'node:crypto';
import { signRequest } from '../lib/client/index.js';
import type { CorrectnessProfile } from './bench-apps.js';
import { BENCH_KEYS, NARROW_KEY, TIGHT_HOURLY_LIMIT, TIGHT_KEY, type BenchKey } from './bench-credentials.js';

/** One probe's outcome: what was sent, what the profile expects, what came back. */
export interface ProbeResult {
  readonly probe: string;
  readonly expected: string;
  readonly got: string;
  readonly ok: boolean;
}

/** The outcome of a whole pass: `ok` only when every probe is. */
export interface CorrectnessResult {
  readonly ok: boolean;
  readonly probes: readonly ProbeResult[];
}

interface Sent {
  readonly status: number;
  readonly headers: Headers;
}

interface ProbeRequest {
  readonly method?: 'GET' | 'POST';
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** The 1 KB message body of the signed POST (the same bytes the load client sends). */
export const KB_BODY = JSON.stringify({ to: ['+15550001000'], sender_id: 'ACME', text: 'x'.repeat(960) });

const MESSAGES = '/v1/messages';
const STANDARD = BENCH_KEYS[0] as BenchKey;

/**
 * Headers of a correctly signed `POST /v1/messages` with `key`: the same `signRequest` of
 * nest-api-edge/client the load client uses, for every variant.
 */
export function signedHeaders(key: BenchKey, body = KB_BODY, overrides: { timestamp?: number; nonce?: string } = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-api-key': key.key,
    ...signRequest({ secret: key.secret, method: 'POST', path: MESSAGES, body, nonce: overrides.nonce ?? randomUUID(), ...(overrides.timestamp === undefined ? {} : { timestamp: overrides.timestamp }) }),
  };
}

/** The same headers with the MAC's last hex digit changed: well formed, wrong. */
export function badSignatureHeaders(key: BenchKey): Record<string, string> {
  const headers = signedHeaders(key);
  const mac = headers['X-Signature'] as string;
  headers['X-Signature'] = mac.slice(0, -1) + (mac.endsWith('0') ? '1' : '0');
  return headers;
}

/**
 * The correctness pass: probes that the full pipeline must refuse (and the bare floor must not),
 * run against a started variant at `baseUrl`. Connections come from 127.0.0.1, a trusted proxy in
 * both peer and module, so `X-Forwarded-For` chooses the client address. No timing anywhere: the
 * pass says whether a variant checks what the benchmark claims it checks.
 *
 * Profiles: `full` expects every refusal; `none` (bare Nest) expects every request to reach its
 * route, so a bare app that refused something would be measuring other work.
 */
export async function runCorrectnessPass(baseUrl: string, profile: CorrectnessProfile): Promise<CorrectnessResult> {
  const full = profile === 'full';
  const results: ProbeResult[] = [];
  const send = async (request: ProbeRequest): Promise<Sent> => {
    const response = await fetch(baseUrl + (request.path ?? '/v1/ping'), {
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    await response.arrayBuffer();
    return { status: response.status, headers: response.headers };
  };
  const expectStatus = async (probe: string, request: ProbeRequest, whenFull: number, whenNone: number): Promise<Sent> => {
    const sent = await send(request);
    const expected = full ? whenFull : whenNone;
    results.push({ probe, expected: String(expected), got: String(sent.status), ok: sent.status === expected });
    return sent;
  };
  const expectHeader = (probe: string, sent: Sent, name: string, expected: string | RegExp): void => {
    const got = sent.headers.get(name) ?? '(absent)';
    const ok = typeof expected === 'string' ? got === expected : expected.test(got);
    results.push({ probe, expected: `${name}: ${String(expected)}`, got: `${name}: ${got}`, ok });
  };
  const post = (headers: Record<string, string>, body = KB_BODY): ProbeRequest => ({ method: 'POST', path: MESSAGES, headers, body });

  const accepted = await expectStatus('signed POST is accepted', post(signedHeaders(STANDARD)), 201, 201);
  if (full) expectHeader('a request id is made', accepted, 'x-request-id', /^[A-Za-z0-9._:-]{8,128}$/);
  const echoed = await expectStatus('GET with a key is accepted', { headers: { 'x-api-key': STANDARD.key, 'x-request-id': 'req_check_000001' } }, 200, 200);
  if (full) expectHeader('a well-formed X-Request-Id is echoed', echoed, 'x-request-id', 'req_check_000001');

  const missing = await expectStatus('missing key', {}, 401, 200);
  if (full) expectHeader('errors are problem+json', missing, 'content-type', /^application\/problem\+json/);
  await expectStatus('unknown key', { headers: { 'x-api-key': 'bench_nobody_' + 'k'.repeat(32) } }, 401, 200);
  await expectStatus('unsigned POST', post({ 'content-type': 'application/json', 'x-api-key': STANDARD.key }), 401, 201);
  await expectStatus('bad signature', post(badSignatureHeaders(STANDARD)), 401, 201);
  await expectStatus('body changed after signing', post(signedHeaders(STANDARD), KB_BODY.replace('ACME', 'EVIL')), 401, 201);
  await expectStatus('timestamp an hour old', post(signedHeaders(STANDARD, KB_BODY, { timestamp: Math.floor(Date.now() / 1000) - 3600 })), 401, 201);
  const once = signedHeaders(STANDARD);
  await expectStatus('nonce, first use', post(once), 201, 201);
  await expectStatus('nonce replayed', post(once), 401, 201);

  await expectStatus('IP outside the global list', { headers: { 'x-api-key': STANDARD.key, 'x-forwarded-for': '203.0.113.9' } }, 403, 200);
  await expectStatus("IP outside the key's list", { headers: { 'x-api-key': NARROW_KEY.key, 'x-forwarded-for': '127.0.0.5' } }, 403, 200);
  await expectStatus('forwarded IP inside both lists', { headers: { 'x-api-key': STANDARD.key, 'x-forwarded-for': '127.0.0.5' } }, 200, 200);

  for (let i = 1; i <= TIGHT_HOURLY_LIMIT; i++) {
    await expectStatus(`tight key, request ${i} of ${TIGHT_HOURLY_LIMIT}`, { headers: { 'x-api-key': TIGHT_KEY.key } }, 200, 200);
  }
  await expectStatus('tight key, past the hourly limit', { headers: { 'x-api-key': TIGHT_KEY.key } }, 429, 200);

  await expectStatus('unknown route', { path: '/v1/does-not-exist', headers: { 'x-api-key': STANDARD.key } }, 404, 404);
  return { ok: results.every((r) => r.ok), probes: results };
}

/** The failed probes of a pass, one line each, for the harness and the test. */
export function describeFailures(result: CorrectnessResult): string {
  return result.probes
    .filter((p) => !p.ok)
    .map((p) => `${p.probe}: expected ${p.expected}, got ${p.got}`)
    .join('\n');
}
