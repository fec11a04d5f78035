import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiEdgeExtras, type ApiEdgeModuleExtras } from '../api-edge.extras.js';
import { ApiEdgeOptions } from '../api-edge.options.js';
import type { BuiltInErrorKey } from '../errors/built-in-catalogue.js';

/**
 * Answers requests Node's HTTP parser rejects before any framework sees them — headers over
 * `maxHeaderSize` (431 `headers_too_large`), a garbled request line or header (400 `bad_request`)
 * — with a catalogued error in the envelope, instead of Node's bare status line. Registered with
 * the global filter (`globalFilter`, default true).
 */
@Injectable()
export class ClientErrorResponder implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiEdge');

  constructor(
    @Inject(ApiEdgeOptions) private readonly options: ApiEdgeOptions,
    @Inject(ApiEdgeExtras) private readonly extras: ApiEdgeModuleExtras,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Attaches the `clientError` listener to the HTTP server, once. */
  onApplicationBootstrap(): void {
    if (!this.extras.globalFilter) return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server === undefined || typeof server.on !== 'function') return;
    // Fastify answers these itself, in its own body: ours takes its place. Anyone else's listener stays.
    if (this.adapterHost.httpAdapter.getType() === 'fastify') server.removeAllListeners('clientError');
    if (server.listenerCount('clientError') > 0) return;
    server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => this.respond(error, socket));
  }

  /** Writes the catalogued answer on the raw socket (no request object exists yet) and closes it. */
  protected respond(error: Error & { code?: string }, socket: Duplex): void {
    // A reset or an already answered socket has nobody left to tell.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const key: BuiltInErrorKey = error.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'bad_request';
    const entry = this.options.catalogue.get(key);
    const requestId = this.options.requestId.generate();
    const output = this.options.envelope({
      entry,
      message: entry.message,
      details: [],
      extra: {},
      param: null,
      requestId,
      docsUrl: this.options.docsBaseUrl === null ? null : `${this.options.docsBaseUrl}#${entry.docs}`,
      instance: '/',
      retryAfter: null,
    });
    const body = JSON.stringify(output.body);
    const lines = [
      `HTTP/1.1 ${output.status} ${STATUS_CODES[output.status] ?? 'Error'}`,
      `Content-Type: ${output.contentType ?? 'application/json'}; charset=utf-8`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      `${this.options.requestId.header}: ${requestId}`,
      ...Object.entries(output.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      'Connection: close',
    ];
    this.logger.warn(`Refused an unparsable request (${error.code ?? error.name}) → ${output.status} [request ${requestId}]`);
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }
}
