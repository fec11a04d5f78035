import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import crypto from 'node:crypto';
import request from 'supertest';
import { workspacesProfile } from '../../sample-app/profiles/workspaces.profile.js';
import { ManualClock, startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

describe('sample app: password login hashes off the event loop', () => {
  let sample: SampleApp;
  beforeAll(async () => {
    sample = await startSampleApp({ profile: workspacesProfile, clock: new ManualClock().read });
  });
  afterAll(() => sample.close());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    ['the right password', 'alice@example.com', 'alice-password-1', 200],
    ['a wrong password', 'alice@example.com', 'wrong', 401],
    ['an unknown email (same cost as a known one)', 'nobody@example.com', 'whatever', 401],
  ])('%s: async scrypt once, never scryptSync', async (_what, email, password, status) => {
    const sync = jest.spyOn(crypto, 'scryptSync');
    const async = jest.spyOn(crypto, 'scrypt');
    const res = await request(sample.server).post('/v1/auth/login').send({ email, password });
    expect(res.status).toBe(status);
    expect(sync).not.toHaveBeenCalled();
    expect(async).toHaveBeenCalledTimes(1);
  });
});
