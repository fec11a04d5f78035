import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import {
  builtInCatalogue,
  defineEnvelope,
  ENVELOPE_PRESETS,
  ENVELOPE_SCHEMAS,
  envelopeSchema,
  type EnvelopePreset,
  type ResolvedError,
} from '../../../lib/index.js';

const presets = Object.keys(ENVELOPE_PRESETS) as EnvelopePreset[];

const occurrence = (over: Partial<ResolvedError> = {}): ResolvedError => ({
  entry: builtInCatalogue.get('insufficient_balance'),
  message: 'Balance too low.',
  details: [],
  extra: {},
  param: null,
  requestId: 'req_12345678',
  docsUrl: null,
  instance: '/v1/messages',
  retryAfter: null,
  ...over,
});

// Every combination a preset treats differently: details or none, extra data, a param, a docs URL.
const variants: Array<[string, ResolvedError]> = [
  ['bare', occurrence()],
  ['with details', occurrence({ details: [{ field: 'to', constraint: 'isNotEmpty', message: 'to should not be empty' }] })],
  ['with extra data', occurrence({ extra: { required: 12, balance: 3, unit_cost: 0.04 } })],
  ['with a param', occurrence({ param: 'recipients.0' })],
  ['with a docs URL', occurrence({ docsUrl: 'https://docs.example.com/errors#insufficient_balance' })],
  ['of a 5xx', occurrence({ entry: builtInCatalogue.get('maintenance_mode'), message: 'Back soon.', retryAfter: 300 })],
];

describe('envelope JSON Schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });

  it('ships one schema per preset, attached to the preset and by name', () => {
    expect(Object.keys(ENVELOPE_SCHEMAS).sort()).toEqual([...presets].sort());
    for (const preset of presets) {
      expect(ENVELOPE_PRESETS[preset].schema).toBe(ENVELOPE_SCHEMAS[preset]);
      expect(envelopeSchema(preset)).toBe(ENVELOPE_SCHEMAS[preset]);
      expect(Object.isFrozen(ENVELOPE_SCHEMAS[preset])).toBe(true);
    }
  });

  describe.each(presets)('%s', (preset) => {
    const validate = ajv.compile(ENVELOPE_SCHEMAS[preset]);

    it.each(variants)('accepts the real output %s', (_name, error) => {
      const body = ENVELOPE_PRESETS[preset](error).body;
      expect({ valid: validate(body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    });

    it('rejects a body without the code and a body of another preset', () => {
      const body = ENVELOPE_PRESETS[preset](occurrence()).body as Record<string, unknown>;
      const broken = JSON.parse(JSON.stringify(body).replaceAll('"insufficient_balance"', '"has spaces in it"')) as unknown;
      expect(validate(broken)).toBe(false);
      const other = preset === 'nested' ? 'flat' : 'nested';
      expect(validate(ENVELOPE_PRESETS[other](occurrence()).body)).toBe(false);
    });
  });

  it('lets a custom envelope declare its schema with defineEnvelope', () => {
    const schema = { type: 'object', required: ['ok', 'err'], properties: { ok: { const: false }, err: { type: 'string' } } };
    const envelope = defineEnvelope((e) => ({ status: e.entry.status, body: { ok: false, err: e.entry.code } }), { schema });
    expect(envelopeSchema(envelope)).toBe(schema);
    expect(envelope(occurrence())).toEqual({ status: 402, body: { ok: false, err: 'insufficient_balance' } });
    expect(ajv.validate(schema, envelope(occurrence()).body)).toBe(true);
    expect(envelopeSchema((e: ResolvedError) => ({ status: e.entry.status, body: {} }))).toBeUndefined();
  });

  it('refuses a request id header that is no HTTP header name', () => {
    expect(() => defineEnvelope((e) => ({ status: e.entry.status, body: {} }), { requestIdHeader: 'Request Id' })).toThrow(
      'Cannot use "Request Id" as the request id header of an envelope because it is not an HTTP header name. Fix: use a token such as "Request-Id".',
    );
  });
});
