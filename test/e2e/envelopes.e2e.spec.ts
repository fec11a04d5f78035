import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, Matches } from 'class-validator';
import request from 'supertest';
import { createValidationPipe, defineCatalogue, type EnvelopePreset } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const catalogue = defineCatalogue({
  entries: {
    INSUFFICIENT_BALANCE: { status: 402, type: 'billing_error', message: 'Balance too low.', docs: 'insufficient-balance' },
  },
});
const apiError = catalogue.error.bind(catalogue);

class SendMessageDto {
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^\+[1-9]\d{6,14}$/, { each: true })
  recipients!: string[];

  @IsString()
  @IsNotEmpty()
  message!: string;

  @IsString()
  @IsNotEmpty()
  sender_id!: string;
}

@Controller('v1')
class TestController {
  @Post('messages')
  send(@Body(createValidationPipe()) dto: SendMessageDto) {
    return { id: 'msg_1', recipients: dto.recipients.length };
  }

  @Get('balance-check')
  balance() {
    throw apiError('INSUFFICIENT_BALANCE', {
      message: 'Balance too low: 12.00 needed, 3.00 available.',
      extra: { required: 12, balance: 3, unit_cost: 0.04 },
      details: [{ recipient: '+15550001', cost: 0.04 }],
    });
  }

  @Get('boom')
  boom() {
    throw new Error('connect ECONNREFUSED db.internal:5432 password=hunter2');
  }

  @Get('limited')
  @UseGuards(ThrottlerGuard)
  limited() {
    return { ok: true };
  }
}

const DOCS = 'https://docs.example.com/errors';
const RID = 'req_envelope_test_0001';

/** The documented shape of each preset (README "Envelopes"), written out independently of lib/. */
interface Expected {
  status: number;
  code: string;
  type: string;
  message: string;
  title: string;
  details: unknown[];
  extra?: Record<string, unknown>;
  param?: string | null;
  docs: string;
  path: string;
}
const shapes: Record<EnvelopePreset, (e: Expected) => unknown> = {
  nested: (e) => ({ error: { code: e.code, message: e.message, details: e.details, ...e.extra } }),
  flat: (e) => ({ error: e.code, message: e.message, ...(e.details.length ? { details: e.details } : {}), ...e.extra }),
  'status-flag': (e) => ({
    status: false,
    error_code: e.code,
    description: e.message,
    ...(e.details.length ? { details: e.details } : {}),
    ...e.extra,
  }),
  object: (e) => ({
    object: 'error',
    code: e.code,
    message: e.message,
    request_id: RID,
    docs_url: `${DOCS}#${e.docs}`,
    ...(e.details.length ? { details: e.details } : {}),
    ...e.extra,
  }),
  typed: (e) => ({
    type: e.type,
    code: e.code,
    message: e.message,
    param: e.param ?? null,
    request_id: RID,
    ...(e.details.length ? { details: e.details } : {}),
    ...e.extra,
  }),
  problem: (e) => ({
    type: `${DOCS}#${e.docs}`,
    title: e.title,
    status: e.status,
    detail: e.message,
    instance: e.path,
    code: e.code,
    request_id: RID,
    ...(e.details.length ? { errors: e.details } : {}),
    ...e.extra,
  }),
  stripe: (e) => ({
    error: {
      type: e.type,
      code: e.code,
      message: e.message,
      ...(e.param ? { param: e.param } : {}),
      doc_url: `${DOCS}#${e.docs}`,
      ...(e.details.length ? { details: e.details } : {}),
      ...e.extra,
    },
  }),
};

const presets = Object.keys(shapes) as EnvelopePreset[];

describe.each(presets)('envelope preset %s', (preset) => {
  let edge: EdgeApp;
  // RFC 9457 defines no charset parameter: the problem media type goes out exactly as registered.
  const contentType = preset === 'problem' ? 'application/problem+json' : 'application/json; charset=utf-8';
  // Stripe's SDKs read the request id from `Request-Id`; every other preset echoes X-Request-Id.
  const requestIdHeader = preset === 'stripe' ? 'request-id' : 'x-request-id';
  const expectEnvelope = (res: request.Response, e: Expected) => {
    expect(res.status).toBe(e.status);
    expect(res.headers['content-type']).toBe(contentType);
    expect(res.headers[requestIdHeader]).toBe(RID);
    if (preset === 'stripe') expect(res.headers['x-request-id']).toBeUndefined();
    // None of these may be retried by a Stripe SDK on its own (the 429 waits 60 s).
    expect(res.headers['stripe-should-retry']).toBe(preset === 'stripe' ? 'false' : undefined);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual(shapes[preset](e));
  };

  beforeAll(async () => {
    edge = await createEdgeApp({
      options: { envelope: preset, catalogue, docsBaseUrl: DOCS },
      imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: 1 }])],
      controllers: [TestController],
    });
  });
  afterAll(() => edge.close());

  it('answers an unknown route with not_found 404', async () => {
    const res = await request(edge.server).get('/v1/nowhere?token=secret').set(requestIdHeader, RID);
    expectEnvelope(res, {
      status: 404,
      code: 'not_found',
      type: 'not_found_error',
      message: 'The resource does not exist.',
      title: 'The resource does not exist.',
      details: [],
      docs: 'not_found',
      path: '/v1/nowhere',
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('answers malformed JSON with invalid_json 400', async () => {
    const res = await request(edge.server)
      .post('/v1/messages')
      .set(requestIdHeader, RID)
      .set('Content-Type', 'application/json')
      .send('{"recipients": ["+15550001",');
    expectEnvelope(res, {
      status: 400,
      code: 'invalid_json',
      type: 'invalid_request_error',
      message: 'The request body is not valid JSON.',
      title: 'The request body is not valid JSON.',
      details: [],
      docs: 'invalid_json',
      path: '/v1/messages',
    });
  });

  it('reports all three bad fields of a validation failure', async () => {
    const res = await request(edge.server)
      .post('/v1/messages')
      .set(requestIdHeader, RID)
      .send({ recipients: ['12'], message: '', sender_id: 42 });
    const message = 'The request failed validation. See details for each field.';
    expectEnvelope(res, {
      status: 400,
      code: 'validation_failed',
      type: 'invalid_request_error',
      message,
      title: message,
      param: 'recipients',
      details: [
        {
          field: 'recipients',
          constraint: 'matches',
          message: 'each value in recipients must match /^\\+[1-9]\\d{6,14}$/ regular expression',
        },
        { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
        { field: 'sender_id', constraint: 'isString', message: 'sender_id must be a string' },
      ],
      docs: 'validation_failed',
      path: '/v1/messages',
    });
  });

  it('carries extra data and details of a thrown catalogued error', async () => {
    const res = await request(edge.server).get('/v1/balance-check').set(requestIdHeader, RID);
    expectEnvelope(res, {
      status: 402,
      code: 'INSUFFICIENT_BALANCE',
      type: 'billing_error',
      message: 'Balance too low: 12.00 needed, 3.00 available.',
      title: 'Balance too low.',
      details: [{ recipient: '+15550001', cost: 0.04 }],
      extra: { required: 12, balance: 3, unit_cost: 0.04 },
      docs: 'insufficient-balance',
      path: '/v1/balance-check',
    });
  });

  it('turns an unknown Error into a generic 500 and logs the cause with the request id', async () => {
    const res = await request(edge.server).get('/v1/boom').set(requestIdHeader, RID);
    expectEnvelope(res, {
      status: 500,
      code: 'internal_error',
      type: 'api_error',
      message: 'An unexpected error occurred.',
      title: 'An unexpected error occurred.',
      details: [],
      docs: 'internal_error',
      path: '/v1/boom',
    });
    expect(res.text).not.toMatch(/ECONNREFUSED|hunter2|at |\.ts/);
    const logged = edge.logs.lines.find((line) => line.includes(RID));
    expect(logged).toContain('GET /v1/boom → 500 internal_error');
    expect(logged).toContain('ECONNREFUSED db.internal:5432');
  });

  it('answers a throttled request with rate_limited 429 and Retry-After', async () => {
    const first = await request(edge.server).get('/v1/limited').set(requestIdHeader, RID);
    expect(first.status).toBe(200);
    const res = await request(edge.server).get('/v1/limited').set(requestIdHeader, RID);
    const message = 'Too many requests. Retry after the time given in Retry-After.';
    expectEnvelope(res, {
      status: 429,
      code: 'rate_limited',
      type: 'rate_limit_error',
      message,
      title: message,
      details: [],
      docs: 'rate_limited',
      path: '/v1/limited',
    });
    expect(res.headers['retry-after']).toBe('60');
  });
});
