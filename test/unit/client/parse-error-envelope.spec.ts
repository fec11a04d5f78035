import { describe, it, expect } from '@jest/globals';
import { parseErrorEnvelope } from '../../../lib/client/index.js';
import { builtInCatalogue, ENVELOPE_PRESETS, type EnvelopePreset, type ResolvedError } from '../../../lib/index.js';

const DOCS_URL = 'https://docs.example.com/errors#insufficient_balance';
const details = [{ recipient: '+15550001', cost: 0.04 }];
const extra = { required: 12, balance: 3, unit_cost: 0.04 };
const occurrence = (over: Partial<ResolvedError> = {}): ResolvedError => ({
  entry: builtInCatalogue.get('insufficient_balance'),
  message: 'Balance too low: 12.00 needed.',
  details,
  extra,
  param: 'recipients',
  requestId: 'req_12345678',
  docsUrl: DOCS_URL,
  instance: '/v1/messages',
  retryAfter: null,
  ...over,
});

/** What each preset carries beyond code, message, details and extra (README "Envelopes"). */
const carried: Record<EnvelopePreset, { requestId?: true; type?: true; param?: true; docsUrl?: true; status?: true }> = {
  nested: {},
  flat: {},
  'status-flag': {},
  object: { requestId: true, docsUrl: true },
  typed: { requestId: true, type: true, param: true },
  problem: { requestId: true, docsUrl: true, status: true },
  stripe: { type: true, param: true, docsUrl: true },
};
const presets = Object.keys(carried) as EnvelopePreset[];

describe('parseErrorEnvelope', () => {
  // Bodies come from the real envelope presets, so a preset change that breaks clients fails here.
  it.each(presets)('reads everything the %s preset carries', (preset) => {
    const body = ENVELOPE_PRESETS[preset](occurrence()).body;
    const has = carried[preset];
    expect(parseErrorEnvelope(body, { 'Retry-After': '30' }, { status: 402 })).toEqual({
      shape: preset,
      code: 'insufficient_balance',
      message: 'Balance too low: 12.00 needed.',
      ...(has.type ? { type: 'billing_error' } : {}),
      ...(has.param ? { param: 'recipients' } : {}),
      ...(has.docsUrl ? { docsUrl: DOCS_URL } : {}),
      status: 402,
      ...(has.requestId ? { requestId: 'req_12345678' } : {}),
      retryAfter: 30,
      details,
      extra,
    });
  });

  it.each(presets)('reads a bare %s body, as text, with the request id from X-Request-Id or Request-Id', (preset) => {
    const bare = occurrence({ details: [], extra: {}, param: null, docsUrl: null });
    const text = JSON.stringify(ENVELOPE_PRESETS[preset](bare).body);
    const inBody = carried[preset].requestId === true;
    const expected = {
      shape: preset,
      code: 'insufficient_balance',
      message: 'Balance too low: 12.00 needed.',
      ...(carried[preset].type ? { type: 'billing_error' } : {}),
      ...(preset === 'problem' ? { status: 402 } : {}),
      details: [],
      extra: {},
    };
    expect(parseErrorEnvelope(text, { 'X-Request-Id': 'req_from_header' })).toEqual({ ...expected, requestId: inBody ? 'req_12345678' : 'req_from_header' });
    expect(parseErrorEnvelope(Buffer.from(text), { 'request-id': 'req_stripe_hdr' })).toEqual({ ...expected, requestId: inBody ? 'req_12345678' : 'req_stripe_hdr' });
    expect(parseErrorEnvelope(text, { 'X-Correlation-Id': 'corr_1234' }, { requestIdHeader: 'X-Correlation-Id' })).toEqual({
      ...expected,
      requestId: inBody ? 'req_12345678' : 'corr_1234',
    });
    expect(parseErrorEnvelope(text)).toEqual({ ...expected, ...(inBody ? { requestId: 'req_12345678' } : {}) });
  });

  it('reads a problem without docs (about:blank) and uses its status', () => {
    const body = ENVELOPE_PRESETS.problem(occurrence({ docsUrl: null, details: [], extra: {} })).body;
    expect(parseErrorEnvelope(body)).toMatchObject({ shape: 'problem', code: 'insufficient_balance', status: 402 });
    expect(parseErrorEnvelope(body)).not.toHaveProperty('docsUrl');
  });

  it('reads the headers of a fetch Headers object, and Retry-After as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 15, 12, 0, 0);
    const headers = new Headers({ 'x-request-id': 'req_abcdefgh', 'retry-after': new Date(now + 90_000).toUTCString() });
    expect(parseErrorEnvelope({ error: 'rate_limited', message: 'Slow down.' }, headers, { now })).toEqual({
      shape: 'flat',
      code: 'rate_limited',
      message: 'Slow down.',
      requestId: 'req_abcdefgh',
      retryAfter: 90,
      details: [],
      extra: {},
    });
    expect(parseErrorEnvelope({ error: 'x', message: 'y' }, { 'retry-after': 'soon' })).not.toHaveProperty('retryAfter');
    expect(parseErrorEnvelope({ error: 'x', message: 'y' }, { 'retry-after': new Date(now - 5000).toUTCString() }, { now })?.retryAfter).toBe(0);
  });

  it('returns undefined for bodies that are no known envelope', () => {
    expect(parseErrorEnvelope({ ok: true })).toBeUndefined();
    expect(parseErrorEnvelope('not json')).toBeUndefined();
    expect(parseErrorEnvelope([1, 2])).toBeUndefined();
    expect(parseErrorEnvelope(null)).toBeUndefined();
    expect(parseErrorEnvelope({ status: true, error_code: 'X' })).toBeUndefined();
  });
});
