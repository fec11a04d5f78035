import { ServerResponse, type IncomingMessage } from 'node:http';
import { EdgeHttp, type CaptureListener, type EdgeHttpSettings, type ResponseHeaderValue } from './edge-http.js';
import { nodeRequestOf } from './node-request.js';

/** The parts of a `FastifyRequest` the seam reads (typed here: fastify is an optional peer). */
interface FastifyRequestLike {
  readonly raw: IncomingMessage;
  readonly originalUrl?: string;
  readonly rawBody?: Buffer;
  readonly params?: Record<string, unknown>;
}

/** The parts of a `FastifyReply` the seam uses. */
interface FastifyReplyLike {
  readonly raw: ServerResponse;
  readonly sent: boolean;
  readonly statusCode: number;
  code(status: number): FastifyReplyLike;
  header(name: string, value: ResponseHeaderValue): FastifyReplyLike;
  getHeader(name: string): ResponseHeaderValue | undefined;
  send(payload?: unknown): FastifyReplyLike;
}

type HookDone = (error: Error | null, value?: unknown) => void;

/** The part of a Fastify instance the seam hooks into. */
export interface FastifyInstanceLike {
  addHook(name: 'onSend' | 'preParsing', hook: (request: FastifyRequestLike, reply: FastifyReplyLike, payload: unknown, done: HookDone) => void): unknown;
}

// The capture listener of a request, on its Node request (set by capture(), read by the onSend hook).
const CAPTURE = Symbol('nest-api-edge.capture');
type Capturing = IncomingMessage & { [CAPTURE]?: CaptureListener };

/**
 * The seam on `@nestjs/platform-fastify` (Fastify 5): headers through `reply.header`, whole
 * responses through `reply.send` (so Fastify's own hooks and framing apply), and response capture
 * through one `onSend` hook, which sees the serialized payload, the status and the final headers.
 * Nest middleware receives the Node objects on Fastify; those are handled as Node's.
 */
export class FastifyEdgeHttp extends EdgeHttp {
  readonly platform = 'fastify';

  /** Whether the `onSend` hook is registered: only an app that captures responses (idempotency) pays for it. */
  private readonly captures: boolean;

  /**
   * @param instance the Fastify instance (`httpAdapter.getInstance()`), hooked once before it is ready.
   * @param settings `capture: false` leaves out the `onSend` hook of {@link capture} (default true).
   */
  constructor(instance: FastifyInstanceLike, settings: EdgeHttpSettings = { capture: true }) {
    super();
    this.captures = settings.capture;
    // Fastify parses a body whatever its Content-Encoding or JSON charset says; Express's body
    // parser refuses what it cannot decode. Refused the same way here (415, in the envelope), so an
    // API answers alike on both platforms and never reads bytes it does not understand.
    instance.addHook('preParsing', (request, _reply, payload, done) => {
      done(unreadableBody(request.raw.headers), payload);
    });
    if (!this.captures) return;
    // A callback hook, not an async one: a response nobody captures passes with one symbol read.
    instance.addHook('onSend', (request, reply, payload, done) => {
      const node = request.raw as Capturing;
      const listener = node[CAPTURE];
      if (listener === undefined) {
        done(null, payload);
        return;
      }
      node[CAPTURE] = undefined;
      const body = payloadBytes(payload);
      let pending: Promise<void> | void;
      try {
        pending = listener({
          status: reply.statusCode,
          body: body ?? Buffer.alloc(0),
          complete: body !== undefined,
          header: (name) => reply.getHeader(name),
        });
      } catch {
        pending = undefined;
      }
      if (pending === undefined) done(null, payload);
      else pending.then(() => done(null, payload), () => done(null, payload));
    });
  }

  node(request: object): IncomingMessage {
    return nodeRequestOf(request);
  }

  url(request: object): string {
    const req = request as Partial<FastifyRequestLike> & { url?: string };
    return req.originalUrl ?? nodeRequestOf(request).url ?? '/';
  }

  rawBody(request: object): Buffer | undefined {
    return (request as Partial<FastifyRequestLike>).rawBody;
  }

  params(request: object): Readonly<Record<string, unknown>> | undefined {
    return (request as Partial<FastifyRequestLike>).params;
  }

  setHeader(response: object, name: string, value: string): void {
    if (response instanceof ServerResponse) response.setHeader(name, value);
    else (response as FastifyReplyLike).header(name, value);
  }

  getHeader(response: object, name: string): ResponseHeaderValue | undefined {
    if (response instanceof ServerResponse) return response.getHeader(name);
    return (response as FastifyReplyLike).getHeader(name);
  }

  headersSent(response: object): boolean {
    if (response instanceof ServerResponse) return response.headersSent;
    const reply = response as FastifyReplyLike;
    return reply.sent || reply.raw.headersSent;
  }

  end(response: object): void {
    if (response instanceof ServerResponse) response.end();
    else (response as FastifyReplyLike).raw.end();
  }

  send(response: object, status: number, headers: Readonly<Record<string, ResponseHeaderValue>>, body: string | Buffer): void {
    if (response instanceof ServerResponse) {
      for (const name in headers) response.setHeader(name, headers[name] as ResponseHeaderValue);
      response.statusCode = status;
      response.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.length);
      response.end(body);
      return;
    }
    const reply = response as FastifyReplyLike;
    reply.code(status);
    for (const name in headers) reply.header(name, headers[name] as ResponseHeaderValue);
    // Bytes, not a string: Fastify appends "; charset=utf-8" to a string's content type, and the
    // envelope's type (application/problem+json) must leave as given.
    reply.send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }

  capture(request: object, _response: object, listener: CaptureListener): void {
    if (!this.captures) {
      throw new Error('Cannot capture this response because the Fastify seam was created without its onSend hook. Fix: configure the idempotency section (the module then creates the seam with capture on).');
    }
    (nodeRequestOf(request) as Capturing)[CAPTURE] = listener;
  }
}

/** An http-errors-shaped refusal (as body-parser raises), mapped by the filter like Express's. */
function unreadableBody(headers: IncomingMessage['headers']): Error | null {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return bodyError(`Cannot decode a body with Content-Encoding "${encoding}".`, 'encoding.unsupported');
  }
  const type = headers['content-type'];
  if (type === undefined) return null;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && /^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return bodyError(`Cannot read JSON in charset "${charset}".`, 'charset.unsupported');
  }
  return null;
}

function bodyError(message: string, type: string): Error {
  return Object.assign(new Error(message), { status: 415, statusCode: 415, expose: true, type });
}

// What Fastify sends after serialization: a string or bytes (a stream cannot be copied here).
function payloadBytes(payload: unknown): Buffer | undefined {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return undefined;
}
