import { describe, expect, it } from '@jest/globals';
import { ENVELOPE_SCHEMAS } from '../../../lib/index.js';
import { toOpenApiSchema } from '../../../lib/openapi/openapi-schema.js';

describe('toOpenApiSchema', () => {
  it('turns const and a nullable oneOf into OpenAPI 3.0 keywords, and drops $schema', () => {
    const schema = toOpenApiSchema(ENVELOPE_SCHEMAS.object, '3.0.0');
    expect(schema.$schema).toBeUndefined();
    expect((schema.properties as Record<string, unknown>).object).toEqual({ enum: ['error'] });
    expect((schema.properties as Record<string, unknown>).docs_url).toEqual({ type: 'string', pattern: '^https?://[^\\s#]+#\\S+$', nullable: true });
  });

  it('keeps JSON Schema as it is for OpenAPI 3.1 (only $schema goes)', () => {
    const schema = toOpenApiSchema(ENVELOPE_SCHEMAS.object, '3.1.0');
    const { $schema: _dialect, ...rest } = ENVELOPE_SCHEMAS.object as Record<string, unknown>;
    expect(schema).toEqual(rest);
  });

  it('never changes the shipped (frozen) schema', () => {
    const before = JSON.stringify(ENVELOPE_SCHEMAS['status-flag']);
    toOpenApiSchema(ENVELOPE_SCHEMAS['status-flag'], '3.0.3');
    expect(JSON.stringify(ENVELOPE_SCHEMAS['status-flag'])).toBe(before);
  });
});
