import type { JsonSchema } from '../envelopes/envelope.js';

/**
 * An envelope's JSON Schema (draft-07 keywords) as a Schema Object of the document's OpenAPI
 * version. OpenAPI 3.1 reads JSON Schema as it is (only `$schema` goes: the document sets the
 * dialect); 3.0 knows neither `const` nor `{ "type": "null" }`, so those become `enum` and
 * `nullable`. A new object: the shipped schemas are frozen and shared.
 */
export function toOpenApiSchema(schema: JsonSchema, openapiVersion: string): Record<string, unknown> {
  return convert(schema, openapiVersion.startsWith('3.0')) as Record<string, unknown>;
}

function convert(value: unknown, v30: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, v30));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === '$schema') continue;
    if (v30 && key === 'const') {
      out.enum = [child];
      continue;
    }
    out[key] = convert(child, v30);
  }
  if (v30) nullableOf(out);
  return out;
}

// `oneOf: [X, { type: 'null' }]` and `type: [t, 'null']` → X / t with `nullable: true` (OpenAPI 3.0).
function nullableOf(schema: Record<string, unknown>): void {
  const isNull = (s: unknown): boolean => typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'null' && Object.keys(s).length === 1;
  if (Array.isArray(schema.oneOf) && schema.oneOf.length === 2 && schema.oneOf.some(isNull)) {
    const other = schema.oneOf.find((s) => !isNull(s)) as Record<string, unknown>;
    delete schema.oneOf;
    Object.assign(schema, other, { nullable: true });
  }
  if (Array.isArray(schema.type) && schema.type.length === 2 && schema.type.includes('null')) {
    schema.type = schema.type.find((t) => t !== 'null');
    schema.nullable = true;
  }
}
