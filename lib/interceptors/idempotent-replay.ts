import type { ResponseHeaderValue } from '../http/edge-http.js';

/**
 * A stored idempotent response on its way back to the client. The interceptor throws it instead
 * of returning a value, so that no serializer, `@HttpCode()` or platform touches the stored bytes:
 * the module's exception filter writes them as they are (through the HTTP seam), with this
 * request's own request id. It is not an error, and never logged.
 *
 * Apps that register `ApiEdgeExceptionFilter` themselves (`globalFilter: false`) must register it
 * globally for replays to work.
 */
export class IdempotentReplay {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, ResponseHeaderValue>>,
    readonly body: Buffer,
  ) {}
}
