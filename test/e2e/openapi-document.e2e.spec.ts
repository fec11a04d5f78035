import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compileErrors, validate } from '@readme/openapi-parser';
import request from 'supertest';
import { PROFILES } from '../../sample-app/profiles/profiles.js';
import { startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

// The document the sample serves at /openapi.json, for every profile: valid OpenAPI, and carrying
// the edge's contract (security, errors with the envelope's schema and examples, edge headers).
describe.each(Object.values(PROFILES))('OpenAPI document of profile $name', (profile) => {
  let app: SampleApp;
  let document: Record<string, any>;

  beforeAll(async () => {
    app = await startSampleApp({ profile });
    const res = await request(app.server).get('/openapi.json');
    expect(res.status).toBe(200);
    document = res.body as Record<string, any>;
  });
  afterAll(() => app.close());

  it('validates with @readme/openapi-parser', async () => {
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect({ valid: result.valid, errors: result.valid ? '' : compileErrors(result) }).toEqual({ valid: true, errors: '' });
  });

  it('documents every error with the envelope schema and one rendered example per wire code', () => {
    let errorResponses = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, operation] of Object.entries<Record<string, any>>(item)) {
        const statuses = Object.keys(operation.responses).filter((s) => /^[45]/.test(s));
        // Every operation can fail unexpectedly: 500 is always documented.
        expect({ path, method, has500: statuses.includes('500') }).toEqual({ path, method, has500: true });
        for (const status of statuses) {
          const response = operation.responses[status];
          const [contentType, media] = Object.entries<Record<string, any>>(response.content)[0] as [string, Record<string, any>];
          expect(contentType).toBe(profile.envelope === 'problem' ? 'application/problem+json' : 'application/json');
          expect(media.schema).toEqual({ $ref: '#/components/schemas/ApiEdgeError' });
          expect(Object.keys(media.examples).length).toBeGreaterThan(0);
          expect(response.headers[Object.keys(response.headers)[0] as string]).toMatchObject({ required: true });
          errorResponses++;
        }
      }
    }
    expect(errorResponses).toBeGreaterThan(20);
  });
});
