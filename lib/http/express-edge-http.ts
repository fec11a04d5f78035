import type { OnModuleInit } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EdgeHttp, type CaptureListener, type ResponseHeaderValue } from './edge-http.js';
import { nodeRequestOf } from './node-request.js';

type WriteCallback = (error?: Error | null) => void;

/** The part of an Express application the seam hooks into (express is the platform's dependency). */
export interface ExpressAppLike {
  disable?(setting: string): unknown;
  use(handler: (error: unknown, request: unknown, response: unknown, next: (error?: unknown) => void) => void): unknown;
}

// body-parser's own shape (an http error with `type`), without its parser message.
function keptParseError(): Error {
  return Object.assign(new Error('The request body is not valid JSON.'), { type: 'entity.parse.failed', status: 400, statusCode: 400, expose: true });
}

interface ExpressRequest extends IncomingMessage {
  originalUrl?: string;
  rawBody?: Buffer;
  params?: Record<string, unknown>;
}

/**
 * The seam on `@nestjs/platform-express`: Express's request and response are Node's own objects
 * (extended), so headers and bodies are read and written on them directly. Writing an error's bytes
 * with `res.end` spares Express's `res.json` work (an ETag hash of the body, freshness checks).
 */
export class ExpressEdgeHttp extends EdgeHttp implements OnModuleInit {
  readonly platform = 'express';

  /** @param app the Express application (`httpAdapter.getInstance()`), when there is one to hook. */
  constructor(private readonly app?: ExpressAppLike) {
    super();
  }

  /**
   * Turns off Express's `X-Powered-By`, and registers, after the routes and before Nest's own
   * error handler, an error middleware that
   * keeps body-parser's verdict on malformed JSON. Nest 11 turns that `SyntaxError` into a bare
   * `BadRequestException` (its `type: 'entity.parse.failed'` lost), so the filter could only say
   * `bad_request`; passed on as a plain http error it stays `invalid_json` on Nest 11 and 12.
   */
  onModuleInit(): void {
    // No framework advertisement on an API's responses (success answers included).
    this.app?.disable?.('x-powered-by');
    this.app?.use((error: unknown, _request: unknown, _response: unknown, next: (error?: unknown) => void) => {
      next(error instanceof SyntaxError && (error as { type?: unknown }).type === 'entity.parse.failed' ? keptParseError() : error);
    });
  }

  node(request: object): IncomingMessage {
    return nodeRequestOf(request);
  }

  url(request: object): string {
    const req = request as ExpressRequest;
    return req.originalUrl ?? req.url ?? '/';
  }

  rawBody(request: object): Buffer | undefined {
    return (request as ExpressRequest).rawBody;
  }

  params(request: object): Readonly<Record<string, unknown>> | undefined {
    return (request as ExpressRequest).params;
  }

  setHeader(response: object, name: string, value: string): void {
    (response as ServerResponse).setHeader(name, value);
  }

  getHeader(response: object, name: string): ResponseHeaderValue | undefined {
    return (response as ServerResponse).getHeader(name);
  }

  headersSent(response: object): boolean {
    return (response as ServerResponse).headersSent;
  }

  end(response: object): void {
    (response as ServerResponse).end();
  }

  send(response: object, status: number, headers: Readonly<Record<string, ResponseHeaderValue>>, body: string | Buffer): void {
    const res = response as ServerResponse;
    for (const name in headers) res.setHeader(name, headers[name] as ResponseHeaderValue);
    res.statusCode = status;
    res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    res.end(body);
  }

  /**
   * Express has no response hooks: `write`/`end` of this one response are wrapped (own properties
   * that shadow the prototype's, removed at `end`), so every byte that leaves is seen.
   */
  capture(_request: object, response: object, listener: CaptureListener): void {
    const res = response as ServerResponse;
    const chunks: Buffer[] = [];
    const write = res.write;
    const end = res.end;
    res.write = function (this: ServerResponse, chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
      // Copied: a streaming source may reuse its buffer once written.
      if (chunk !== undefined && chunk !== null) chunks.push(Buffer.from(toBuffer(chunk, encoding)));
      return write.call(this, chunk, encoding as BufferEncoding, callback);
    } as ServerResponse['write'];
    res.end = ((chunk?: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): ServerResponse => {
      // Back to the prototype's methods: one capture per response, nothing left behind.
      delete (res as Partial<ServerResponse>).write;
      delete (res as Partial<ServerResponse>).end;
      if (typeof chunk === 'function') {
        callback = chunk as WriteCallback;
        chunk = undefined;
      } else if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding));
      const release = (): void => {
        end.call(res, chunk, encoding as BufferEncoding, callback);
      };
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      let pending: Promise<void> | void;
      try {
        pending = listener({ status: res.statusCode, body, complete: true, header: (name) => res.getHeader(name) });
      } catch {
        pending = undefined;
      }
      if (pending === undefined) release();
      else pending.then(release, release);
      return res;
    }) as ServerResponse['end'];
  }
}

function toBuffer(chunk: unknown, encoding: BufferEncoding | WriteCallback | undefined): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk));
}
