import { ApiEdgeOptions } from '../api-edge.options.js';
import type { ResolvedError } from '../envelopes/envelope.js';
import type { CatalogueEntry } from '../errors/catalogue-entry.js';
import type { ApiKeySource } from '../keys/api-key.options.js';
import { RATE_LIMIT_HEADER, RATE_LIMIT_POLICY_HEADER } from '../throttling/rate-limit-headers.js';
import { RouteTable, type EdgeRoute } from '../routes/route-table.js';
import { OPENAPI_METHODS, type OpenApiComponentsLike, type OpenApiDocumentLike, type OpenApiPathItemLike, type OpenApiOperationLike, type OpenApiResponseLike } from './openapi-document.types.js';
import { toOpenApiSchema } from './openapi-schema.js';
import { routeContract, type RouteContract } from './route-contract.js';
import { optionError } from '../options/option-checks.js';

// Why this file is long: it writes one document (security schemes, parameters,
// error responses per route) whose parts share the schema registry.

/** What {@link applyApiEdgeOpenApi} needs of the Nest application: `app.get(token)`. */
export interface OpenApiAppLike {
  get(token: unknown): unknown;
}

/** Settings of {@link applyApiEdgeOpenApi}. */
export interface ApiEdgeOpenApiSettings {
  /**
   * The route (`Controller.method`) of an operation. Default: swagger's default `operationId`,
   * `Controller_method` (a suffix such as `_v2` after it is allowed). Give this when you set
   * swagger's `operationIdFactory`.
   */
  readonly routeOf?: (operation: OpenApiOperationLike, path: string, method: string) => string | undefined;
  /** Name of the error body schema in `components.schemas`. Default `ApiEdgeError`. */
  readonly schemaName?: string;
}

// A fixed example id, so documents are reproducible (diffable in review).
const EXAMPLE_REQUEST_ID = '5f0c6d2e-8a41-4b7e-9c3d-2a1b0e9f7c64';

/**
 * Adds the edge's contract to an OpenAPI document built by @nestjs/swagger
 * (`SwaggerModule.createDocument`), from what the running app really enforces: the route table
 * (each check's compiled part of each route) and the module's resolved options.
 *
 * - `components.securitySchemes`: one per configured credential source (API key headers, an API
 *   key in the query, `Authorization: Bearer` keys, JWTs); each operation's `security` lists what
 *   its route accepts (`[]` on public routes);
 * - per operation, every error response its checks can raise (and those its handler declares with
 *   `@RaisesErrors`), grouped by status, with the envelope's JSON Schema and one example per wire
 *   code rendered by the configured envelope itself;
 * - request headers the checks read (signature, workspace, `Idempotency-Key`, the pay-as-you-go
 *   confirmation) and response headers (the request id, `RateLimit`, `RateLimit-Policy`,
 *   `Retry-After`, `Idempotent-Replayed`).
 *
 * Call it after `app.init()` (the route table compiles at start-up). It imports nothing from
 * @nestjs/swagger: the document is typed structurally. Changes `document` in place and returns it.
 *
 * @example
 * ```ts
 * await app.init();
 * const document = applyApiEdgeOpenApi(SwaggerModule.createDocument(app, new DocumentBuilder().build()), app);
 * SwaggerModule.setup('docs', app, () => document);
 * ```
 */
export function applyApiEdgeOpenApi<D extends OpenApiDocumentLike>(document: D, app: OpenApiAppLike, settings: ApiEdgeOpenApiSettings = {}): D {
  const options = app.get(ApiEdgeOptions) as ApiEdgeOptions;
  const table = app.get(RouteTable) as RouteTable;
  const routes = table.routes();
  const paths = (document.paths ?? {}) as Record<string, OpenApiPathItemLike>;
  if (routes.length === 0 && Object.keys(paths).length > 0) {
    throw optionError('document the edge', 'the route table is empty: the app has not been initialized', 'call applyApiEdgeOpenApi after await app.init() (or from a document factory that runs at the first request)');
  }
  const byName = new Map<string, EdgeRoute>(routes.map((route) => [route.name, route]));
  const schemaName = settings.schemaName ?? 'ApiEdgeError';
  const components = (document.components ??= {}) as OpenApiComponentsLike;
  const schema = options.envelope.schema;
  if (schema !== undefined) (components.schemas ??= {})[schemaName] = toOpenApiSchema(schema, document.openapi);
  const schemes = securitySchemes(options);
  if (Object.keys(schemes.all).length > 0) Object.assign((components.securitySchemes ??= {}), schemes.all);
  const headers = responseHeaders(options);

  for (const [path, item] of Object.entries(paths)) {
    for (const method of OPENAPI_METHODS) {
      const operation = item[method] as OpenApiOperationLike | undefined;
      if (operation === undefined) continue;
      const name = settings.routeOf?.(operation, path, method) ?? defaultRouteOf(operation, byName);
      const route = name === undefined ? undefined : byName.get(name);
      if (route === undefined) continue;
      const takesInput = operation.requestBody !== undefined || path.includes('{') || (operation.parameters ?? []).some((p) => ['path', 'query'].includes((p as { in?: string }).in ?? ''));
      const contract = routeContract(route, options, { method: method.toUpperCase(), takesInput });
      documentOperation(operation, contract, path, options, schemes, headers, schema === undefined ? undefined : `#/components/schemas/${schemaName}`);
    }
  }
  return document;
}

function defaultRouteOf(operation: OpenApiOperationLike, byName: ReadonlyMap<string, EdgeRoute>): string | undefined {
  const id = operation.operationId;
  if (id === undefined) return undefined;
  // `Controller_method`, possibly with a version suffix; the longest known prefix wins.
  const parts = id.split('_');
  for (let end = parts.length; end >= 2; end--) {
    const controller = parts[0] as string;
    const method = parts.slice(1, end).join('_');
    const name = `${controller}.${method}`;
    if (byName.has(name)) return name;
  }
  return undefined;
}

interface Schemes {
  readonly all: Record<string, unknown>;
  readonly apiKey: readonly string[];
  readonly jwt: readonly string[];
}

function securitySchemes(options: ApiEdgeOptions): Schemes {
  const all: Record<string, unknown> = {};
  const apiKey: string[] = [];
  const jwt: string[] = [];
  for (const source of options.apiKeys?.sources ?? []) {
    const [name, scheme] = apiKeyScheme(source);
    all[name] = scheme;
    apiKey.push(name);
  }
  const token = options.jwt;
  if (token !== null) {
    const { header, scheme } = token;
    all.Jwt =
      header.toLowerCase() === 'authorization' && scheme.toLowerCase() === 'bearer'
        ? { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A console user’s token: Authorization: Bearer <JWT>.' }
        : { type: 'apiKey', in: 'header', name: header, description: `A user token (JWT)${scheme === '' ? '' : `, sent as "${scheme} <JWT>"`}.` };
    jwt.push('Jwt');
  }
  return { all, apiKey, jwt };
}

function apiKeyScheme(source: ApiKeySource): [string, Record<string, unknown>] {
  if (typeof source === 'object' && 'query' in source) {
    return [`ApiKeyQuery-${safe(source.query)}`, { type: 'apiKey', in: 'query', name: source.query, description: 'An API key in the query string.' }];
  }
  const header = typeof source === 'string' ? source : source.header;
  const scheme = typeof source === 'string' ? '' : (source.scheme ?? '');
  if (header.toLowerCase() === 'authorization' && scheme.toLowerCase() === 'bearer') {
    return ['ApiKeyBearer', { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>.' }];
  }
  return [
    `ApiKey-${safe(header)}`,
    { type: 'apiKey', in: 'header', name: header, description: scheme === '' ? 'An API key.' : `An API key, sent as "${scheme} <key>".` },
  ];
}

// Component names allow letters, digits, `.`, `-` and `_`.
function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

type HeaderObject = Readonly<Record<string, unknown>>;
type ResponseHeaders = Readonly<Record<'requestId' | 'retryAfter' | 'rateLimit' | 'rateLimitPolicy' | 'idempotentReplayed', HeaderObject>>;

// Header Objects written inline (OpenAPI 3.0 allows no `required` beside a $ref).
function responseHeaders(options: ApiEdgeOptions): ResponseHeaders {
  return {
    requestId: { description: `${options.requestId.header}: the id of this request (quote it to support).`, schema: { type: 'string' } },
    retryAfter: { description: 'Retry-After: seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
    rateLimit: { description: `${RATE_LIMIT_HEADER}: per policy, requests left (r) and seconds to reset (t), e.g. "minute";r=59;t=42.`, schema: { type: 'string' } },
    rateLimitPolicy: { description: `${RATE_LIMIT_POLICY_HEADER}: per policy, quota (q) and window seconds (w), e.g. "minute";q=60;w=60.`, schema: { type: 'string' } },
    idempotentReplayed: { description: 'Idempotent-Replayed: "true" when this answer is the replay of an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
  };
}

function documentOperation(
  operation: OpenApiOperationLike,
  contract: RouteContract,
  path: string,
  options: ApiEdgeOptions,
  schemes: Schemes,
  headers: ResponseHeaders,
  schemaRef: string | undefined,
): void {
  // Security: the alternatives the route accepts; [] marks a public route when credentials exist.
  const accepted = [...(contract.credentials.apiKey ? schemes.apiKey : []), ...(contract.credentials.jwt ? schemes.jwt : [])];
  if (accepted.length > 0) operation.security = accepted.map((name) => ({ [name]: [] }));
  else if (schemes.apiKey.length + schemes.jwt.length > 0) operation.security = [];

  const parameters = (operation.parameters ??= []);
  const present = new Set(parameters.map((p) => `${(p as { in?: string }).in}:${String((p as { name?: string }).name).toLowerCase()}`));
  // A handler that takes its path parameters as one DTO (`@Param() params: Dto`) leaves them out of
  // swagger's document, which is then invalid; the template names them, as strings.
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] as string;
    if (!present.has(`path:${name.toLowerCase()}`)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  for (const header of contract.requestHeaders) {
    if (present.has(`header:${header.name.toLowerCase()}`)) continue;
    parameters.push({ name: header.name, in: 'header', required: header.required, description: header.description, schema: { type: 'string' } });
  }
  if (parameters.length === 0) delete operation.parameters;

  const responses = (operation.responses ??= {});
  const rateHeaders = contract.rateLimited && options.rateLimit?.headers !== false;
  // Answers the handler produces: request id always, rate limit state where counted, the replay mark where idempotent.
  for (const [status, response] of Object.entries(responses)) {
    if (!/^[23]/.test(status)) continue;
    response.headers = {
      ...response.headers,
      [options.requestId.header]: headers.requestId,
      ...(rateHeaders ? { [RATE_LIMIT_HEADER]: headers.rateLimit, [RATE_LIMIT_POLICY_HEADER]: headers.rateLimitPolicy } : {}),
      ...(contract.idempotent ? { 'Idempotent-Replayed': headers.idempotentReplayed } : {}),
    };
  }

  for (const [status, group] of errorGroups(contract.errorKeys, path, options)) {
    const response: OpenApiResponseLike = (responses[String(status)] ??= { description: '' });
    const codes = [...group.examples.keys()];
    response.description = response.description ? response.description : `Error${codes.length > 1 ? 's' : ''}: ${codes.join(', ')}.`;
    response.headers = {
      ...response.headers,
      [options.requestId.header]: { ...headers.requestId, required: true },
      'Retry-After': status === 429 ? { ...headers.retryAfter, required: true } : headers.retryAfter,
      ...(status === 429 && rateHeaders ? { [RATE_LIMIT_HEADER]: headers.rateLimit, [RATE_LIMIT_POLICY_HEADER]: headers.rateLimitPolicy } : {}),
    };
    const content = (response.content ??= {});
    const media = (content[group.contentType] ??= {});
    if (schemaRef !== undefined) media.schema = { $ref: schemaRef };
    media.examples = { ...media.examples, ...Object.fromEntries(group.examples) };
  }
}

interface ErrorGroup {
  readonly contentType: string;
  readonly examples: Map<string, { summary: string; value: unknown }>;
}

// Renders each key's error with the configured envelope and groups the examples by the status the
// envelope answers with (an envelope may map statuses), one example per wire code.
function errorGroups(keys: readonly string[], path: string, options: ApiEdgeOptions): Map<number, ErrorGroup> {
  const groups = new Map<number, ErrorGroup>();
  for (const key of keys) {
    const entry = options.catalogue.get(key);
    const output = options.envelope(exampleError(entry, path, options));
    let group = groups.get(output.status);
    if (group === undefined) groups.set(output.status, (group = { contentType: output.contentType ?? 'application/json', examples: new Map() }));
    if (!group.examples.has(entry.code)) group.examples.set(entry.code, { summary: entry.message, value: output.body });
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

function exampleError(entry: CatalogueEntry, path: string, options: ApiEdgeOptions): ResolvedError {
  return {
    entry,
    message: entry.message,
    details: [],
    extra: {},
    param: null,
    requestId: EXAMPLE_REQUEST_ID,
    docsUrl: options.docsBaseUrl === null ? null : `${options.docsBaseUrl}#${entry.docs}`,
    instance: path,
    retryAfter: entry.retryAfter ?? null,
  };
}
