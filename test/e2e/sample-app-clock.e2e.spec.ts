import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OptionsConfigurationError } from '../../lib/index.js';
import { parseSampleClock, SettableClock } from '../../sample-app/clock/settable-clock.js';
import { xtokenProfile } from '../../sample-app/profiles/xtoken.profile.js';
import { startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

describe('SAMPLE_CLOCK: a settable clock and its test hook', () => {
  let sample: SampleApp;
  beforeAll(async () => {
    sample = await startSampleApp({ profile: xtokenProfile, clockControl: new SettableClock(parseSampleClock('2026-01-15T12:00:00Z')) });
  });
  afterAll(() => sample.close());

  it('reads and moves the app time, without credentials', async () => {
    const before = await request(sample.server).get('/v1/sandbox/clock');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ now: '2026-01-15T12:00:00.000Z' });
    const after = await request(sample.server).post('/v1/sandbox/clock').send({ seconds: 90 });
    expect(after.status).toBe(200);
    expect(after.headers['content-type']).toBe(JSON_UTF8);
    expect(after.body).toEqual({ now: '2026-01-15T12:01:30.000Z' });
  });

  it('refuses a step that is not whole seconds >= 0 in the profile envelope', async () => {
    const res = await request(sample.server).post('/v1/sandbox/clock').send({ seconds: -1 });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: 'validation_error',
      message: 'One or more inputs failed validation.',
      details: [{ field: 'seconds', constraint: 'min', message: 'seconds must not be less than 0' }],
    });
  });

  it('does not exist without SAMPLE_CLOCK', async () => {
    const plain = await startSampleApp({ profile: xtokenProfile });
    try {
      const res = await request(plain.server).post('/v1/sandbox/clock').send({ seconds: 1 });
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('not_found');
    } finally {
      await plain.close();
    }
  });

  it.each([
    ['2026-01-15T12:00:00Z', Date.UTC(2026, 0, 15, 12)],
    ['2026-01-15T13:00:00+01:00', Date.UTC(2026, 0, 15, 12)],
    ['2026-01-15T12:00Z', Date.UTC(2026, 0, 15, 12)],
  ])('parses %s', (value, ms) => {
    expect(parseSampleClock(value)).toBe(ms);
  });

  it.each(['2026-01-15', '2026-01-15T12:00:00', 'yesterday', '2026-13-45T12:00:00Z'])('fails the start on SAMPLE_CLOCK=%s', (value) => {
    expect(() => parseSampleClock(value)).toThrow(
      new OptionsConfigurationError(
        `Cannot start with SAMPLE_CLOCK=${JSON.stringify(value)} because it is not an ISO 8601 instant with an offset. Fix: e.g. SAMPLE_CLOCK=2026-01-15T12:00:00Z.`,
      ),
    );
  });
});
