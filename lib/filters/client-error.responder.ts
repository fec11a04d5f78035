import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiEdgeExtras, type ApiEdgeModuleExtras } from '../api-edge.extras.js';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { EdgeHttp } from '../http/edge-http.js';
import { declaredBodyLength, parseByteLimit } from '../body/declared-length.check.js';
import { ensureRequestId } from '../context/request-id.js';
import type { BuiltInErrorKey } from '../errors/built-in-catalogue.js';

// Node's parser error codes and what they mean for the client.
const KEY_BY_CODE: Readonly<Record<string, BuiltInErrorKey>> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'payload_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
};

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** One answer, rendered once and written either on a raw socket or through a `ServerResponse`. */
interface RenderedAnswer {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

/**
 * Answers what Node's HTTP server answers by itself, before any framework sees the request, with
 * a catalogued error in the envelope instead of a bare status line:
 *
 * - `clientError`: headers over `maxHeaderSize` → 431 `headers_too_large`; a request not complete
 *   within `headersTimeout` / `requestTimeout` → 408 `request_timeout` (retryable); chunk
 *   extensions too large → 413 `payload_too_large`; a garbled request line or header, pipelined
 *   garbage → 400 `bad_request`;
 * - `checkExpectation`: an `Expect` header other than `100-continue` → 417 `expectation_failed`;
 * - `connect`: a `CONNECT` request (this is an API, not a proxy) → 405 `method_not_allowed`;
 * - with {@link ClientErrorResponder.setBodyLimit}: a declared `Content-Length` over the body
 *   limit → 413 `payload_too_large` at once, before the body is read (and, for
 *   `Expect: 100-continue`, before the client sends it).
 *
 * - a HTTP/1.1 request without `Host` → 400 `bad_request` (Node's own `requireHostHeader` check is
 *   turned off and done here instead, so the answer is in the envelope).
 *
 * Every answer carries `X-Content-Type-Options: nosniff`, `Cache-Control: no-store`, the request
 * id header and `Connection: close`. Registered with the global filter (`globalFilter`, default
 * true). What Node still answers by itself is listed in docs/hardening.md.
 */
@Injectable()
export class ClientErrorResponder implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiEdge');
  private server: Server | undefined;
  private bodyLimitBytes: number | null = null;
  private requireHost = false;
  private gateInstalled = false;

  constructor(
    @Inject(ApiEdgeOptions) private readonly options: ApiEdgeOptions,
    @Inject(ApiEdgeExtras) private readonly extras: ApiEdgeModuleExtras,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(EdgeHttp) private readonly http: EdgeHttp,
  ) {}

  /** Attaches the `clientError`, `checkExpectation` and `connect` listeners to the HTTP server, once. */
  onApplicationBootstrap(): void {
    if (!this.extras.globalFilter) return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server === undefined || typeof server.on !== 'function') return;
    this.server = server;
    // Fastify answers client errors itself, in its own body: ours takes its place. An app that
    // handles one of these events itself keeps its own behaviour.
    if (this.adapterHost.httpAdapter.getType() === 'fastify') server.removeAllListeners('clientError');
    if (server.listenerCount('clientError') === 0) {
      server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => this.respond(error, socket));
    }
    if (server.listenerCount('checkExpectation') === 0) {
      server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) =>
        this.answer(request, response, 'expectation_failed'),
      );
    }
    if (server.listenerCount('connect') === 0) {
      server.on('connect', (request: IncomingMessage, socket: Duplex) => this.refuseConnect(request, socket));
    }
    // Node refuses a HTTP/1.1 request without Host with a bare 400 before any event; with its own
    // check off, the gate below refuses it the same way, in the envelope. An app that turned the
    // check off itself keeps serving such requests.
    const hostCheck = server as Server & { requireHostHeader?: boolean };
    if (hostCheck.requireHostHeader === true) {
      hostCheck.requireHostHeader = false;
      this.requireHost = true;
      this.installGate(server);
    }
    if (this.bodyLimitBytes !== null) this.installGate(server);
  }

  /**
   * Tells the responder the limit the app gave its body parser (`'100kb'`, `'1mb'`, bytes; `null`
   * turns the check off, the default), so a request that declares a larger `Content-Length` is
   * refused with 413 at once. Without it body-parser also answers 413, but only after the whole
   * declared body arrived or the request timed out.
   *
   * @example
   * ```ts
   * app.useBodyParser('json', { limit: '1mb' });
   * app.get(ClientErrorResponder).setBodyLimit('1mb');
   * ```
   */
  setBodyLimit(limit: number | string | null): void {
    this.bodyLimitBytes = limit === null ? null : parseByteLimit(limit);
    if (this.bodyLimitBytes !== null && this.server !== undefined) this.installGate(this.server);
  }

  /** Writes the catalogued answer on the raw socket (no request object exists yet) and closes it. */
  protected respond(error: Error & { code?: string }, socket: Duplex): void {
    // A reset socket has nobody left to tell; a response already on its way cannot be interrupted
    // without corrupting it (Node's own rule).
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const key = (error.code !== undefined ? KEY_BY_CODE[error.code] : undefined) ?? 'bad_request';
    const requestId = this.options.requestId.generate();
    const answer = this.render(key, '/', requestId);
    this.logger.warn(`Refused an unparsable request (${error.code ?? error.name}) → ${answer.status} [request ${requestId}]`);
    this.writeRaw(socket, answer);
  }

  /** `CONNECT host:port`: refused in the envelope instead of a silently closed connection. */
  protected refuseConnect(_request: IncomingMessage, socket: Duplex): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = this.options.requestId.generate();
    const answer = this.render('method_not_allowed', '/', requestId);
    this.logger.warn(`Refused a CONNECT request → ${answer.status} [request ${requestId}]`);
    this.writeRaw(socket, answer);
  }

  /** Answers a parsed request that must not reach the framework, through its `ServerResponse`. */
  protected answer(request: IncomingMessage, response: ServerResponse, key: BuiltInErrorKey): void {
    const requestId = ensureRequestId(this.http, request, response, this.options.requestId);
    const answer = this.render(key, pathOf(request.url), requestId);
    response.statusCode = answer.status;
    for (const [name, value] of answer.headers) response.setHeader(name, value);
    response.end(answer.body);
  }

  // Interposes two checks in front of the framework's 'request' listener(s): a HTTP/1.1 request
  // without Host (RFC 9112 §3.2: 400), and a declared body over the limit, which would otherwise
  // reach body-parser, and body-parser holds its 413 until the whole body arrived.
  private installGate(server: Server): void {
    if (this.gateInstalled) return;
    this.gateInstalled = true;
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (this.requireHost && !request.headers.host && request.httpVersionMajor === 1 && request.httpVersionMinor === 1) {
        this.answer(request, response, 'bad_request');
        return;
      }
      if (this.refusesBody(request)) {
        this.answer(request, response, 'payload_too_large');
        return;
      }
      for (const listener of listeners) listener.call(server, request, response);
    });
    // With a listener, Node no longer sends "100 Continue" by itself: it is sent here, only for a
    // body the app will read, so a client never uploads what will be refused.
    if (server.listenerCount('checkContinue') === 0) {
      server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
        if (!this.refusesBody(request)) response.writeContinue();
        server.emit('request', request, response);
      });
    }
  }

  private refusesBody(request: IncomingMessage): boolean {
    if (this.bodyLimitBytes === null) return false;
    const length = declaredBodyLength(request.headers);
    return length !== null && length > this.bodyLimitBytes;
  }

  private render(key: BuiltInErrorKey, instance: string, requestId: string): RenderedAnswer {
    const entry = this.options.catalogue.get(key);
    const output = this.options.envelope({
      entry,
      message: entry.message,
      details: [],
      extra: {},
      param: null,
      requestId,
      docsUrl: this.options.docsBaseUrl === null ? null : `${this.options.docsBaseUrl}#${entry.docs}`,
      instance,
      retryAfter: entry.retryAfter ?? null,
    });
    const body = JSON.stringify(output.body);
    const headers: Array<readonly [string, string]> = [
      ['Content-Type', `${output.contentType ?? 'application/json'}; charset=utf-8`],
      ['Content-Length', String(Buffer.byteLength(body))],
      ['Cache-Control', 'no-store'],
      ['X-Content-Type-Options', 'nosniff'],
      [this.options.requestId.header, requestId],
      ...Object.entries(output.headers ?? {}),
      ...(entry.retryAfter === undefined || entry.retryAfter === null ? [] : [['Retry-After', String(entry.retryAfter)] as const]),
      // The connection's state is unknown (unread body, broken framing): never reuse it.
      ['Connection', 'close'],
    ];
    return { status: output.status, headers, body };
  }

  private writeRaw(socket: Duplex, answer: RenderedAnswer): void {
    const head = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}`, ...answer.headers.map(([name, value]) => `${name}: ${value}`)];
    socket.end(`${head.join('\r\n')}\r\n\r\n${answer.body}`);
  }
}

// The path without the query string (a query may carry secrets).
function pathOf(url: string | undefined): string {
  if (url === undefined || url === '') return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
