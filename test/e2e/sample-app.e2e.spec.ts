import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

describe('sample app (default profile, nested envelope)', () => {
  let sample: SampleApp;
  beforeAll(async () => {
    sample = await startSampleApp();
  });
  afterAll(() => sample.close());

  it('sends a message and reads it back', async () => {
    const sent = await request(sample.server)
      .post('/v1/messages')
      .send({ recipients: ['+33612345678', '+14155550100'], message: 'Hello', sender_id: 'Acme' });
    expect(sent.status).toBe(201);
    expect(sent.headers['content-type']).toBe(JSON_UTF8);
    expect(sent.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.body).toEqual({
      id: expect.stringMatching(/^msg_[0-9a-f]{24}$/),
      object: 'message',
      account_id: 'public',
      sender_id: 'Acme',
      message: 'Hello',
      media_url: null,
      recipients: [
        { to: '+33612345678', status: 'sent', provider_id: expect.stringMatching(/^prv_[0-9a-f]{16}$/) },
        { to: '+14155550100', status: 'sent', provider_id: expect.stringMatching(/^prv_[0-9a-f]{16}$/) },
      ],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const read = await request(sample.server).get(`/v1/messages/${sent.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(sent.body);
  });

  it('reports all three bad fields of a send', async () => {
    const res = await request(sample.server)
      .post('/v1/messages')
      .set('X-Request-Id', 'req_validation_01')
      .send({ recipients: [], message: '', sender_id: 'this sender id is far too long' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers['x-request-id']).toBe('req_validation_01');
    expect(res.body).toEqual({
      error: {
        code: 'validation_failed',
        message: 'The request failed validation. See details for each field.',
        details: [
          { field: 'recipients', constraint: 'arrayNotEmpty', message: 'recipients should not be empty' },
          { field: 'message', constraint: 'isNotEmpty', message: 'message should not be empty' },
          { field: 'sender_id', constraint: 'matches', message: 'sender_id must be 1 to 11 letters, digits or spaces' },
        ],
      },
    });
  });

  it('answers an unknown route with the catalogued 404', async () => {
    const res = await request(sample.server).get('/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'The resource does not exist.', details: [] } });
  });

  it('answers health without credentials', async () => {
    const res = await request(sample.server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
