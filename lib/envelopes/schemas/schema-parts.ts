import type { JsonSchema } from '../envelope.js';

// Building blocks shared by the preset schemas. Each preset schema describes every body its
// preset can produce for any catalogue: fields the contract defines are typed and required,
// extra data (a cost breakdown …) is allowed beside them, as the presets write it.

/** The JSON Schema dialect of every shipped schema. */
export const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** A wire code as `defineCatalogue` accepts it. */
export const CODE_SCHEMA: JsonSchema = deepFreeze({ type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$' });

/** A human-readable message (never empty: the catalogue refuses empty messages). */
export const MESSAGE_SCHEMA: JsonSchema = deepFreeze({ type: 'string', minLength: 1 });

/** A request id (generated ids are UUIDs; accepted incoming ids match the request id pattern). */
export const REQUEST_ID_SCHEMA: JsonSchema = deepFreeze({ type: 'string', minLength: 1 });

/** An error category such as `invalid_request_error`. */
export const TYPE_SCHEMA: JsonSchema = deepFreeze({ type: 'string', minLength: 1 });

/** `docsBaseUrl#anchor`: an absolute http(s) URL with a fragment. */
export const DOCS_URL_SCHEMA: JsonSchema = deepFreeze({ type: 'string', pattern: '^https?://[^\\s#]+#\\S+$' });

/** The HTTP status of an error. */
export const STATUS_SCHEMA: JsonSchema = deepFreeze({ type: 'integer', minimum: 400, maximum: 599 });

/** A list of details, present only when it has items. */
export const NON_EMPTY_DETAILS_SCHEMA: JsonSchema = deepFreeze({ type: 'array', minItems: 1 });

/** Freezes a schema and everything in it, so a consumer (an OpenAPI generator) cannot change it for all. */
export function deepFreeze<T extends object>(schema: T): T {
  for (const value of Object.values(schema)) if (typeof value === 'object' && value !== null) deepFreeze(value as object);
  return Object.freeze(schema);
}
