import { describe, it, expect } from '@jest/globals';
import { parseErrorEnvelope } from '../../../lib/client/index.js';
import { builtInCatalogue, ENVELOPE_PRESETS, type EnvelopePreset, type ResolvedError } from '../../../lib/index.js';

const details = [{ field: 'to', constraint: 'isNotEmpty', message: 'to should not be empty' }];
const occurrence = (withDetails: boolean): ResolvedError => ({
  entry: builtInCatalogue.get('validation_failed'),
  message: 'Bad input.',
  details: withDetails ? details : [],
  extra: { cost: 3 },
  param: 'to',
  requestId: 'req_12345678',
  docsUrl: 'https://docs.example.com/errors#validation_failed',
  instance: '/v1/messages',
  retryAfter: null,
});

describe('parseErrorEnvelope', () => {
  // Bodies come from the real envelope presets, so a preset change that breaks clients fails here.
  it.each([
    ['nested', undefined],
    ['flat', undefined],
    ['status-flag', undefined],
    ['object', 'req_12345678'],
    ['typed', 'req_12345678'],
    ['problem', 'req_12345678'],
  ] as const)('recognizes the %s preset', (preset: EnvelopePreset, bodyRequestId) => {
    const body = ENVELOPE_PRESETS[preset](occurrence(true)).body;
    expect(parseErrorEnvelope(body)).toEqual({
      shape: preset,
      code: 'validation_failed',
      message: 'Bad input.',
      ...(bodyRequestId ? { requestId: bodyRequestId } : {}),
      details,
    });
    // From text too, with the request id from the response headers when the body has none.
    expect(parseErrorEnvelope(JSON.stringify(ENVELOPE_PRESETS[preset](occurrence(false)).body), { 'X-Request-Id': 'req_from_header' })).toEqual({
      shape: preset,
      code: 'validation_failed',
      message: 'Bad input.',
      requestId: bodyRequestId ?? 'req_from_header',
      details: [],
    });
  });

  it('reads the request id from a fetch Headers object', () => {
    const headers = new Headers({ 'x-request-id': 'req_abcdefgh' });
    expect(parseErrorEnvelope({ error: 'rate_limited', message: 'Slow down.' }, headers)).toEqual({
      shape: 'flat',
      code: 'rate_limited',
      message: 'Slow down.',
      requestId: 'req_abcdefgh',
      details: [],
    });
  });

  it('returns undefined for bodies that are no known envelope', () => {
    expect(parseErrorEnvelope({ ok: true })).toBeUndefined();
    expect(parseErrorEnvelope('not json')).toBeUndefined();
    expect(parseErrorEnvelope([1, 2])).toBeUndefined();
    expect(parseErrorEnvelope(null)).toBeUndefined();
    expect(parseErrorEnvelope({ status: true, error_code: 'X' })).toBeUndefined();
  });
});
