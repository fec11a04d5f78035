import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** A header value as a response holds it. */
export type ResponseHeaderValue = string | number | readonly string[];

/** How the module's options shape the seam, fixed at start-up. */
export interface EdgeHttpSettings {
  /** Whether {@link EdgeHttp.capture} is used (idempotency is configured); a platform may hook responses only then. */
  readonly capture: boolean;
}

/** What a handler's response was when it finished, as {@link EdgeHttp.capture} reports it. */
export interface CapturedResponse {
  readonly status: number;
  /** The bytes of the body as they left (empty for no body, or a streamed body the seam could not hold). */
  readonly body: Buffer;
  /** False when the body was streamed in a form the seam cannot copy byte for byte. */
  readonly complete: boolean;
  /** A response header by lower-case name, as it was sent. */
  header(name: string): ResponseHeaderValue | undefined;
}

/**
 * Called when the captured response is ready to leave; the response waits for the returned
 * promise, so a client that has its answer always finds what was stored about it.
 */
export type CaptureListener = (response: CapturedResponse) => Promise<void> | void;

/**
 * The one seam between the edge and the HTTP platform (Express, Fastify). Checks, the filter and
 * the interceptors read requests and write responses only through it; one implementation per
 * platform is chosen once at start-up from Nest's `HttpAdapterHost` (see `edgeHttpFactory`).
 *
 * `request` and `response` are what Nest hands a guard, filter or interceptor on that platform
 * (Express `req`/`res`; Fastify's `FastifyRequest`/`FastifyReply`), or the Node objects under them
 * (what Nest middleware receives on Fastify). Both forms are accepted everywhere.
 *
 * Also the injection token of the chosen implementation: `@Inject(EdgeHttp)` or a constructor
 * parameter typed `EdgeHttp`.
 */
export abstract class EdgeHttp {
  /** The platform this implementation serves, as Nest's `httpAdapter.getType()` names it. */
  abstract readonly platform: string;

  /** The request as Node parsed it (where headers, method and socket live). */
  abstract node(request: object): IncomingMessage;

  /** The request method, upper-case. */
  method(request: object): string {
    return this.node(request).method ?? 'GET';
  }

  /** The request headers, keyed by lower-case name (Node's object: repeated headers joined). */
  headers(request: object): IncomingHttpHeaders {
    return this.node(request).headers;
  }

  /** Name/value pairs as received, for headers Node keeps only once in `headers`. */
  rawHeaders(request: object): readonly string[] {
    return this.node(request).rawHeaders;
  }

  /** The path and query as the client sent them (before any router rewrote `url`). */
  abstract url(request: object): string;

  /** The body bytes as received; `undefined` when no parser of the app kept them (`rawBody: true`). */
  abstract rawBody(request: object): Buffer | undefined;

  /** The route parameters the router matched (`/lines/:lineId` → `{ lineId }`). */
  abstract params(request: object): Readonly<Record<string, unknown>> | undefined;

  /** Sets a response header (replacing an earlier value). */
  abstract setHeader(response: object, name: string, value: string): void;

  /** A response header set so far. */
  abstract getHeader(response: object, name: string): ResponseHeaderValue | undefined;

  /** Whether the response has started (headers sent): then nothing more can be said. */
  abstract headersSent(response: object): boolean;

  /** Ends a response that has already started (all that is left to do after a failure mid-stream). */
  abstract end(response: object): void;

  /**
   * Writes a whole response: status, headers (set before, plus `headers`) and body bytes, with an
   * exact `Content-Length`. Bypasses serializers: the bytes are final.
   */
  abstract send(response: object, status: number, headers: Readonly<Record<string, ResponseHeaderValue>>, body: string | Buffer): void;

  /**
   * Watches the response of this request and calls `listener` with its status, headers and body
   * bytes once it is complete, before it is released to the client. Whatever writes it (the
   * handler, a serializer, the exception filter) is captured.
   */
  abstract capture(request: object, response: object, listener: CaptureListener): void;
}
