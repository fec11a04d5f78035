import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { edgeState } from '../context/edge-request-state.js';
import { runWithEdgeState } from '../context/request-context.js';
import { ensureRequestId } from '../context/request-id.js';
import { EdgeHttp } from '../http/edge-http.js';

/**
 * Accepts a well-formed incoming request id or makes one and echoes it on the response; with
 * `requestId.asyncContext`, runs the rest of the request inside the edge state's async context (so
 * `currentRequestId()` works in services and loggers). Applied to every route by `ApiEdgeModule`.
 */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  constructor(
    @Inject(ApiEdgeOptions) private readonly options: ApiEdgeOptions,
    @Inject(EdgeHttp) private readonly http: EdgeHttp,
  ) {}

  use(request: object, response: object, next: (error?: unknown) => void): void {
    ensureRequestId(this.http, request, response, this.options.requestId);
    if (this.options.requestId.asyncContext) runWithEdgeState(edgeState(request), next);
    else next();
  }
}
