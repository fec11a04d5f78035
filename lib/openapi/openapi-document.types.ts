/**
 * The parts of an OpenAPI 3.0 / 3.1 document the edge reads and writes, typed structurally so the
 * library needs no @nestjs/swagger (an optional peer) to compile or to run: swagger's
 * `OpenAPIObject` fits {@link OpenApiDocumentLike}.
 */
export interface OpenApiDocumentLike {
  openapi: string;
  /** Read as `Record<string, OpenApiPathItemLike>` (typed loosely so swagger's interfaces fit). */
  paths: object;
  /** Read as {@link OpenApiComponentsLike}. */
  components?: object;
}

/** `components` of a document. */
export interface OpenApiComponentsLike {
  schemas?: Record<string, unknown>;
  securitySchemes?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  [other: string]: unknown;
}

/** One path of `paths`: its operations by lower-case HTTP method. */
export type OpenApiPathItemLike = Record<string, unknown>;

/** The fields of an operation the edge fills in. */
export interface OpenApiOperationLike {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, OpenApiResponseLike>;
  security?: Record<string, string[]>[];
  [other: string]: unknown;
}

/** A response of an operation. */
export interface OpenApiResponseLike {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: unknown; examples?: Record<string, unknown>; [other: string]: unknown }>;
  [other: string]: unknown;
}

/** The HTTP methods an OpenAPI path item can hold. */
export const OPENAPI_METHODS: readonly string[] = Object.freeze(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
